import pino from 'pino';
import { freePort } from '../../test/support/free-port.js';
import { createRedisSchedule } from '../../src/poller/redis-schedule.js';
import { connectRedis, createRedisConnection, type RedisClient, type RedisTarget } from '../../src/redis/connection.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { startRedisServer } from '../../test/support/redis.js';
import { startRedisCluster } from '../../test/support/redis-cluster.js';
import type { BenchContext } from '../lib/context.js';
import { row, type Row, type ScenarioResult } from '../lib/report.js';

/**
 * Scenario: the poll schedule at scale, on a private single Redis node and on a private Redis
 * Cluster (three masters, one replica each), so no other load shows in Redis's own CPU figures.
 * `live` tasks sit in the schedule (and the live set), all due: the worst case, every claim finds
 * a full batch. Each simulated replica runs the poller's Redis work without the upstream GET: claim
 * a batch of 32 due tasks with their lease (one script), then reschedule each (the write after a
 * poll). Figures:
 * - claims per second per replica, with 1 and 2 replicas (each its own connection);
 * - Redis CPU per claimed poll: `used_cpu_user + used_cpu_sys` of the Redis processes (on the
 *   cluster, every master), and the commands' own time from INFO commandstats;
 * - a full reconcile pass over the live set (SSCAN pages of 1000, ZADD NX each): duration;
 * - memory per live task in the schedule + live set, and per stored record.
 * Baseline: the same at 1,000 live tasks, to show what the size costs.
 */

const log = pino({ level: 'silent' });
const BATCH = 32;
const LEASE_MS = 30_000;
const INTERVAL_MS = 2_000;

interface Topology {
  name: string;
  target: RedisTarget;
  /** Connections straight to each master (CPU, commandstats, memory). */
  masters(): Promise<RedisClient[]>;
  close(): Promise<void>;
}

const parseInfo = (text: string) => Object.fromEntries(text.split('\r\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));

async function serverFigures(masters: RedisClient[]) {
  let cpu = 0;
  let usec = 0;
  let memory = 0;
  for (const m of masters) {
    const info = parseInfo((await m.info('all')) as string);
    cpu += Number(info.used_cpu_user) + Number(info.used_cpu_sys);
    memory += Number(info.used_memory);
    for (const [k, v] of Object.entries(info)) if (k.startsWith('cmdstat_')) usec += Number(/usec=(\d+)/.exec(v)?.[1] ?? 0);
  }
  return { cpuMs: cpu * 1000, commandMs: usec / 1000, memory };
}

async function fill(redis: RedisClient, prefix: string, live: number): Promise<void> {
  const now = Date.now();
  for (let from = 0; from < live; from += 1000) {
    const ids = Array.from({ length: Math.min(1000, live - from) }, (_, i) => `t${from + i}`);
    await Promise.all([
      redis.zadd(`${prefix}{schedule}:due`, ...ids.flatMap((id, i) => [now - 60_000 + i, id])),
      redis.hset(`${prefix}{schedule}:intervals`, ...ids.flatMap((id) => [id, INTERVAL_MS])),
      redis.sadd(`${prefix}live`, ...ids),
    ]);
  }
}

/** `replicas` claim loops for `ms`: claims per replica per second. */
async function claimRate(where: RedisTarget, prefix: string, replicas: number, ms: number): Promise<{ perReplica: number; total: number }> {
  const connections = await Promise.all(
    Array.from({ length: replicas }, async (_, i) => {
      const c = createRedisConnection(where, `bench-${i}`, log);
      await connectRedis(c);
      return c;
    }),
  );
  const end = Date.now() + ms;
  const counts = await Promise.all(
    connections.map(async (redis) => {
      const schedule = createRedisSchedule({ redis, prefix });
      let claimed = 0;
      while (Date.now() < end) {
        const now = Date.now();
        const due = await schedule.claimDue(now, BATCH, LEASE_MS);
        // Past the lease: the next claims find other tasks due, as a real pass over the schedule.
        await Promise.all(due.map((t) => schedule.schedule(t.id, now - 1, t.intervalMs)));
        claimed += due.length;
      }
      return claimed;
    }),
  );
  for (const c of connections) c.disconnect();
  const total = counts.reduce((a, b) => a + b, 0);
  return { perReplica: total / replicas / (ms / 1000), total };
}

async function reconcilePass(where: RedisTarget, prefix: string): Promise<number> {
  const redis = createRedisConnection(where, 'bench-reconcile', log);
  await connectRedis(redis);
  const store = createRedisStore({ redis, prefix });
  const schedule = createRedisSchedule({ redis, prefix });
  const started = performance.now();
  let cursor = '0';
  do {
    const page = await store.scanLiveTaskIds(cursor, 1000);
    await Promise.all(page.ids.map((id) => schedule.schedule(id, Date.now(), INTERVAL_MS, true)));
    cursor = page.cursor;
  } while (cursor !== '0');
  const ms = performance.now() - started;
  redis.disconnect();
  return ms;
}

async function recordBytes(where: RedisTarget, prefix: string, masters: RedisClient[]): Promise<number> {
  const redis = createRedisConnection(where, 'bench-records', log);
  await connectRedis(redis);
  const store = createRedisStore({ redis, prefix });
  const before = (await serverFigures(masters)).memory;
  const n = 2000;
  const at = Date.now();
  for (let i = 0; i < n; i += 200) {
    await Promise.all(
      Array.from({ length: 200 }, (_, j) =>
        store.insert({
          id: `${prefix}r${i + j}`,
          tenant: `tenant${(i + j) % 20}`,
          taskId: String(800000000000000000n + BigInt(i + j)),
          capability: 'TEXT_TO_VIDEO',
          model: 'kling-v3',
          request: { prompt: 'a fox running through snow at dusk, cinematic, 35mm', duration: 5, mode: 'std' },
          status: 'PROCESSING',
          statusMessage: null,
          externalTaskId: null,
          videos: [],
          createdAt: at,
          updatedAt: at,
          submittedAt: at,
          startedAt: at,
          finishedAt: null,
          estimate: null,
          user: null,
          version: 1,
        } as never),
      ),
    );
  }
  redis.disconnect();
  return ((await serverFigures(masters)).memory - before) / n;
}

async function measure(ctx: BenchContext, topology: Topology, live: number, ms: number) {
  const prefix = `bench:${live}:`;
  const masters = await topology.masters();
  const fillClient = createRedisConnection(topology.target, 'bench-fill', log);
  await connectRedis(fillClient);
  const memBefore = (await serverFigures(masters)).memory;
  await fill(fillClient, prefix, live);
  const memPerTask = ((await serverFigures(masters)).memory - memBefore) / live;
  fillClient.disconnect();
  const out: Record<string, number> = { live, memPerTask };
  for (const replicas of [1, 2]) {
    const before = await serverFigures(masters);
    const rate = await claimRate(topology.target, prefix, replicas, ms);
    const after = await serverFigures(masters);
    out[`claimsPerReplica${replicas}`] = rate.perReplica;
    out[`cpuUsPerPoll${replicas}`] = ((after.cpuMs - before.cpuMs) * 1000) / rate.total;
    out[`commandUsPerPoll${replicas}`] = ((after.commandMs - before.commandMs) * 1000) / rate.total;
  }
  out.reconcileMs = await reconcilePass(topology.target, prefix);
  ctx.log(`  ${topology.name}, ${live} live: ${JSON.stringify(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Math.round(v * 10) / 10])))}`);
  return out;
}

async function singleNode(): Promise<Topology> {
  const server = await startRedisServer(await freePort());
  const direct = createRedisConnection(server.url, 'bench-info', log);
  await connectRedis(direct);
  return {
    name: 'one node',
    target: { url: server.url },
    masters: async () => [direct],
    async close() {
      direct.disconnect();
      await server.destroy();
    },
  };
}

async function cluster(): Promise<Topology> {
  const c = await startRedisCluster();
  const direct: RedisClient[] = [];
  return {
    name: 'cluster (3 masters)',
    target: { clusterNodes: c.nodes },
    async masters() {
      if (direct.length === 0) {
        for (const port of await c.masters()) {
          const m = createRedisConnection(`redis://127.0.0.1:${port}`, 'bench-info', log);
          await connectRedis(m);
          direct.push(m);
        }
      }
      return direct;
    },
    async close() {
      for (const m of direct) m.disconnect();
      await c.destroy();
    },
  };
}

export async function scheduleScale(ctx: BenchContext): Promise<ScenarioResult> {
  const live = ctx.quick ? 20_000 : 100_000;
  const small = 1_000;
  const ms = ctx.quick ? 2_000 : 5_000;
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  for (const make of [singleNode, cluster]) {
    const topology = await make();
    try {
      const big = await measure(ctx, topology, live, ms);
      const base = await measure(ctx, topology, small, ms);
      const bytes = await recordBytes(topology.target, 'bench:records:', await topology.masters());
      details[topology.name] = { big, base, recordBytes: bytes };
      const scenario = `schedule, ${topology.name}`;
      const note = `${live} live vs ${small} live`;
      rows.push(
        row({ scenario, figure: 'claimed polls/s per replica, 1 replica', unit: '/s', ours: big.claimsPerReplica1, baseline: base.claimsPerReplica1, verdict: 'info', note }),
        row({ scenario, figure: 'claimed polls/s per replica, 2 replicas', unit: '/s', ours: big.claimsPerReplica2, baseline: base.claimsPerReplica2, verdict: 'info', note }),
        row({ scenario, figure: 'Redis CPU per claimed poll (process, 2 replicas)', unit: 'µs', ours: big.cpuUsPerPoll2, baseline: base.cpuUsPerPoll2, verdict: 'info', note }),
        row({ scenario, figure: 'Redis command time per claimed poll (commandstats, 2 replicas)', unit: 'µs', ours: big.commandUsPerPoll2, baseline: base.commandUsPerPoll2, verdict: 'info', note }),
        row({ scenario, figure: 'reconcile pass over the live set', unit: 'ms', ours: big.reconcileMs, baseline: base.reconcileMs, verdict: 'info', note }),
        row({ scenario, figure: 'Redis memory per live task (schedule + live set)', unit: 'B', ours: big.memPerTask, baseline: base.memPerTask, verdict: 'info', note }),
        row({ scenario, figure: 'Redis memory per stored task record (with indexes)', unit: 'B', ours: bytes, baseline: null, verdict: 'info' }),
      );
    } finally {
      await topology.close();
    }
  }
  return {
    name: 'schedule at scale',
    baseline: `the same Redis work at ${small} live tasks; private redis-server processes (one node; a cluster of 3 masters + 3 replicas)`,
    rows,
    details,
  };
}
