import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskRecord } from '../src/model/task.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import { createRedisStore } from '../src/store/redis-store.js';
import { indexKey, type TaskStore } from '../src/store/task-store.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';

const RETENTION_MS = 60_000;
/** Tasks made this long before their expiry, so the test can watch them go. */
const LEFT_MS = 600;

let redis: Redis;
const prefix = testPrefix();
beforeAll(async () => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  redis.disconnect();
  await dropPrefix(prefix);
});

function record(overrides: Partial<TaskRecord> = {}): TaskRecord {
  const now = Date.now();
  return {
    id: randomUUID(),
    tenant: `t-${randomUUID().slice(0, 8)}`,
    taskId: String(800000000000000000n + BigInt(Math.floor(Math.random() * 1e12))),
    capability: 'TEXT_TO_VIDEO',
    model: 'kling-v3',
    request: { prompt: 'kept for a while' },
    status: 'SUBMITTED',
    statusMessage: null,
    externalTaskId: null,
    submittedAt: now,
    startedAt: null,
    finishedAt: null,
    estimate: null,
    videos: [],
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  ['memory', () => createMemoryStore({ retentionMs: RETENTION_MS })],
  ['Redis', () => createRedisStore({ redis, prefix, retentionMs: RETENTION_MS })],
])('task retention (%s)', (_kind, makeStore: () => TaskStore) => {
  it("keeps a stored task's idempotency key when its create gives the key back, with a retention shorter than a reservation", async () => {
    const store = makeStore();
    const stored = record({ externalTaskId: 'key-kept' });
    expect(await store.claimIdempotencyKey(stored.tenant, 'key-kept', stored.id)).toBe(stored.id);
    await store.insert(stored);
    await store.releaseIdempotencyKey(stored.tenant, 'key-kept', stored.id);
    expect(await store.claimIdempotencyKey(stored.tenant, 'key-kept', 'a-second-task')).toBe(stored.id);
    // A reservation whose task was never stored is given back.
    expect(await store.claimIdempotencyKey(stored.tenant, 'key-free', 'never-stored')).toBe('never-stored');
    await store.releaseIdempotencyKey(stored.tenant, 'key-free', 'never-stored');
    expect(await store.claimIdempotencyKey(stored.tenant, 'key-free', 'next')).toBe('next');
  });

  it('forgets a task at its retention: record, history entry, task_id mapping and idempotency key together', async () => {
    const store = makeStore();
    const createdAt = Date.now() - RETENTION_MS + LEFT_MS;
    const old = record({ createdAt, updatedAt: createdAt, externalTaskId: 'key-1', status: 'SUCCEEDED' });
    const fresh = record({ tenant: old.tenant });
    expect(await store.claimIdempotencyKey(old.tenant, 'key-1', old.id)).toBe(old.id);
    await store.insert(old);
    await store.insert(fresh);
    const listed = async () => (await store.list({ tenant: old.tenant, limit: 10 })).records.map((r) => r.id);
    expect(await listed()).toEqual([fresh.id, old.id]);
    expect(await store.findByTaskId(old.taskId!)).toBe(old.id);

    await sleep(LEFT_MS + 200);
    expect(await store.get(old.id)).toBeNull();
    expect(await store.getMany([old.id, fresh.id])).toEqual([null, fresh]);
    expect(await listed()).toEqual([fresh.id]);
    // The key is free again: a new create with it makes a new task.
    const next = randomUUID();
    expect(await store.claimIdempotencyKey(old.tenant, 'key-1', next)).toBe(next);
    // Kept: the task made now.
    expect(await store.get(fresh.id)).toEqual(fresh);
  });

  it('keeps a task through its updates, with the expiry of its creation', async () => {
    const store = makeStore();
    const task = record();
    await store.insert(task);
    expect(await store.replace({ ...task, status: 'SUCCEEDED', version: 2 })).toBe(true);
    expect((await store.get(task.id))?.status).toBe('SUCCEEDED');
  });
});

describe('task retention in Redis', () => {
  it('sets every key of a task to expire at creation + retention, and keeps it through a replace', async () => {
    const store = createRedisStore({ redis, prefix, retentionMs: RETENTION_MS });
    const task = record({ externalTaskId: 'key-2' });
    await store.claimIdempotencyKey(task.tenant, 'key-2', task.id);
    await store.insert(task);
    const ttls = async () =>
      Promise.all([`task:{${task.id}}`, `taskid:${task.taskId}`, `idem:${task.tenant}:key-2`].map((k) => redis.pexpiretime(`${prefix}${k}`)));
    expect(await ttls()).toEqual([task.createdAt + RETENTION_MS, task.createdAt + RETENTION_MS, task.createdAt + RETENTION_MS]);
    await store.replace({ ...task, status: 'PROCESSING', version: 2 });
    expect(await ttls()).toEqual([task.createdAt + RETENTION_MS, task.createdAt + RETENTION_MS, task.createdAt + RETENTION_MS]);
  });

  it("trims a tenant's history of expired entries on the tenant's next create, so nothing dangles", async () => {
    const store = createRedisStore({ redis, prefix, retentionMs: RETENTION_MS });
    const createdAt = Date.now() - RETENTION_MS + LEFT_MS;
    const old = record({ createdAt, updatedAt: createdAt });
    await store.insert(old);
    await sleep(LEFT_MS + 200);
    expect(await redis.exists(`${prefix}task:{${old.id}}`)).toBe(0);
    const later = record({ tenant: old.tenant });
    await store.insert(later);
    expect(await redis.zrange(`${prefix}tenant:{${old.tenant}}`, '0', '-1')).toEqual([indexKey(later)]);
  });
});

describe('task retention in memory', () => {
  it('holds at most maxTasks, dropping the oldest finished tasks and never a live one', async () => {
    const store = createMemoryStore({ maxTasks: 10 });
    const live = record();
    await store.insert(live);
    const finished: TaskRecord[] = [];
    for (let i = 0; i < 30; i++) {
      const task = record({ tenant: live.tenant, status: 'SUCCEEDED', createdAt: live.createdAt + i + 1 });
      finished.push(task);
      await store.insert(task);
    }
    const kept = (await store.getMany([live.id, ...finished.map((t) => t.id)])).filter(Boolean);
    expect(kept.length).toBe(10);
    expect(await store.get(live.id)).toEqual(live);
    expect(await store.get(finished.at(-1)!.id)).toEqual(finished.at(-1));
    expect((await store.list({ tenant: live.tenant, limit: 100 })).records).toHaveLength(10);
  });
});
