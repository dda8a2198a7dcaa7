import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { collect, CREATE_T2V, eventually, gql, SANDBOX_KEY, wsClient } from './support/harness.js';
import { startReplica, type Replica } from './support/replica.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';

let sandbox: Sandbox;
let prefix: string;
let a: Replica;
let b: Replica;

beforeAll(async () => {
  sandbox = await startSandbox({ apiKey: SANDBOX_KEY, renderMs: 2500, submittedMs: 300 });
  prefix = testPrefix();
  const env = { KLING_API_KEY: SANDBOX_KEY, KLING_BASE_URL: sandbox.url, REDIS_URL, REDIS_PREFIX: prefix, POLL_INTERVAL_MS: '100', POLL_MAX_INTERVAL_MS: '300' };
  [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
}, 30_000);

afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  await sandbox.close();
  await dropPrefix(prefix);
});

it('a feed on one replica streams every change of a task created and polled through another', async () => {
  // A live task first: the feed's start shows it, which proves the feed is attached (it attaches
  // before it reads).
  const warm = (await gql(a.url, CREATE_T2V, { input: { prompt: 'already live' } })).data!.createTextToVideo.id as string;
  const client = wsClient(b.url);
  const feed = collect(client, `subscription { videoTasksUpdated { id status } }`, {});
  await eventually(() => feed.results.some((r) => r.data?.videoTasksUpdated.id === warm), 5000, 'the feed started');
  const res = await gql(a.url, CREATE_T2V, { input: { prompt: 'across replicas' } });
  const id = res.data!.createTextToVideo.id as string;
  const statuses = () => feed.results.map((r) => r.data?.videoTasksUpdated).filter((t) => t?.id === id).map((t) => t.status);
  await eventually(() => statuses().includes('SUCCEEDED'), 15_000, 'the task finished on the feed');
  expect(statuses()).toEqual(['SUBMITTED', 'PROCESSING', 'SUCCEEDED']);
  feed.dispose();
  await client.dispose();
});
