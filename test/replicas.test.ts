import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { collect, CREATE_T2V, eventually, gql, SANDBOX_KEY, WATCH, wsClient } from './support/harness.js';
import { startReplica, type Replica } from './support/replica.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';
import { dropClusterPrefix, startRedisCluster, type RedisCluster } from './support/redis-cluster.js';

/**
 * Gateway replicas as separate processes sharing one Redis, in front of one sandbox upstream: they
 * must behave as one gateway, on a single Redis node and on a Redis Cluster (three masters with a
 * replica each, sharded pub/sub) alike.
 */
const LEASE_MS = 1500;
let sandbox: Sandbox;
let prefix: string;
let env: Record<string, string>;
const replicas: Replica[] = [];
let a: Replica;
let b: Replica;

async function replica(): Promise<Replica> {
  const started = await startReplica(env);
  replicas.push(started);
  return started;
}

async function create(url: string, prompt: string, externalTaskId?: string) {
  const res = await gql(url, CREATE_T2V, { input: { prompt, externalTaskId } });
  expect(res.errors).toBeUndefined();
  return res.data!.createTextToVideo as { id: string; taskId: string };
}

const statusOn = async (url: string, id: string) =>
  (await gql(url, `query($id: ID!) { videoTask(id: $id) { status } }`, { id })).data?.videoTask?.status as string | undefined;

let cluster: RedisCluster | undefined;
const topologies = [
  ['one Redis node', async () => ({ REDIS_URL }), (p: string) => dropPrefix(p)],
  [
    'a Redis Cluster',
    async () => {
      cluster = await startRedisCluster();
      return { REDIS_CLUSTER_NODES: cluster.nodesEnv };
    },
    async (p: string) => {
      await dropClusterPrefix(p, cluster!.nodes);
      await cluster!.destroy();
    },
  ],
] as const;

describe.each(topologies)('replicas sharing %s', (_name, redisEnv, drop) => {
  beforeAll(async () => {
    replicas.length = 0;
    sandbox = await startSandbox({ apiKey: SANDBOX_KEY, renderMs: 1500, submittedMs: 300, concurrency: 1000 });
    prefix = testPrefix();
    env = {
      KLING_API_KEY: SANDBOX_KEY,
      KLING_BASE_URL: sandbox.url,
      ...(await redisEnv()),
      REDIS_PREFIX: prefix,
      POLL_INTERVAL_MS: '100',
      POLL_MAX_INTERVAL_MS: '400',
      POLL_LEASE_MS: String(LEASE_MS),
    };
    [a, b] = await Promise.all([replica(), replica()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await sandbox.close();
    await drop(prefix);
  });

  it('a task created on A is read and watched to the end on B', async () => {
    const task = await create(a.url, 'across replicas');
    expect(await statusOn(b.url, task.id)).toBe('SUBMITTED');
    const client = wsClient(b.url);
    const { results, error } = await collect(client, WATCH, { id: task.id }).done;
    await client.dispose();
    expect(error).toBeUndefined();
    const statuses = results.map((r) => r.data!.videoTaskUpdated.status);
    // The first state is whatever it is when B attaches (a busy machine may be past SUBMITTED).
    const rank = ['SUBMITTED', 'PROCESSING', 'SUCCEEDED'];
    const ranks = statuses.map((s) => rank.indexOf(s));
    expect(ranks.every((r, i) => r >= 0 && (i === 0 || r > ranks[i - 1]!))).toBe(true);
    expect(statuses.at(-1)).toBe('SUCCEEDED');
  });

  it('twenty watchers spread over both replicas cost what one watcher costs upstream', async () => {
    const alone = await create(a.url, 'one watcher');
    const crowd = await create(a.url, 'twenty watchers');
    const clients = [a, b].map((r) => wsClient(r.url));
    const watches = [
      collect(clients[0]!, WATCH, { id: alone.id }).done,
      ...Array.from({ length: 20 }, (_, i) => collect(clients[i % 2]!, WATCH, { id: crowd.id }).done),
    ];
    const outcomes = await Promise.all(watches);
    for (const o of outcomes) expect(o.results.at(-1)!.data!.videoTaskUpdated.status).toBe('SUCCEEDED');
    await Promise.all(clients.map((c) => c.dispose()));
    const one = sandbox.getsFor(alone.taskId).length;
    const twenty = sandbox.getsFor(crowd.taskId).length;
    console.info(`upstream GETs over a task's life: 1 watcher ${one}, 20 watchers on 2 replicas ${twenty}`);
    expect(one).toBeGreaterThan(0);
    // One poll stream either way; a poll per watcher would be 20 times as many.
    expect(twenty).toBeLessThanOrEqual(one + 2);
  });

  it('concurrent creates with one externalTaskId on both replicas make one upstream task', async () => {
    const key = `idem-${prefix}`;
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => create(i % 2 ? a.url : b.url, 'once', key)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const upstream = sandbox.creates().filter((r) => (r.body as { external_task_id?: string }).external_task_id?.endsWith(`:${key}`));
    expect(upstream).toHaveLength(1);
  });

  it('a replica killed with SIGKILL has its tasks finished by the others', async () => {
    const doomed = await replica();
    const tasks = await Promise.all([1, 2, 3].map((i) => create(doomed.url, `orphan ${i}`)));
    // Let it poll each task at least once, so it holds them in the schedule, then kill it.
    await eventually(() => tasks.every((t) => sandbox.getsFor(t.taskId).length > 0), 5000, 'first polls');
    await doomed.kill();
    const killedAt = Date.now();
    const getsAtKill = tasks.map((t) => sandbox.getsFor(t.taskId).length);
    const firstTakeover: number = await eventually(
      () => (tasks.every((t, i) => sandbox.getsFor(t.taskId).length > getsAtKill[i]!) ? Date.now() : 0),
      LEASE_MS + 3000,
      'takeover',
    );
    console.info(`takeover after SIGKILL: ${firstTakeover - killedAt} ms (lease ${LEASE_MS} ms)`);
    for (const t of tasks) await eventually(async () => (await statusOn(a.url, t.id)) === 'SUCCEEDED', 5000, 'orphan finished');
  });

  it('a replica killed in the middle of a poll loses its lease, and another takes the task over', async () => {
    // Its own prefix and a longer lease, so the lease outlasts a replica's start-up.
    const lease = 5000;
    const own = { ...env, REDIS_PREFIX: `${prefix}lease:`, POLL_LEASE_MS: String(lease) };
    const doomed = await startReplica(own);
    replicas.push(doomed);
    const task = await create(doomed.url, 'leased');
    await eventually(() => sandbox.getsFor(task.taskId).length > 0, 5000, 'first poll');
    // The next poll hangs upstream: the doomed replica holds the task's lease while it waits.
    const before = sandbox.getsFor(task.taskId).length;
    sandbox.injectFault({ on: 'get', delayMs: 60_000 });
    await eventually(() => sandbox.getsFor(task.taskId).length > before, 5000, 'hanging poll');
    const claimedAt = Date.now();
    const survivor = await startReplica(own);
    replicas.push(survivor);
    await doomed.kill();
    const killedAt = Date.now();
    const takeover: number = await eventually(
      () => (sandbox.getsFor(task.taskId).length > before + 1 ? Date.now() : 0),
      lease + 5000,
      'takeover',
    );
    console.info(`takeover of a leased task after SIGKILL: ${takeover - killedAt} ms after the kill, ${takeover - claimedAt} ms after the dead replica claimed it (lease ${lease} ms)`);
    // Nobody polled it while the lease held, and the survivor took it within a tick of its end.
    expect(takeover - claimedAt).toBeGreaterThanOrEqual(lease - 200);
    expect(takeover - claimedAt).toBeLessThan(lease + 1500);
    await eventually(async () => (await statusOn(survivor.url, task.id)) === 'SUCCEEDED', 5000, 'finished by the survivor');
  });

  it('restarting every replica resumes polling of every live task from Redis', async () => {
    const task = await create(a.url, 'survives a full restart');
    await Promise.all(replicas.map((r) => r.kill()));
    const fresh = await replica();
    await eventually(async () => (await statusOn(fresh.url, task.id)) === 'SUCCEEDED', 8000, 'resumed');
    // The remaining tests of this file, if any, use the fresh one.
    a = b = fresh;
  });
});
