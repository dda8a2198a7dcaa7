import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { collect, CREATE_T2V, eventually, gql, SANDBOX_KEY, WATCH, wsClient } from './support/harness.js';
import { startReplica, type Replica } from './support/replica.js';
import { freePort } from './support/free-port.js';
import { startRedisServer, testPrefix, type RedisServer } from './support/redis.js';

/**
 * Redis unreachable for a whole minute under a gateway process: ioredis's stock settings, and the
 * stock Redis event target, would have crashed the process after ~10 s (trap T5, docs/traps.md).
 */
const OUTAGE_MS = Number(process.env.REDIS_OUTAGE_MS ?? 60_000);
let redis: RedisServer;
let sandbox: Sandbox;
let gateway: Replica;

beforeAll(async () => {
  redis = await startRedisServer(await freePort());
  sandbox = await startSandbox({ apiKey: SANDBOX_KEY, renderMs: 120_000, submittedMs: 100 });
  gateway = await startReplica({
    KLING_API_KEY: SANDBOX_KEY,
    KLING_BASE_URL: sandbox.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: testPrefix(),
    POLL_INTERVAL_MS: '100',
    POLL_MAX_INTERVAL_MS: '500',
  });
}, 30_000);

afterAll(async () => {
  await gateway.stop();
  await sandbox.close();
  await redis.destroy();
});

it(`survives Redis unreachable for ${OUTAGE_MS / 1000} s and ends every live subscription`, async () => {
  const created = await gql(gateway.url, CREATE_T2V, { input: { prompt: 'through the outage' } });
  const task = created.data!.createTextToVideo as { id: string; taskId: string };
  const client = wsClient(gateway.url);
  const watch = collect(client, WATCH, { id: task.id });
  await eventually(() => watch.results.length > 0, 5000, 'watching');

  await redis.stop();
  const samples: number[] = [];
  const deadline = Date.now() + OUTAGE_MS;
  while (Date.now() < deadline) {
    samples.push((await fetch(`${gateway.url}/readyz`)).status);
    await new Promise((r) => setTimeout(r, 2000));
  }
  expect(gateway.child.exitCode).toBeNull();
  expect(samples.slice(1).every((s) => s === 503)).toBe(true);
  const refused = await gql(gateway.url, CREATE_T2V, { input: { prompt: 'during the outage' } });
  expect(refused.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');

  sandbox.finishTask(task.taskId);
  const back = Date.now();
  await redis.start();
  await eventually(async () => (await fetch(`${gateway.url}/readyz`)).status === 200, 10_000, 'ready again');
  const { results, error } = await watch.done;
  console.info(`after a ${OUTAGE_MS} ms outage: ready and the watcher ended ${Date.now() - back} ms after Redis returned`);
  expect(error).toBeUndefined();
  expect(results.at(-1)!.data!.videoTaskUpdated.status).toBe('SUCCEEDED');
  await client.dispose();
  expect(gateway.child.exitCode).toBeNull();
  expect(gateway.output()).not.toContain('unhandled rejection');
  const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
  expect(metrics).toContain('kling_gateway_unhandled_rejections_total 0');
}, OUTAGE_MS + 40_000);
