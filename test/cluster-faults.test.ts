import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { collect, CREATE_T2V, eventually, gql, SANDBOX_KEY, WATCH, wsClient } from './support/harness.js';
import { startReplica, type Replica } from './support/replica.js';
import { testPrefix } from './support/redis.js';
import { startRedisCluster, type RedisCluster } from './support/redis-cluster.js';

/**
 * Faults of the Redis Cluster itself while tasks are live, under two gateway replicas (separate
 * processes): a master killed with SIGKILL, its replica promoted; slots resharded mid-run. Every
 * watcher must still see its task end, Kling must see each create once, and no replica may exit.
 */
const TASKS = 12;
let cluster: RedisCluster;
let sandbox: Sandbox;
const replicas: Replica[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
  // Renders long enough for the fault to land while every task is live.
  sandbox = await startSandbox({ apiKey: SANDBOX_KEY, renderMs: 6000, submittedMs: 300, concurrency: 1000 });
}, 60_000);

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await sandbox.close();
  await cluster.destroy();
});

let prefix = '';
async function twoReplicas(): Promise<[Replica, Replica]> {
  prefix = testPrefix();
  const env = {
    KLING_API_KEY: SANDBOX_KEY,
    KLING_BASE_URL: sandbox.url,
    REDIS_CLUSTER_NODES: cluster.nodesEnv,
    REDIS_PREFIX: prefix,
    POLL_INTERVAL_MS: '200',
    POLL_MAX_INTERVAL_MS: '600',
    POLL_LEASE_MS: '3000',
    POLL_SCHEDULE: 'backoff',
  };
  const started = await Promise.all([startReplica(env), startReplica(env)]);
  replicas.push(...started);
  return started as [Replica, Replica];
}

/** Creates TASKS tasks (spread over every slot range) and watches each from both replicas. */
async function liveTasks(a: Replica, b: Replica, label: string) {
  const tasks: { id: string; taskId: string }[] = [];
  for (let i = 0; i < TASKS; i++) {
    const res = await gql((i % 2 ? a : b).url, CREATE_T2V, { input: { prompt: `${label} ${i}`, externalTaskId: `${label}-${i}` } });
    expect(res.errors).toBeUndefined();
    tasks.push(res.data!.createTextToVideo as { id: string; taskId: string });
  }
  const clients = [a, b].map((r) => wsClient(r.url));
  const subscriptions = tasks.flatMap((t) => clients.map((c) => collect(c, WATCH, { id: t.id })));
  // Every watcher attached (its first state received) before the fault: one that subscribes while
  // Redis is away is refused with SERVICE_UNAVAILABLE, as documented, and that is not what is tested.
  await eventually(() => subscriptions.every((sub) => sub.results.length > 0), 15_000, 'every watcher attached');
  for (const sub of subscriptions) expect(sub.results[0]!.data).toBeTruthy();
  return { tasks, clients, watches: subscriptions.map((sub) => sub.done) };
}

async function expectAllEnded(label: string, started: number, watches: Promise<{ results: any[]; error?: unknown }>[], tasks: { taskId: string }[]) {
  const outcomes = await Promise.all(watches);
  const ended = Date.now() - started;
  for (const o of outcomes) {
    expect(o.error).toBeUndefined();
    expect(o.results.at(-1)!.data!.videoTaskUpdated.status).toBe('SUCCEEDED');
  }
  // Each create reached Kling once, however the cluster moved underneath.
  const external = sandbox.creates().map((r) => (r.body as { external_task_id?: string }).external_task_id ?? '');
  for (let i = 0; i < TASKS; i++) expect(external.filter((id) => id.endsWith(`:${label}-${i}`))).toHaveLength(1);
  expect(new Set(tasks.map((t) => t.taskId)).size).toBe(TASKS);
  for (const r of replicas) expect(r.child.exitCode).toBeNull();
  console.info(`${label}: ${TASKS} tasks x 2 watchers, every watcher got SUCCEEDED ${ended} ms after the fault; ${TASKS} upstream creates`);
}

describe('a Redis Cluster under faults, with live tasks', () => {
  it('a master killed with SIGKILL, its replica promoted: no lost terminal event, no duplicate create, no exit', async () => {
    const [a, b] = await twoReplicas();
    const { tasks, clients, watches } = await liveTasks(a, b, 'failover');
    // The master holding the poll schedule: every replica's polling stops until its replica takes over.
    const victim = await cluster.ownerOf(`${prefix}{schedule}:due`);
    const killedAt = Date.now();
    await cluster.kill(victim!);
    await cluster.healthy(30_000);
    console.info(`failover: cluster healthy again ${Date.now() - killedAt} ms after SIGKILL of a master`);
    await expectAllEnded('failover', killedAt, watches, tasks);
    // The gateway serves again: a create after the failover goes through.
    const after = await gql(a.url, CREATE_T2V, { input: { prompt: 'after failover' } });
    expect(after.errors).toBeUndefined();
    await Promise.all(clients.map((c) => c.dispose()));
  }, 90_000);

  it('slots resharded mid-run: no lost terminal event, no duplicate create, no exit', async () => {
    const [a, b] = await twoReplicas();
    const { tasks, clients, watches } = await liveTasks(a, b, 'reshard');
    // Every slot of the master holding the poll schedule moves, keys and all, while polls, writes
    // and shard channels are in use.
    const from = await cluster.ownerOf(`${prefix}{schedule}:due`);
    const to = (await cluster.masters()).find((port) => port !== from)!;
    const started = Date.now();
    await cluster.reshard(from, to, 16384);
    expect(await cluster.ownerOf(`${prefix}{schedule}:due`)).toBe(to);
    console.info(`reshard: every slot of one master moved in ${Date.now() - started} ms`);
    await expectAllEnded('reshard', started, watches, tasks);
    await Promise.all(clients.map((c) => c.dispose()));
  }, 120_000);
});
