import type { Child } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { gql, timed } from '../lib/http.js';
import { NODES, VIDEO_TASK } from '../lib/queries.js';
import { redisEnv } from '../lib/redis.js';
import { row, verdict, type Row, type ScenarioResult } from '../lib/report.js';
import { median, summarize } from '../lib/stats.js';
import type { SeededTask } from '../servers/changes.js';

/**
 * Scenario 4, batched reads. `nodes(ids)` with 100 task ids: its latency, and the Redis round trips
 * it costs, counted by a TCP relay between one gateway and Redis (a round trip = the client speaks
 * again after Redis answered). Latency is read from a second gateway on the same Redis prefix
 * connected directly, so the relay adds nothing to it. Baseline: the same 100 ids read the
 * unbatched way, as 100 sequential `videoTask(id)` requests.
 */
export async function batchedReads(ctx: BenchContext): Promise<ScenarioResult> {
  const { ids: idCount, latencyReps, roundTripReps, separateReps } = ctx.params.batched;
  const pending: string[] = [];
  const prefix = ctx.prefix('batched');
  const common = { PORT: '0', HOST: '127.0.0.1', POLL_INTERVAL_MS: '3600000', POLL_MAX_INTERVAL_MS: '3600000', SANDBOX_RENDER_MS: '3600000' };

  let counted: Child | undefined;
  let relay: Child | undefined;
  const direct = ctx.start('gateway-batched', 'bench/servers/gateway.ts', { ...common, ...redisEnv(ctx.redis, prefix) });
  if (ctx.redis.gatewayUsesRedis) {
    const target = new URL(ctx.redis.url);
    relay = await ctx.start('redis-relay', 'bench/servers/redis-proxy.ts', { REDIS_TARGET: `redis://${target.host}` });
    const viaRelay = `redis://127.0.0.1:${relay.info.port as number}${target.pathname}`;
    counted = await ctx.start('gateway-batched-relayed', 'bench/servers/gateway.ts', { ...common, ...redisEnv(ctx.redis, prefix, viaRelay) });
  } else {
    pending.push('Redis round trips: pending without Redis; latency measured on the in-memory store');
  }
  const gateway = await direct;
  const url = gateway.info.url as string;
  const tasks = await gateway.call<SeededTask[]>('seed', { count: idCount });
  const ids = tasks.map((t) => t.globalId);

  const nodes = async (base: string) => {
    const data = await gql<{ nodes: ({ id: string } | null)[] }>(base, NODES, { ids });
    if (data.nodes.length !== idCount || data.nodes.some((n) => n === null)) throw new Error('nodes answered nulls: is the store shared?');
  };
  const one = async (base: string, i = 0) => {
    const data = await gql<{ videoTask: { id: string } | null }>(base, VIDEO_TASK, { id: ids[i % idCount] });
    if (!data.videoTask) throw new Error('videoTask answered null');
  };
  const separate = async (base: string) => {
    for (let i = 0; i < idCount; i++) await one(base, i);
  };

  // Round trips, on the relayed gateway.
  let roundTrips: { nodes: number; one: number; separate: number; commandsBytes: number } | undefined;
  if (counted && relay) {
    const cUrl = counted.info.url as string;
    for (let i = 0; i < 5; i++) {
      await nodes(cUrl);
      await one(cUrl);
    }
    const count = async (fn: () => Promise<void>, reps: number) => {
      const trips: number[] = [];
      const bytes: number[] = [];
      for (let i = 0; i < reps; i++) {
        const before = await relay!.call<{ roundTrips: number; clientBytes: number }>('stats');
        await fn();
        const after = await relay!.call<{ roundTrips: number; clientBytes: number }>('stats');
        trips.push(after.roundTrips - before.roundTrips);
        bytes.push(after.clientBytes - before.clientBytes);
      }
      // The median drops a window the poller's schedule check happened to fall into.
      return { trips: median(trips), bytes: median(bytes) };
    };
    const n = await count(() => nodes(cUrl), roundTripReps);
    const o = await count(() => one(cUrl), roundTripReps);
    const sep = await count(() => separate(cUrl), 3);
    roundTrips = { nodes: n.trips, one: o.trips, separate: sep.trips, commandsBytes: n.bytes };
  }

  // Latency, on the gateway connected straight to Redis (or the in-memory one).
  ctx.log(`batched: nodes(${idCount}) x ${latencyReps}`);
  await timed(20, 1, () => nodes(url));
  await timed(5, 1, () => separate(url));
  const batched = await ctx.profiled(gateway, 'batched-nodes-gateway', () => timed(latencyReps, 1, () => nodes(url)));
  const single = await timed(latencyReps, 1, (i) => one(url, i));
  const unbatched = await timed(separateReps, 1, () => separate(url));
  const b = summarize(batched.latencies);
  const s1 = summarize(single.latencies);
  const u = summarize(unbatched.latencies);

  const s = 'batched reads';
  const rows: Row[] = [
    row({
      scenario: s,
      figure: `nodes(${idCount} ids) p50 vs ${idCount} videoTask requests`,
      unit: 'ms',
      ours: b.p50,
      baseline: u.p50,
      verdict: 'info',
      note: `one videoTask p50 ${s1.p50.toFixed(2)} ms`,
    }),
    row({ scenario: s, figure: `nodes(${idCount} ids) p99`, unit: 'ms', ours: b.p99, baseline: u.p99, verdict: 'info' }),
    row({
      scenario: s,
      figure: `Redis round trips, nodes(${idCount} ids)`,
      unit: '',
      ours: roundTrips?.nodes ?? null,
      baseline: roundTrips?.separate ?? null,
      target: '1',
      verdict: roundTrips ? verdict(roundTrips.nodes === 1) : 'pending',
      note: roundTrips ? `one videoTask: ${roundTrips.one}` : 'needs Redis',
    }),
  ];
  return {
    name: s,
    baseline: `the same ${idCount} ids as ${idCount} sequential videoTask(id) requests over the same keep-alive connection`,
    rows,
    details: { ids: idCount, nodes: b, oneVideoTask: s1, hundredRequests: u, roundTrips, store: gateway.info.store },
    pending,
  };
}
