import type { Child } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { WATCH, type WatchPayload } from '../lib/queries.js';
import { redisEnv } from '../lib/redis.js';
import { row, verdict, type ScenarioResult } from '../lib/report.js';
import { decodeStamp } from '../lib/stamp.js';
import { stallWatch, type Stalls } from '../lib/stalls.js';
import { sleep, summarize, type Summary } from '../lib/stats.js';
import { closeAll, connectMany, subscribeAll, type Subscriber } from '../lib/ws-subscriber.js';
import type { SeededTask } from '../servers/changes.js';

/**
 * Scenario 1, subscription fan-out. N graphql-ws connections with one `videoTaskUpdated` each:
 * spread over 100 tasks for a steady 200 changes/s, then all moved onto one task for a burst (one
 * change to all N) and a flood (back-to-back changes to all N, for throughput). The server process
 * stamps each change right before its store write; clients, in the driver process, subtract it from
 * their receipt time on the same monotonic clock. Run against the gateway and against a bare
 * ws + graphql-ws server, one after the other, with the same clients and payload.
 */

interface PhaseFigures {
  latencyMs: Summary;
  expected: number;
  delivered: number;
  duplicates: number;
  outOfOrder: number;
  missing: number;
  errors: number;
  /** From the first stamp to the last receipt. */
  spanMs: number;
  /** Deliveries per second over that span. */
  throughput: number;
  /** Server CPU (user + system) over the phase, per delivered event, µs. */
  serverCpuUsPerDelivery?: number;
  /** Load-generator CPU over the phase, per delivered event, µs. */
  clientCpuUsPerDelivery?: number;
}

interface TargetFigures {
  server: string;
  store?: string;
  connections: number;
  connectMs: number;
  rss: {
    beforeMB: number;
    middleMB: number;
    afterMB: number;
    perConnectionKB: number;
    marginalPerConnectionKB: number;
    heapPerConnectionKB: number;
  };
  /** With what held deliveries up on either side: the server's and the load generator's stalls. */
  steady: PhaseFigures & { publisherMaxLagMs: number; serverStalls: Stalls | null; driverStalls: Stalls };
  burst: PhaseFigures;
  flood: PhaseFigures;
  listenersAfterClose: number;
}

const versionOf = (payload: unknown): number => {
  const message = (payload as WatchPayload).data?.videoTaskUpdated?.statusMessage;
  const stamp = decodeStamp(message);
  if (!stamp) throw new Error(`payload without a bench stamp: ${JSON.stringify(payload).slice(0, 200)}`);
  return stamp.version;
};

/** Waits until the clients hold `expected` frames in all (or `timeoutMs` passes). */
async function drain(subs: readonly Subscriber[], expected: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    let got = 0;
    for (const s of subs) got += s.recordedCount;
    if (got >= expected || performance.now() > deadline) return;
    await sleep(20);
  }
}

/** Checks every client saw each version after its first exactly once, in order; gathers latencies. */
function analyse(subs: readonly Subscriber[], startVersion: number[], finalOf: (i: number) => number): PhaseFigures {
  const latencies: number[] = [];
  let expected = 0;
  let delivered = 0;
  let duplicates = 0;
  let outOfOrder = 0;
  let missing = 0;
  let errors = 0;
  let firstStamp = Number.POSITIVE_INFINITY;
  let lastReceipt = 0;
  subs.forEach((sub, i) => {
    const currentId = sub.currentId;
    let last = startVersion[i]!;
    const final = finalOf(i);
    expected += final - last;
    const seen = new Set<number>();
    for (const { t, message } of sub.stopRecording()) {
      if (message.id !== currentId) continue;
      if (message.type !== 'next') {
        if (message.type === 'error') errors++;
        continue;
      }
      const stamp = decodeStamp((message.payload as WatchPayload).data?.videoTaskUpdated?.statusMessage);
      if (!stamp) {
        errors++;
        continue;
      }
      delivered++;
      if (seen.has(stamp.version)) duplicates++;
      else if (stamp.version < last) outOfOrder++;
      seen.add(stamp.version);
      if (stamp.version > last) last = stamp.version;
      latencies.push((t - stamp.stampUs) / 1000);
      firstStamp = Math.min(firstStamp, stamp.stampUs);
      lastReceipt = Math.max(lastReceipt, t);
    }
    for (let v = startVersion[i]! + 1; v <= final; v++) if (!seen.has(v)) missing++;
  });
  const spanMs = delivered ? (lastReceipt - firstStamp) / 1000 : Number.NaN;
  return {
    latencyMs: summarize(latencies),
    expected,
    delivered,
    duplicates,
    outOfOrder,
    missing,
    errors,
    spanMs,
    throughput: delivered && spanMs > 0 ? delivered / (spanMs / 1000) : Number.NaN,
  };
}

const cpuMark = (server: Child) => ({ server: server.cpuMs(), client: process.cpuUsage(), child: server });
const cpuSince = (mark: ReturnType<typeof cpuMark>) => {
  const client = process.cpuUsage(mark.client);
  return { serverMs: mark.child.cpuMs() - mark.server, clientMs: (client.user + client.system) / 1000 };
};
const withCpu = (p: PhaseFigures, used: { serverMs: number; clientMs: number }): PhaseFigures => ({
  ...p,
  serverCpuUsPerDelivery: p.delivered ? (used.serverMs * 1000) / p.delivered : Number.NaN,
  clientCpuUsPerDelivery: p.delivered ? (used.clientMs * 1000) / p.delivered : Number.NaN,
});

type Kind = 'gateway' | 'baseline' | 'floor';

/** The steady phase's stalls, for reading a p99: the gateway's loop and GC, and the load generator's loop. */
function stallNote(steady: TargetFigures['steady']): string {
  const server = steady.serverStalls;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const gateway = server ? `gateway loop delay max ${ms(server.loopDelayMaxMs)}, GC pause max ${ms(server.gcMaxMs)}` : 'gateway stalls unknown';
  return `${gateway}; load generator loop delay max ${ms(steady.driverStalls.loopDelayMaxMs)}`;
}

async function runTarget(ctx: BenchContext, kind: Kind, connections: number): Promise<TargetFigures> {
  const { tasks: taskCount, steadyRate, steadyMs, floodCount } = ctx.params.fanOut;
  let server: Child;
  if (kind === 'gateway') {
    server = await ctx.start('gateway-fanout', 'bench/servers/gateway.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      // Only the bench writes: the poller must not touch the seeded tasks.
      POLL_INTERVAL_MS: '3600000',
      POLL_MAX_INTERVAL_MS: '3600000',
      SANDBOX_RENDER_MS: '3600000',
      ...redisEnv(ctx.redis, ctx.prefix('fanout')),
    });
  } else if (kind === 'baseline') {
    server = await ctx.start('baseline-fanout', 'bench/servers/baseline-ws.ts', { PORT: '0', HOST: '127.0.0.1' });
  } else {
    server = await ctx.start('floor-fanout', 'bench/servers/floor-ws.ts', { PORT: '0', HOST: '127.0.0.1' });
  }
  const url = server.info.url as string;
  const tasks = await server.call<SeededTask[]>('seed', { count: taskCount });
  const ids = tasks.map((t) => t.id);

  // Warm-up: a few clients and changes, so neither side is measured while its JIT is cold.
  const warm = await connectMany(url, 20);
  await subscribeAll(warm, WATCH, (i) => ({ id: tasks[i % tasks.length]!.globalId }));
  await server.call('flood', { id: ids[0], count: 20 });
  await sleep(100);
  closeAll(warm);

  const measure = async () => {
    await sleep(200);
    const { heapUsed } = await server.call<{ heapUsed: number }>('memory');
    return { rss: server.rss(), heap: heapUsed };
  };
  const before = await measure();

  // In two halves: the second half's growth is the marginal cost of a connection, free of one-off
  // growth (V8's young generation sizing up, first socket buffers) that the first half absorbs.
  ctx.log(`fan-out/${kind}: connecting ${connections}`);
  const t0 = performance.now();
  const half = Math.floor(connections / 2);
  const subs = await connectMany(url, half);
  await subscribeAll(subs, WATCH, (i) => ({ id: tasks[i % taskCount]!.globalId }));
  const connectHalfMs = performance.now() - t0;
  const middle = await measure();
  const t1 = performance.now();
  const rest = await connectMany(url, connections - half);
  await subscribeAll(rest, WATCH, (i) => ({ id: tasks[(half + i) % taskCount]!.globalId }));
  subs.push(...rest);
  const connectMs = connectHalfMs + performance.now() - t1;
  const after = await measure();

  // Steady: spread over the tasks.
  ctx.log(`fan-out/${kind}: steady ${steadyRate}/s for ${steadyMs} ms`);
  let start = subs.map((s) => versionOf(s.first));
  for (const s of subs) s.startRecording();
  let cpu = cpuMark(server);
  await server.call('stallsStart');
  const driverWatch = stallWatch();
  const steadyRun = await ctx.profiled(server, `fanout-steady-${kind}`, () =>
    server.call<{ final: Record<string, number>; maxLagMs: number }>('steady', { ids, ratePerSec: steadyRate, durationMs: steadyMs }),
  );
  const steadyFinal = (i: number) => steadyRun.final[ids[i % taskCount]!]!;
  let expected = subs.reduce((n, _s, i) => n + steadyFinal(i) - start[i]!, 0);
  await drain(subs, expected, 10_000);
  let used = cpuSince(cpu);
  const driverStalls = driverWatch.stop();
  const serverStalls = await server.call<Stalls | null>('stallsStop');
  const steady = { ...withCpu(analyse(subs, start, steadyFinal), used), publisherMaxLagMs: steadyRun.maxLagMs, serverStalls, driverStalls };

  // Burst and flood: everyone on one task.
  const one = tasks[0]!;
  await subscribeAll(subs, WATCH, () => ({ id: one.globalId }));
  await sleep(200);

  ctx.log(`fan-out/${kind}: burst to ${connections}`);
  start = subs.map((s) => versionOf(s.first));
  for (const s of subs) s.startRecording();
  const burstRun = await server.call<{ final: Record<string, number> }>('flood', { id: one.id, count: 1 });
  expected = subs.reduce((n, _s, i) => n + burstRun.final[one.id]! - start[i]!, 0);
  await drain(subs, expected, 10_000);
  const burst = analyse(subs, start, () => burstRun.final[one.id]!);
  await sleep(200);

  ctx.log(`fan-out/${kind}: flood of ${floodCount} changes to ${connections}`);
  start = subs.map(() => burstRun.final[one.id]!);
  for (const s of subs) s.startRecording();
  cpu = cpuMark(server);
  const floodRun = await ctx.profiled(server, `fanout-flood-${kind}`, async () => {
    const run = await server.call<{ final: Record<string, number> }>('flood', { id: one.id, count: floodCount });
    await drain(subs, subs.length * (run.final[one.id]! - burstRun.final[one.id]!), 20_000);
    return run;
  });
  used = cpuSince(cpu);
  const flood = withCpu(analyse(subs, start, () => floodRun.final[one.id]!), used);

  closeAll(subs);
  await sleep(500);
  const listenersAfterClose = await server.call<number>('listeners');
  await server.stop();

  return {
    server: kind,
    store: server.info.store as string | undefined,
    connections,
    connectMs,
    rss: {
      beforeMB: before.rss / 2 ** 20,
      middleMB: middle.rss / 2 ** 20,
      afterMB: after.rss / 2 ** 20,
      perConnectionKB: (after.rss - before.rss) / 1024 / connections,
      marginalPerConnectionKB: (after.rss - middle.rss) / 1024 / (connections - half),
      heapPerConnectionKB: (after.heap - before.heap) / 1024 / connections,
    },
    steady,
    burst,
    flood,
    listenersAfterClose,
  };
}

const violations = (p: PhaseFigures) => p.duplicates + p.outOfOrder + p.missing + p.errors;

export async function fanOut(ctx: BenchContext, maxConnections: number): Promise<ScenarioResult> {
  const wanted = ctx.params.fanOut.connections;
  const connections = Math.min(wanted, maxConnections);
  const pending: string[] = [];
  if (connections < wanted) pending.push(`ran ${connections} connections, not ${wanted}: open-file limit`);
  if (!ctx.redis.gatewayUsesRedis) pending.push('gateway ran with the in-memory store and events (Redis did not answer, or --store=memory)');

  const ours = await runTarget(ctx, 'gateway', connections);
  await ctx.stopAll();
  const base = await runTarget(ctx, 'baseline', connections);
  await ctx.stopAll();
  const floor = await runTarget(ctx, 'floor', connections);
  await ctx.stopAll();

  const s = 'fan-out';
  const n = `${connections} conns`;
  const oursAll = violations(ours.steady) + violations(ours.burst) + violations(ours.flood);
  const baseAll = violations(base.steady) + violations(base.burst) + violations(base.flood);
  const floorAll = violations(floor.steady) + violations(floor.burst) + violations(floor.flood);
  const rows = [
    row({ scenario: s, figure: `steady p50, ${n} / 100 tasks`, unit: 'ms', ours: ours.steady.latencyMs.p50, baseline: base.steady.latencyMs.p50, floor: floor.steady.latencyMs.p50, verdict: 'info' }),
    row({
      scenario: s,
      figure: `steady p99, ${ctx.params.fanOut.steadyRate} changes/s`,
      unit: 'ms',
      ours: ours.steady.latencyMs.p99,
      baseline: base.steady.latencyMs.p99,
      floor: floor.steady.latencyMs.p99,
      target: '<= 100 ms',
      verdict: verdict(ours.steady.latencyMs.p99 <= 100),
      note: stallNote(ours.steady),
    }),
    row({
      scenario: s,
      figure: `burst: 1 change to ${connections}, drained`,
      unit: 'ms',
      ours: ours.burst.latencyMs.max,
      baseline: base.burst.latencyMs.max,
      floor: floor.burst.latencyMs.max,
      target: '<= 0.5 x baseline',
      verdict: verdict(ours.burst.latencyMs.max <= 0.5 * base.burst.latencyMs.max && ours.burst.delivered === connections),
    }),
    row({ scenario: s, figure: 'burst p50', unit: 'ms', ours: ours.burst.latencyMs.p50, baseline: base.burst.latencyMs.p50, floor: floor.burst.latencyMs.p50, verdict: 'info' }),
    row({
      scenario: s,
      figure: `flood throughput (${ctx.params.fanOut.floodCount} changes x ${connections})`,
      unit: 'msg/s',
      ours: ours.flood.throughput,
      baseline: base.flood.throughput,
      floor: floor.flood.throughput,
      target: '>= 0.5 x floor',
      verdict: verdict(ours.flood.throughput / floor.flood.throughput >= 0.5),
    }),
    row({
      scenario: s,
      figure: 'flood: server CPU per delivery',
      unit: 'us',
      ours: ours.flood.serverCpuUsPerDelivery,
      baseline: base.flood.serverCpuUsPerDelivery,
      floor: floor.flood.serverCpuUsPerDelivery,
      target: '<= 2 x floor',
      verdict: verdict((ours.flood.serverCpuUsPerDelivery ?? Number.NaN) <= 2 * (floor.flood.serverCpuUsPerDelivery ?? Number.NaN)),
      note: `load generator: ${ours.flood.clientCpuUsPerDelivery?.toFixed(1)} us per delivery`,
    }),
    row({
      scenario: s,
      figure: 'lost + duplicate + out-of-order events',
      unit: '',
      ours: oursAll,
      baseline: baseAll,
      floor: floorAll,
      ratio: null,
      target: '0 (exactly once, in order)',
      verdict: verdict(oursAll === 0),
      note: `${ours.steady.delivered + ours.burst.delivered + ours.flood.delivered} delivered; listeners left after the clients closed: ${ours.listenersAfterClose}`,
    }),
    row({
      scenario: s,
      figure: 'server RSS growth per connection',
      unit: 'KB',
      ours: ours.rss.perConnectionKB,
      baseline: base.rss.perConnectionKB,
      floor: floor.rss.perConnectionKB,
      target: '<= 20 KB',
      // At the quick run's 500 connections this is mostly V8 and allocator noise (tens of KB
      // either way); the target is read from the full run.
      verdict: ctx.quick ? 'info' : verdict(ours.rss.perConnectionKB <= 20),
      note: `heap ${ours.rss.heapPerConnectionKB.toFixed(1)} KB per connection${ctx.quick ? '; judged on the full run only' : ''}`,
    }),
    row({
      scenario: s,
      figure: 'server RSS per connection, marginal (2nd half)',
      unit: 'KB',
      ours: ours.rss.marginalPerConnectionKB,
      baseline: base.rss.marginalPerConnectionKB,
      floor: floor.rss.marginalPerConnectionKB,
      verdict: 'info',
    }),
  ];
  return {
    name: s,
    baseline:
      'bare ws + graphql-ws useServer over a graphql-js schema of the same shape, Map store, listener sets (bench/servers/baseline-ws.ts); ' +
      'floor: bare ws writing each change as one pre-serialised next frame per socket (bench/servers/floor-ws.ts)',
    rows,
    details: { connections, tasks: ctx.params.fanOut.tasks, gateway: ours, baseline: base, floor },
    pending,
  };
}
