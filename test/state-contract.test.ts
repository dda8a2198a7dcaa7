import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerScope } from '../src/model/caller.js';
import type { TaskRecord } from '../src/model/task.js';
import { createMemorySchedule } from '../src/poller/memory-schedule.js';
import { recordObservation } from '../src/poller/record-observation.js';
import { createRedisSchedule } from '../src/poller/redis-schedule.js';
import type { PollSchedule } from '../src/poller/schedule.js';
import { createMemoryEvents } from '../src/pubsub/memory-events.js';
import { createRedisEventTarget } from '../src/pubsub/redis-event-target.js';
import { createRedisEvents } from '../src/pubsub/redis-events.js';
import type { TaskEvents } from '../src/pubsub/task-events.js';
import { connectRedis, createRedisConnection, type RedisClient, type RedisTarget } from '../src/redis/connection.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import { createRedisStore } from '../src/store/redis-store.js';
import { decodeCursor, MAX_SCAN_PER_PAGE, type TaskStore } from '../src/store/task-store.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';
import { dropClusterPrefix, startRedisCluster, type RedisCluster } from './support/redis-cluster.js';

const log = pino({ level: 'silent' });

interface State {
  store: TaskStore;
  events: TaskEvents;
  schedule: PollSchedule;
  /** A second schedule on the same shared state: another replica. */
  otherSchedule: PollSchedule;
  close(): Promise<void>;
}

async function memoryState(): Promise<State> {
  const schedule = createMemorySchedule();
  return { store: createMemoryStore(), events: createMemoryEvents(), schedule, otherSchedule: schedule, close: async () => {} };
}

/** The same parts over one Redis node or over a real Redis Cluster (three masters, one replica each). */
async function redisState(where: RedisTarget, drop: (prefix: string) => Promise<void>): Promise<State> {
  const prefix = testPrefix();
  const sharded = 'clusterNodes' in where;
  const connections: RedisClient[] = [];
  const connect = async (name: string, options?: { sharded: boolean }) => {
    const redis = createRedisConnection(where, name, log, options);
    await connectRedis(redis);
    connections.push(redis);
    return redis;
  };
  const [commands, other, subscriber] = await Promise.all([connect('a'), connect('b'), connect('sub', { sharded })]);
  const store = createRedisStore({ redis: commands, prefix });
  const target = createRedisEventTarget({ publisher: commands, subscriber, log, sharded });
  return {
    store,
    events: createRedisEvents({ target, store, prefix, log }),
    schedule: createRedisSchedule({ redis: commands, prefix }),
    otherSchedule: createRedisSchedule({ redis: other, prefix }),
    async close() {
      await drop(prefix);
      for (const redis of connections) redis.disconnect();
    },
  };
}

let cluster: RedisCluster | undefined;
beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.destroy();
});

const singleNode = () => redisState({ url: REDIS_URL }, (prefix) => dropPrefix(prefix));
const clusterState = () => redisState({ clusterNodes: cluster!.nodes }, (prefix) => dropClusterPrefix(prefix, cluster!.nodes));

let clock = Date.now();
function record(overrides: Partial<TaskRecord> = {}): TaskRecord {
  clock += 1;
  return {
    id: randomUUID(),
    tenant: 'acme',
    taskId: String(800000000000000000n + BigInt(clock)),
    capability: 'TEXT_TO_VIDEO',
    model: 'kling-v3',
    request: { prompt: 'a fox' },
    status: 'SUBMITTED',
    statusMessage: null,
    externalTaskId: null,
    videos: [],
    createdAt: clock,
    updatedAt: clock,
    submittedAt: clock,
    startedAt: null,
    finishedAt: null,
    estimate: null,
    version: 1,
    ...overrides,
  };
}

describe.each([
  ['memory', memoryState],
  ['redis', singleNode],
  ['redis cluster', clusterState],
])('%s state', (_name, make) => {
  let s: State;
  beforeAll(async () => {
    s = await make();
  });
  afterAll(() => s.close());

  it('stores records and reads many in one call, in order, null for unknown', async () => {
    const a = record();
    const b = record();
    await s.store.insert(a);
    await s.store.insert(b);
    expect(await s.store.get(a.id)).toEqual(a);
    expect(await s.store.getMany([b.id, 'nope', a.id])).toEqual([b, null, a]);
    expect(await s.store.findByTaskId(b.taskId!)).toBe(b.id);
    // The same record again is a retry after a lost reply, not an error; another one under its id is.
    await s.store.insert(a);
    await expect(s.store.insert({ ...a, model: 'kling-v1' })).rejects.toThrow();
  });

  it('replaces only the version it read: a stale write never lands', async () => {
    const a = record();
    await s.store.insert(a);
    const processing = { ...a, status: 'PROCESSING' as const, version: 2 };
    expect(await s.store.replace(processing)).toBe(true);
    // A second writer that also read version 1 loses.
    expect(await s.store.replace({ ...a, status: 'SUCCEEDED', version: 2 })).toBe(false);
    expect((await s.store.get(a.id))?.status).toBe('PROCESSING');
  });

  it('never lets a late observation take a task back, and publishes only real changes', async () => {
    const a = record();
    await s.store.insert(a);
    const seen: string[] = [];
    const detach = await s.events.subscribe(a.id, (r) => seen.push(`${r.status}@${r.version}`));
    const now = Date.now();
    await recordObservation(s.store, s.events, a.id, { status: 'SUCCEEDED', statusMessage: null, videos: [], updatedAt: now });
    expect(await recordObservation(s.store, s.events, a.id, { status: 'PROCESSING', statusMessage: null, videos: [], updatedAt: now + 1 })).toBeUndefined();
    expect(await recordObservation(s.store, s.events, a.id, { status: 'SUCCEEDED', statusMessage: null, videos: [], updatedAt: now + 2 })).toBeUndefined();
    const stored = await s.store.get(a.id);
    expect(stored).toMatchObject({ status: 'SUCCEEDED', version: 2 });
    await expect.poll(() => seen).toEqual(['SUCCEEDED@2']);
    detach();
  });

  it('grants an idempotency key to exactly one of many concurrent claimants', async () => {
    const key = `k-${randomUUID()}`;
    const candidates = Array.from({ length: 20 }, () => randomUUID());
    const holders = await Promise.all(candidates.map((c) => s.store.claimIdempotencyKey('acme', key, c)));
    expect(new Set(holders).size).toBe(1);
    expect(candidates).toContain(holders[0]);
    // Another tenant's key of the same name is another key.
    expect(await s.store.claimIdempotencyKey('other', key, 'x')).toBe('x');
    // Only the holder can give it back.
    await s.store.releaseIdempotencyKey('acme', key, 'not-the-holder');
    expect(await s.store.claimIdempotencyKey('acme', key, 'late')).toBe(holders[0]);
    await s.store.releaseIdempotencyKey('acme', key, holders[0]!);
    expect(await s.store.claimIdempotencyKey('acme', key, 'after-release')).toBe('after-release');
  });

  it('gives back a reserved idempotency key, never one whose task is stored (both expire, at different times)', async () => {
    const key = `k-${randomUUID()}`;
    const stored = record({ tenant: 'acme', externalTaskId: key });
    expect(await s.store.claimIdempotencyKey('acme', key, stored.id)).toBe(stored.id);
    await s.store.insert(stored);
    await s.store.releaseIdempotencyKey('acme', key, stored.id);
    expect(await s.store.claimIdempotencyKey('acme', key, 'someone-else')).toBe(stored.id);
  });

  it('keeps a queued task without a Kling task_id, and maps the one it gets when submitted', async () => {
    const queued = record({ status: 'QUEUED', taskId: null, submittedAt: null });
    await s.store.insert(queued);
    expect(await s.store.liveTaskIds()).toContain(queued.id);
    const taskId = String(810000000000000000n + BigInt(clock));
    expect(await s.store.replace({ ...queued, status: 'SUBMITTED', taskId, submittedAt: clock, version: 2 })).toBe(true);
    expect(await s.store.findByTaskId(taskId)).toBe(queued.id);
  });

  it('walks the live tasks a page at a time: every live one, no ended one', async () => {
    const live = Array.from({ length: 25 }, () => record());
    const ended = record({ status: 'SUCCEEDED' });
    await Promise.all([...live, ended].map((r) => s.store.insert(r)));
    const finished = live.pop()!;
    expect(await s.store.replace({ ...finished, status: 'FAILED', version: 2 })).toBe(true);
    const seen = new Set<string>();
    let cursor = '0';
    let pages = 0;
    do {
      const page = await s.store.scanLiveTaskIds(cursor, 5);
      for (const id of page.ids) seen.add(id);
      cursor = page.cursor;
      pages++;
    } while (cursor !== '0' && pages < 1000);
    for (const r of live) expect(seen.has(r.id)).toBe(true);
    expect(seen.has(ended.id)).toBe(false);
    expect(seen.has(finished.id)).toBe(false);
    expect(new Set(await s.store.liveTaskIds())).toEqual(seen);
  });

  it('removes a task Kling refused within its create: record, history, live set and idempotency key', async () => {
    const refused = record({ status: 'QUEUED', taskId: null, externalTaskId: `refused-${clock}` });
    expect(await s.store.claimIdempotencyKey(refused.tenant, refused.externalTaskId!, refused.id)).toBe(refused.id);
    await s.store.insert(refused);
    await s.store.remove(refused);
    expect(await s.store.get(refused.id)).toBeNull();
    expect(await s.store.liveTaskIds()).not.toContain(refused.id);
    const page = await s.store.list({ tenant: refused.tenant, limit: 1000 });
    expect(page.records.map((r) => r.id)).not.toContain(refused.id);
    expect(await s.store.claimIdempotencyKey(refused.tenant, refused.externalTaskId!, 'next')).toBe('next');
  });

  it('lists a tenant history newest first, in pages, with filters', async () => {
    const tenant = `t-${randomUUID()}`;
    const made: TaskRecord[] = [];
    for (let i = 0; i < 7; i++) {
      const r = record({ tenant, capability: i % 2 ? 'OMNI_VIDEO' : 'TEXT_TO_VIDEO', status: i === 3 ? 'FAILED' : 'SUBMITTED' });
      made.push(r);
      await s.store.insert(r);
    }
    await s.store.insert(record({ tenant: `${tenant}-else` }));
    const newestFirst = [...made].reverse().map((r) => r.id);

    const first = await s.store.list({ tenant, limit: 3 });
    expect(first.records.map((r) => r.id)).toEqual(newestFirst.slice(0, 3));
    expect(first.hasNextPage).toBe(true);
    const second = await s.store.list({ tenant, limit: 10, after: decodeCursor(first.cursors.at(-1)!) });
    expect(second.records.map((r) => r.id)).toEqual(newestFirst.slice(3));
    expect(second.hasNextPage).toBe(false);

    const omni = await s.store.list({ tenant, limit: 10, capability: 'OMNI_VIDEO' });
    expect(omni.records.map((r) => r.id)).toEqual(newestFirst.filter((id) => made.find((r) => r.id === id)!.capability === 'OMNI_VIDEO'));
    const failed = await s.store.list({ tenant, limit: 10, status: 'FAILED' });
    expect(failed.records.map((r) => r.id)).toEqual([made[3]!.id]);
  });

  it('bounds the reading one filtered page may do, and resumes where it stopped', async () => {
    const tenant = `t-${randomUUID()}`;
    const rare = record({ tenant, status: 'FAILED' });
    await s.store.insert(rare);
    await Promise.all(Array.from({ length: 1100 }, () => s.store.insert(record({ tenant }))));
    const first = await s.store.list({ tenant, limit: 5, status: 'FAILED' });
    expect(first.records).toEqual([]);
    expect(first.hasNextPage).toBe(true);
    const next = await s.store.list({ tenant, limit: 5, status: 'FAILED', after: decodeCursor(first.resumeCursor!) });
    expect(next.records.map((r) => r.id)).toEqual([rare.id]);
    expect(next.hasNextPage).toBe(false);
  });

  it('knows which tasks are live', async () => {
    const a = record();
    await s.store.insert(a);
    expect(await s.store.liveTaskIds()).toContain(a.id);
    await s.store.replace({ ...a, status: 'FAILED', version: 2 });
    expect(await s.store.liveTaskIds()).not.toContain(a.id);
  });

  it('leases each due task to one claimant; an expired lease makes it due again', async () => {
    const ids: string[] = Array.from({ length: 10 }, () => randomUUID());
    const now = Date.now();
    for (const id of ids) await s.schedule.schedule(id, now - 1, 100);
    const [mine, theirs] = await Promise.all([s.schedule.claimDue(now, 100, 1000), s.otherSchedule.claimDue(now, 100, 1000)]);
    const claimed = [...mine, ...theirs].map((t) => t.id).filter((id) => ids.includes(id));
    expect(claimed.sort()).toEqual([...ids].sort());
    expect(mine.find((t) => ids.includes(t.id))?.intervalMs ?? theirs.find((t) => ids.includes(t.id))?.intervalMs).toBe(100);
    // Leased: nobody gets them until the lease runs out...
    expect((await s.otherSchedule.claimDue(now + 500, 100, 1000)).filter((t) => ids.includes(t.id))).toEqual([]);
    // ...then the next claimant takes them over.
    const takenOver = await s.otherSchedule.claimDue(now + 1001, 100, 1000);
    expect(takenOver.filter((t) => ids.includes(t.id))).toHaveLength(10);
    // onlyIfAbsent leaves a scheduled task alone.
    await s.schedule.schedule(ids[0]!, now - 5, 100, true);
    expect((await s.schedule.claimDue(now, 100, 1000)).map((t) => t.id)).not.toContain(ids[0]);
    for (const id of ids) await s.schedule.remove(id);
  });

  it('delivers events to every subscriber once attached, and detaching stops them', async () => {
    const a = record();
    const got: number[][] = [[], []];
    const detach0 = await s.events.subscribe(a.id, (r) => got[0]!.push(r.version));
    const detach1 = await s.events.subscribe(a.id, (r) => got[1]!.push(r.version));
    expect(s.events.listenerCount()).toBeGreaterThanOrEqual(2);
    await s.events.publish({ ...a, version: 2 });
    await expect.poll(() => got).toEqual([[2], [2]]);
    detach0();
    detach0();
    await s.events.publish({ ...a, version: 3 });
    await expect.poll(() => got[1]).toEqual([2, 3]);
    expect(got[0]).toEqual([2]);
    detach1();
  });

  it("delivers a tenant's changes to its feed, and no other tenant's", async () => {
    const tenant = `t-${randomUUID()}`;
    const got: string[] = [];
    const detach = await s.events.subscribeTenant(tenant, (r) => got.push(`${r.id}@${r.version}`));
    const mine = record({ tenant });
    const theirs = record({ tenant: `other-${tenant}` });
    await s.events.publish(theirs);
    await s.events.publish(mine);
    await s.events.publish({ ...mine, version: 2 });
    await expect.poll(() => got).toEqual([`${mine.id}@1`, `${mine.id}@2`]);
    detach();
    await s.events.publish({ ...mine, version: 3 });
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toHaveLength(2);
  });

  it("lists one end user's tasks only, when asked", async () => {
    const tenant = `t-${randomUUID()}`;
    const alice = record({ tenant, user: 'alice' });
    const bob = record({ tenant, user: 'bob' });
    const own = record({ tenant, user: null });
    for (const r of [alice, bob, own]) await s.store.insert(r);
    expect((await s.store.list({ tenant, user: 'alice', limit: 10 })).records.map((r) => r.id)).toEqual([alice.id]);
    expect((await s.store.list({ tenant, limit: 10 })).records.map((r) => r.id)).toEqual([own.id, bob.id, alice.id]);
    // From the user's own index: a busy neighbour's newer tasks are not scanned past.
    for (let i = 0; i < MAX_SCAN_PER_PAGE + 50; i++) await s.store.insert(record({ tenant, user: 'busy' }));
    const page = await s.store.list({ tenant, user: 'alice', limit: 10 });
    expect(page.records.map((r) => r.id)).toEqual([alice.id]);
    expect(page.resumeCursor).toBeUndefined();
  });

  it("keeps an end user's idempotency key in the user's scope", async () => {
    const tenant = `t-${randomUUID()}`;
    const scope = callerScope(tenant, 'alice');
    const a = record({ tenant, user: 'alice', externalTaskId: 'k' });
    expect(await s.store.claimIdempotencyKey(scope, 'k', a.id)).toBe(a.id);
    expect(await s.store.claimIdempotencyKey(callerScope(tenant, 'bob'), 'k', 'other')).toBe('other');
    expect(await s.store.claimIdempotencyKey(tenant, 'k', 'tenant-own')).toBe('tenant-own');
    await s.store.insert(a);
    expect(await s.store.claimIdempotencyKey(scope, 'k', 'later')).toBe(a.id);
  });
});
