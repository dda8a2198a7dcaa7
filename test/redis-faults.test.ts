import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, CREATE_T2V, eventually, gql, startHarness, WATCH, wsClient, type Harness } from './support/harness.js';
import { freePort } from './support/free-port.js';
import { startRedisServer, testPrefix, type RedisServer } from './support/redis.js';

/**
 * Redis faults against a private redis-server, so killing its connections or the server itself
 * disturbs no other test. Each fault must leave every subscriber with its terminal state.
 */
let redis: RedisServer;
let h: Harness;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  redis = await startRedisServer(await freePort());
  // Tasks that stay live until the test finishes them, so the fault can land mid-stream.
  h = await startHarness({ env: { REDIS_URL: redis.url, REDIS_PREFIX: testPrefix() }, sandbox: { renderMs: 60_000, submittedMs: 100 } });
}, 30_000);

afterAll(async () => {
  await h.close();
  await redis.destroy();
  process.off('unhandledRejection', onRejection);
});

async function watchers(count: number) {
  const created = await gql(h.url, CREATE_T2V, { input: { prompt: 'fault' } });
  const task = created.data!.createTextToVideo as { id: string; taskId: string };
  const client = wsClient(h.url);
  const watches = Array.from({ length: count }, () => collect(client, WATCH, { id: task.id }));
  // Every watcher has its first state, so each is attached and subscribed.
  await eventually(() => watches.every((w) => w.results.length > 0), 5000, 'watchers attached');
  return { task, client, watches };
}

const readyz = async () => (await fetch(`${h.url}/readyz`)).status;

describe('Redis faults', () => {
  it('a killed pub/sub connection loses no terminal state', async () => {
    const { task, client, watches } = await watchers(10);
    const admin = new Redis(redis.url);
    // Drop the subscriber connection, and finish the task while it is away: the publish is lost
    // (Redis pub/sub is at most once), so only the resync after reconnecting can deliver it.
    await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    h.sandbox.finishTask(task.taskId);
    admin.disconnect();
    const outcomes = await Promise.all(watches.map((w) => w.done));
    for (const o of outcomes) {
      expect(o.error).toBeUndefined();
      expect(o.results.at(-1)!.data!.videoTaskUpdated.status).toBe('SUCCEEDED');
    }
    await client.dispose();
    expect(rejections).toEqual([]);
  });

  it('a Redis restart: not ready while away, creates refused at once with no upstream call, every watcher ends', async () => {
    const { task, client, watches } = await watchers(5);
    await redis.stop();
    await eventually(async () => (await readyz()) === 503, 5000, 'not ready');

    const createsBefore = h.sandbox.creates().length;
    const started = performance.now();
    const refused = await gql(h.url, CREATE_T2V, { input: { prompt: 'while redis is away' } });
    const refusedInMs = performance.now() - started;
    expect(refused.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(h.sandbox.creates().length).toBe(createsBefore);
    expect(refusedInMs).toBeLessThan(1000);
    // Reads and new subscriptions say why they cannot be served, instead of a masked error.
    const read = await gql(h.url, `query($id: ID!) { videoTask(id: $id) { status } }`, { id: task.id });
    expect(read.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const late = await collect(client, WATCH, { id: task.id }).done;
    const lateErrors = (late.error ?? late.results[0]?.errors) as { extensions?: Record<string, unknown> }[];
    expect(lateErrors[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });

    h.sandbox.finishTask(task.taskId);
    const downFor = performance.now();
    await redis.start();
    await eventually(async () => (await readyz()) === 200, 10_000, 'ready again');
    const outcomes = await Promise.all(watches.map((w) => w.done));
    console.info(`redis restart: create refused in ${refusedInMs.toFixed(1)} ms; watchers ended ${(performance.now() - downFor).toFixed(0)} ms after redis came back`);
    for (const o of outcomes) expect(o.results.at(-1)!.data!.videoTaskUpdated.status).toBe('SUCCEEDED');
    await client.dispose();

    // And it serves as before.
    const after = await gql(h.url, CREATE_T2V, { input: { prompt: 'after the restart' } });
    expect(after.errors).toBeUndefined();
    expect(rejections).toEqual([]);
  });
});
