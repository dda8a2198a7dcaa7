import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TaskRecord } from '../src/model/task.js';
import { LatestPerTask } from '../src/pubsub/latest-per-task.js';
import { readLiveTasks } from '../src/resolvers/live-tasks-batch.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import { collect, CREATE_T2V, eventually, gql, startHarness, wsClient, type Harness } from './support/harness.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';
import { hsToken, tenantsFile } from './support/tokens.js';

const FEED = /* GraphQL */ `
  subscription Feed($status: TaskStatus, $capability: VideoCapability) {
    videoTasksUpdated(status: $status, capability: $capability) { id status capability }
  }
`;

type FeedEvent = { id: string; status: string; capability: string };
const eventsOf = (results: { data?: Record<string, any> | null }[]) => results.map((r) => r.data?.videoTasksUpdated as FeedEvent);
const statusesOf = (events: FeedEvent[], id: string) => events.filter((e) => e.id === id).map((e) => e.status);

async function create(url: string, prompt: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await gql(url, CREATE_T2V, { input: { prompt } }, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.createTextToVideo.id as string;
}

describe('videoTasksUpdated', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { renderMs: 600 } });
  });
  afterAll(() => h.close());

  it('streams every change of every task once, in order per task, and does not complete', async () => {
    const client = wsClient(h.url);
    const feed = collect(client, FEED, {});
    await eventually(() => h.app.services.events.listenerCount() > 0, 5000, 'feed attached');
    const [a, b] = [await create(h.url, 'first'), await create(h.url, 'second [fail]')];
    await eventually(() => {
      const events = eventsOf(feed.results);
      return statusesOf(events, a).includes('SUCCEEDED') && statusesOf(events, b).includes('FAILED');
    }, 10_000, 'both tasks finished');
    const events = eventsOf(feed.results);
    expect(statusesOf(events, a)).toEqual(['SUBMITTED', 'PROCESSING', 'SUCCEEDED']);
    expect(statusesOf(events, b)).toEqual(['SUBMITTED', 'PROCESSING', 'FAILED']);
    // Still open: a later task arrives on the same subscription.
    const c = await create(h.url, 'third');
    await eventually(() => statusesOf(eventsOf(feed.results), c).length > 0, 5000, 'third task');
    feed.dispose();
    await client.dispose();
  });

  it('starts with the current state of each unfinished task, and filters by status', async () => {
    const live = await create(h.url, 'already running');
    const client = wsClient(h.url);
    const everything = collect(client, FEED, {});
    const finished = collect(client, FEED, { status: 'SUCCEEDED' });
    await eventually(() => statusesOf(eventsOf(everything.results), live).length > 0, 5000, 'initial state');
    await eventually(() => statusesOf(eventsOf(finished.results), live).length > 0, 10_000, 'success');
    expect(eventsOf(finished.results).every((e) => e.status === 'SUCCEEDED')).toBe(true);
    const none = collect(client, FEED, { capability: 'OMNI_VIDEO' });
    await eventually(() => statusesOf(eventsOf(everything.results), live).includes('SUCCEEDED'), 10_000, 'all states');
    expect(none.results).toEqual([]);
    for (const s of [everything, finished, none]) s.dispose();
    await client.dispose();
  });

  it('releases its listener as soon as the client leaves', async () => {
    // Earlier tests' clients release theirs asynchronously; nothing else listens on this gateway.
    await eventually(() => h.app.services.events.listenerCount() === 0, 5000, 'earlier listeners released');
    const before = 0;
    const client = wsClient(h.url);
    const feeds = Array.from({ length: 5 }, () => collect(client, FEED, {}));
    await eventually(() => h.app.services.events.listenerCount() === before + 5, 5000, `attached (${before} before, ${h.app.services.events.listenerCount()} now)`);
    for (const f of feeds) f.dispose();
    await eventually(() => h.app.services.events.listenerCount() === before, 2000, 'released');
    await client.dispose();
  });
});

describe('videoTasksUpdated for end users', () => {
  const SECRET = 'feed-token-secret-0123456789abcdefghijkl';
  let h: Harness;
  beforeAll(async () => {
    const file = await tenantsFile({ acme: { tokens: { secret: SECRET } } });
    h = await startHarness({ env: { GATEWAY_API_KEYS: 'acme:acme-key', GATEWAY_TENANTS_FILE: file }, sandbox: { renderMs: 600 } });
  });
  afterAll(() => h.close());

  it("shows an end user only their own tasks, and the tenant's key all of them", async () => {
    const token = async (sub: string) => `Bearer ${await hsToken(SECRET, { iss: 'acme', sub, aud: 'kling-gateway', expiresIn: 300 })}`;
    const alice = { authorization: await token('alice') };
    const bob = { authorization: await token('bob') };
    const tenant = { authorization: 'Bearer acme-key' };
    const clients = [wsClient(h.url, alice), wsClient(h.url, tenant)];
    const [aliceFeed, tenantFeed] = clients.map((c) => collect(c, FEED, {}));
    await eventually(() => h.app.services.events.listenerCount() >= 2, 5000, 'feeds attached');
    const a = await create(h.url, 'alice', alice);
    const b = await create(h.url, 'bob', bob);
    await eventually(
      () => statusesOf(eventsOf(tenantFeed!.results), a).includes('SUCCEEDED') && statusesOf(eventsOf(tenantFeed!.results), b).includes('SUCCEEDED'),
      10_000,
      'tenant sees both',
    );
    await eventually(() => statusesOf(eventsOf(aliceFeed!.results), a).includes('SUCCEEDED'), 5000, 'alice sees hers');
    expect(statusesOf(eventsOf(aliceFeed!.results), b)).toEqual([]);
    for (const f of [aliceFeed!, tenantFeed!]) f.dispose();
    await Promise.all(clients.map((c) => c.dispose()));
  });
});

describe('videoTasksUpdated with Redis', () => {
  let h: Harness;
  const prefix = testPrefix();
  beforeAll(async () => {
    // Slow renders: the test makes the changes itself.
    h = await startHarness({ env: { REDIS_URL, REDIS_PREFIX: prefix }, sandbox: { renderMs: 60_000 } });
  });
  afterAll(async () => {
    await h.close();
    await dropPrefix(prefix);
  });
  afterEach(() => h.sandbox.clearFaults());

  it('after a resync, delivers changes and new tasks it was never told about, each once', async () => {
    const client = wsClient(h.url);
    const feed = collect(client, FEED, {});
    const followed = await create(h.url, 'followed');
    await eventually(() => statusesOf(eventsOf(feed.results), followed).length > 0, 5000, 'first state');

    // Writes that bypass pub/sub: what a subscriber sees when Redis dropped the messages (T4).
    const store = h.app.services.store;
    const rawId = Buffer.from(followed, 'base64').toString('utf8').split(':')[1]!;
    const current = (await store.get(rawId))!;
    await store.replace({ ...current, status: 'PROCESSING', version: current.version + 1, updatedAt: Date.now() });
    const unseen: TaskRecord = { ...current, id: `unseen${Date.now()}`, taskId: `t-${Date.now()}`, externalTaskId: null, version: 1, createdAt: Date.now() };
    await store.insert(unseen);
    const before = feed.results.length;

    const events = h.app.services.events as unknown as { resync(): Promise<void> };
    await events.resync();
    await eventually(() => statusesOf(eventsOf(feed.results), followed).includes('PROCESSING'), 5000, 'missed change');
    const unseenId = Buffer.from(`VideoTask:${unseen.id}`).toString('base64');
    await eventually(() => statusesOf(eventsOf(feed.results), unseenId).length > 0, 5000, 'missed task');
    // A second resync finds nothing newer: nothing is sent twice.
    await events.resync();
    await new Promise((r) => setTimeout(r, 200));
    expect(feed.results.length).toBe(before + 2);
    feed.dispose();
    await client.dispose();
  });
});

describe('a feed that falls behind', () => {
  const record = (id: string, version: number) => ({ id, version }) as TaskRecord;

  it('keeps the newest state per task, in the order tasks first changed', async () => {
    let ended = 0;
    const queue = new LatestPerTask(10, () => new Error('overflow'), () => ended++);
    queue.push(record('a', 1));
    queue.push(record('b', 1));
    queue.push(record('a', 2));
    expect((await queue.next()).value).toEqual(record('a', 2));
    expect((await queue.next()).value).toEqual(record('b', 1));
    const waiting = queue.next();
    await queue.return();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(ended).toBe(1);
  });

  it('ends with its error past the cap of undelivered tasks, and lets go of its listener', async () => {
    let ended = 0;
    const queue = new LatestPerTask(3, () => new Error('fell behind'), () => ended++);
    for (const id of ['a', 'b', 'c', 'a', 'd']) queue.push(record(id, 1));
    await expect(queue.next()).rejects.toThrow('fell behind');
    expect(ended).toBe(1);
  });
});

describe('the live tasks a feed starts with', () => {
  it('are read once for every feed that asks in the same turn, and afresh for a later one', async () => {
    const store = createMemoryStore();
    const live = { id: 'live-1', tenant: 't', status: 'PROCESSING', createdAt: Date.now(), version: 1 } as TaskRecord;
    await store.insert(live);
    let reads = 0;
    const liveTaskIds = store.liveTaskIds.bind(store);
    store.liveTaskIds = () => {
      reads++;
      return liveTaskIds();
    };
    const together = await Promise.all(Array.from({ length: 50 }, () => readLiveTasks(store)));
    expect(reads).toBe(1);
    expect(together.every((records) => records.length === 1 && records[0]!.id === 'live-1')).toBe(true);
    // A feed that attaches after that read began must not reuse it: its own read starts after it.
    await readLiveTasks(store);
    expect(reads).toBe(2);
  });
});
