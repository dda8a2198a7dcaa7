import type { Redis } from 'ioredis';
import { callerScope } from '../model/caller.js';
import { isTerminal, type TaskRecord } from '../model/task.js';
import { isRedisReady } from '../redis/connection.js';
import { luaScript } from '../redis/script.js';
import { DAY_MS, DEFAULT_RETENTION_DAYS, expiresAt, retentionFloor } from './retention.js';
import { encodeCursor, indexKey, matchesQuery, MAX_SCAN_PER_PAGE, type TaskStore } from './task-store.js';

/** How long an idempotency key stays reserved for a create that never finished (its replica died). */
export const PENDING_KEY_TTL_MS = 120_000;
const flag = (on: boolean) => (on ? '1' : '0');
/** Index entries read per round trip while filling a filtered page. */
const LIST_BATCH = 100;

// Every multi-key change is one Lua script, so no replica ever sees half of it.
// INSERT answers 1 again for the same record, so a retry after a lost reply is not an error.
const INSERT = luaScript(`
local existing = redis.call('GET', KEYS[1])
if existing then return existing == ARGV[1] and 1 or 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], 0, ARGV[3])
if ARGV[4] == '1' then redis.call('SADD', KEYS[3], ARGV[2]) end
if ARGV[5] == '1' then redis.call('SET', KEYS[4], ARGV[2]) end
if ARGV[6] == '1' then redis.call('SET', KEYS[5], ARGV[2]) end
if ARGV[7] == '1' then redis.call('ZADD', KEYS[6], 0, ARGV[3]) end
return 1`);

// A record that gains its Kling task_id (a queued task submitted) gains its task_id -> id entry too.
const REPLACE = luaScript(`
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if cjson.decode(current).version ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
if ARGV[4] == '0' then redis.call('SREM', KEYS[2], ARGV[3]) end
if ARGV[5] == '1' then redis.call('SET', KEYS[3], ARGV[3]) end
return 1`);

// A task Kling refused within its create: gone as if never made, its idempotency key free again.
const REMOVE = luaScript(`
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('SREM', KEYS[3], ARGV[1])
if ARGV[3] == '1' and redis.call('GET', KEYS[4]) == ARGV[1] then redis.call('DEL', KEYS[4]) end
if ARGV[4] == '1' then redis.call('ZREM', KEYS[5], ARGV[2]) end
return 1`);

const CLAIM = luaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return ARGV[1] end
return redis.call('GET', KEYS[1])`);

// Only a reservation (it has a TTL) can be given back; a key made permanent by INSERT stays.
const RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('PTTL', KEYS[1]) > 0 then return redis.call('DEL', KEYS[1]) end
return 0`);

export interface RedisStoreOptions {
  redis: Redis;
  /** Namespace of every key, so deployments (and tests) can share a Redis. */
  prefix: string;
  /** How long a task is kept from its creation (see retention.ts). @default 30 days */
  retentionMs?: number;
}

/**
 * Keys (under the prefix): `task:<id>` the record as JSON; `taskid:<kling task_id>` -> id;
 * `tenant:<tenant>` a sorted set of index keys (creation time, id) for history pages, and
 * `user:<tenant>~<user>` the same for one end user's tasks;
 * `idem:<tenant>:<key>` -> id; `live` the ids not yet terminal.
 */
export function createRedisStore({ redis, prefix, retentionMs = DEFAULT_RETENTION_DAYS * DAY_MS }: RedisStoreOptions): TaskStore {
  const k = {
    task: (id: string) => `${prefix}task:${id}`,
    taskId: (taskId: string) => `${prefix}taskid:${taskId}`,
    tenant: (tenant: string) => `${prefix}tenant:${tenant}`,
    user: (tenant: string, user: string) => `${prefix}user:${callerScope(tenant, user)}`,
    idem: (tenant: string, key: string) => `${prefix}idem:${tenant}:${key}`,
    live: `${prefix}live`,
  };
  const parse = (json: string | null): TaskRecord | null => (json ? (JSON.parse(json) as TaskRecord) : null);

  /**
   * Retention, after a write: every key of the task expires when its record does, and a tenant's
   * history loses the entries of expired tasks. Apart from the writes themselves so they stay simple;
   * should this step fail, the task merely outlives its retention until its next write.
   */
  const retain = async (record: TaskRecord, trimIndex: boolean) => {
    const at = expiresAt(record, retentionMs);
    const batch = redis.multi().pexpireat(k.task(record.id), at);
    if (record.taskId) batch.pexpireat(k.taskId(record.taskId), at);
    if (record.externalTaskId !== null) batch.pexpireat(k.idem(callerScope(record.tenant, record.user), record.externalTaskId), at);
    if (trimIndex) {
      const floor = `(${retentionFloor(Date.now(), retentionMs)}`;
      batch.zremrangebylex(k.tenant(record.tenant), '-', floor);
      if (record.user != null) batch.zremrangebylex(k.user(record.tenant, record.user), '-', floor);
    }
    await batch.exec();
  };

  return {
    available: () => isRedisReady(redis),
    async get(id) {
      return parse(await redis.get(k.task(id)));
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      return (await redis.mget(ids.map(k.task))).map(parse);
    },
    async findByTaskId(taskId) {
      return redis.get(k.taskId(taskId));
    },
    async insert(record) {
      const owned = record.user != null;
      const keys = [
        k.task(record.id),
        k.tenant(record.tenant),
        k.live,
        k.taskId(record.taskId ?? ''),
        k.idem(callerScope(record.tenant, record.user), record.externalTaskId ?? ''),
        owned ? k.user(record.tenant, record.user!) : k.user(record.tenant, ''),
      ];
      const flags = [!isTerminal(record.status), record.taskId !== null, record.externalTaskId !== null, owned].map(flag);
      const stored = await INSERT(redis, keys, [JSON.stringify(record), record.id, indexKey(record), ...flags]);
      if (stored !== 1) throw new Error(`task ${record.id} already stored`);
      await retain(record, true);
    },
    async replace(next) {
      const live = isTerminal(next.status) ? '0' : '1';
      const keys = [k.task(next.id), k.live, k.taskId(next.taskId ?? '')];
      const stored = await REPLACE(redis, keys, [JSON.stringify(next), next.version - 1, next.id, live, flag(next.taskId !== null)]);
      if (stored === 1) await retain(next, false);
      return stored === 1;
    },
    async remove(record) {
      const owned = record.user != null;
      const keys = [
        k.task(record.id),
        k.tenant(record.tenant),
        k.live,
        k.idem(callerScope(record.tenant, record.user), record.externalTaskId ?? ''),
        k.user(record.tenant, record.user ?? ''),
      ];
      await REMOVE(redis, keys, [record.id, indexKey(record), flag(record.externalTaskId !== null), flag(owned)]);
    },
    async claimIdempotencyKey(tenant, key, candidateId) {
      for (;;) {
        const holder = (await CLAIM(redis, [k.idem(tenant, key)], [candidateId, PENDING_KEY_TTL_MS])) as string | null;
        // Null only when the reservation lapsed between SET and GET: claim again.
        if (holder !== null) return holder;
      }
    },
    async releaseIdempotencyKey(tenant, key, holderId) {
      await RELEASE(redis, [k.idem(tenant, key)], [holderId]);
    },
    async list(query) {
      const records: TaskRecord[] = [];
      const cursors: string[] = [];
      let from = query.after === undefined ? '+' : `(${query.after}`;
      // Entries of expired tasks are not history any more, trimmed yet or not.
      const floor = `[${retentionFloor(Date.now(), retentionMs)}`;
      let scanned = 0;
      for (;;) {
        const index = query.user === undefined ? k.tenant(query.tenant) : k.user(query.tenant, query.user);
        const keys = (await redis.call('ZRANGE', index, from, floor, 'BYLEX', 'REV', 'LIMIT', 0, LIST_BATCH)) as string[];
        if (keys.length === 0) return { records, cursors, hasNextPage: false };
        const batch = await redis.mget(keys.map((key) => k.task(key.slice(key.indexOf(':') + 1))));
        for (let i = 0; i < keys.length; i++) {
          const record = parse(batch[i] ?? null);
          if (!record || !matchesQuery(record, query)) continue;
          if (records.length === query.limit) return { records, cursors, hasNextPage: true };
          records.push(record);
          cursors.push(encodeCursor(keys[i]!));
        }
        if (keys.length < LIST_BATCH) return { records, cursors, hasNextPage: false };
        const last = keys[keys.length - 1]!;
        scanned += keys.length;
        if (scanned >= MAX_SCAN_PER_PAGE) return { records, cursors, hasNextPage: true, resumeCursor: encodeCursor(last) };
        from = `(${last}`;
      }
    },
    async liveTaskIds() {
      return redis.smembers(k.live);
    },
    async close() {},
  };
}
