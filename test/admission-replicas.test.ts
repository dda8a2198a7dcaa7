import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisAdmission } from '../src/admission/redis-admission.js';
import { createRedisStore } from '../src/store/redis-store.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { eventually, gql, SANDBOX_KEY } from './support/harness.js';
import { startReplica, type Replica } from './support/replica.js';
import { queuedTaskRecord } from './support/task-record.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';

/** The admission queue across replicas as processes: restarts and a replica killed mid-dispatch. */
const LEASE_MS = 2000;
let sandbox: Sandbox;
const replicas: Replica[] = [];
const prefixes: string[] = [];

function envFor(prefix: string, extra: Record<string, string> = {}) {
  return {
    KLING_API_KEY: SANDBOX_KEY,
    KLING_BASE_URL: sandbox.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    POLL_INTERVAL_MS: '100',
    POLL_MAX_INTERVAL_MS: '400',
    POLL_LEASE_MS: String(LEASE_MS),
    ...extra,
  };
}
async function replica(env: Record<string, string>): Promise<Replica> {
  const started = await startReplica(env);
  replicas.push(started);
  return started;
}
const CREATE = `mutation($i: TextToVideoInput!) { createTextToVideo(input: $i) { id status } }`;
const LIST = `{ videoTasks(first: 100) { edges { node { id status externalTaskId } } } }`;
const externalIdsSent = () => sandbox.creates().map((c) => (c.body as { external_task_id: string }).external_task_id);

beforeAll(async () => {
  sandbox = await startSandbox({ apiKey: SANDBOX_KEY, renderMs: 700, submittedMs: 100, concurrency: 3 });
});
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await sandbox.close();
  await Promise.all(prefixes.map((p) => dropPrefix(p)));
});

describe('admission across replicas', () => {
  it('every replica restarted with 20 tasks queued: all complete, each with exactly one upstream create', async () => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    const env = envFor(prefix, { KLING_CONCURRENCY: '3' });
    const [a, b] = await Promise.all([replica(env), replica(env)]);
    const made = await Promise.all(
      Array.from({ length: 23 }, (_, i) => gql((i % 2 ? a : b).url, CREATE, { i: { prompt: `restart ${i}`, externalTaskId: `${prefix}r${i}` } })),
    );
    for (const m of made) expect(m.errors).toBeUndefined();
    expect(made.filter((m) => m.data!.createTextToVideo.status === 'QUEUED').length).toBeGreaterThanOrEqual(20);
    await Promise.all([a.stop(), b.stop()]);
    const [c, d] = await Promise.all([replica(env), replica(env)]);
    await eventually(
      async () => {
        const list = await gql(c.url, LIST);
        const nodes = list.data!.videoTasks.edges.map((e: { node: { status: string } }) => e.node);
        return nodes.length === 23 && nodes.every((n: { status: string }) => n.status === 'SUCCEEDED');
      },
      60_000,
      'all 23 to succeed after the restart',
    );
    const sent = externalIdsSent().filter((id) => id.startsWith(`default:${prefix}`));
    expect(sent).toHaveLength(23);
    expect(new Set(sent).size).toBe(23);
    expect(sandbox.concurrencyStats().refusals).toBe(0);
    await Promise.all([c.stop(), d.stop()]);
  }, 90_000);

  it('a replica killed mid-dispatch: the task is neither created twice nor lost', async () => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    const env = envFor(prefix, { KLING_CONCURRENCY: '3' });
    const survivor = await replica(env);
    const doomed = await replica(env);
    const key = `${prefix}killed`;
    // Kling takes the create only after a second: the doomed replica is killed while it waits.
    sandbox.injectFault({ on: 'create', delayMs: 1000 });
    const sentBefore = externalIdsSent().length;
    void gql(doomed.url, CREATE, { i: { prompt: 'mid-dispatch', externalTaskId: key } }).catch(() => undefined);
    await eventually(() => externalIdsSent().length > sentBefore, 5000, 'the create to reach the sandbox');
    await doomed.kill();
    const found = await eventually(
      async () => {
        const list = await gql(survivor.url, LIST);
        return list.data!.videoTasks.edges.map((e: { node: { status: string; externalTaskId: string } }) => e.node).find(
          (n: { status: string; externalTaskId: string }) => n.externalTaskId === key && n.status === 'SUCCEEDED',
        );
      },
      LEASE_MS + 15_000,
      'the task to be recovered and succeed',
    );
    expect(found).toBeTruthy();
    expect(externalIdsSent().filter((id) => id === `default:${key}`)).toHaveLength(1);


    // A replica that died after claiming a dispatch but before its create left: written here with
    // the gateway's own store and queue, as that replica would have. The lease runs out, the
    // survivor finds nothing at Kling under the external id, queues the task again and sends it once.
    const redis = new Redis(REDIS_URL);
    try {
      const store = createRedisStore({ redis, prefix });
      const queue = createRedisAdmission({ redis, prefix });
      const now = Date.now();
      const orphan = queuedTaskRecord({ request: { prompt: 'claimed, never sent', model: 'kling-v3' }, externalTaskId: `${key}-orphan` });
      await store.insert(orphan);
      await queue.enqueue('kling-v3', 'default', orphan.id);
      const claimed = await queue.claim('kling-v3', { slots: 3, tenantInFlight: {} }, now, now + LEASE_MS);
      expect(claimed?.id).toBe(orphan.id);
      await eventually(async () => (await store.get(orphan.id))?.status === 'SUCCEEDED', LEASE_MS + 15_000, 'the orphan to be dispatched');
      expect(externalIdsSent().filter((id) => id === `default:${key}-orphan`)).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
    await survivor.stop();
  }, 60_000);
});
