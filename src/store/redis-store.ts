import type { Redis } from 'ioredis';
import { callerScope } from '../model/caller.js';
import { isTerminal, type TaskRecord } from '../model/task.js';
import { isRedisReady } from '../redis/connection.js';
import { luaScript } from '../redis/script.js';
import { encodeCursor, indexKey, matchesQuery, MAX_SCAN_PER_PAGE, type TaskStore } from './task-store.js';

/** How long an idempotency key stays reserved for a create that never finished (its replica died). */
export const PENDING_KEY_TTL_MS = 120_000;
/** Index entries read per round trip while filling a filtered page. */
const LIST_BATCH = 100;

// Every multi-key change is one Lua script, so no replica ever sees half of it.
// INSERT answers 1 again for the same record, so a retry after a lost reply is not an error.
const INSERT = luaScript(`
local existing = redis.call('GET', KEYS[1])
if existing then return existing == ARGV[1] and 1 or 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], 0, ARGV[3])
if ARGV[4] == '1' then redis.call('SADD', KEYS[4], ARGV[2]) end
local optional = 5
if ARGV[5] == '1' then redis.call('SET', KEYS[optional], ARGV[2]); optional = optional + 1 end
if ARGV[6] == '1' then redis.call('ZADD', KEYS[optional], 0, ARGV[3]) end
return 1`);

const REPLACE = luaScript(`
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if cjson.decode(current).version ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
if ARGV[4] == '0' then redis.call('SREM', KEYS[2], ARGV[3]) end
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
}

/**
 * Keys (under the prefix): `task:<id>` the record as JSON; `taskid:<kling task_id>` -> id;
 * `tenant:<tenant>` a sorted set of index keys (creation time, id) for history pages, and
 * `user:<tenant>~<user>` the same for one end user's tasks;
 * `idem:<tenant>:<key>` -> id; `live` the ids not yet terminal.
 */
export function createRedisStore({ redis, prefix }: RedisStoreOptions): TaskStore {
  const k = {
    task: (id: string) => `${prefix}task:${id}`,
    taskId: (taskId: string) => `${prefix}taskid:${taskId}`,
    tenant: (tenant: string) => `${prefix}tenant:${tenant}`,
    user: (tenant: string, user: string) => `${prefix}user:${callerScope(tenant, user)}`,
    idem: (tenant: string, key: string) => `${prefix}idem:${tenant}:${key}`,
    live: `${prefix}live`,
  };
  const parse = (json: string | null): TaskRecord | null => (json ? (JSON.parse(json) as TaskRecord) : null);

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
      const keys = [k.task(record.id), k.taskId(record.taskId), k.tenant(record.tenant), k.live];
      const keyed = record.externalTaskId !== null;
      if (keyed) keys.push(k.idem(callerScope(record.tenant, record.user), record.externalTaskId!));
      const owned = record.user != null;
      if (owned) keys.push(k.user(record.tenant, record.user!));
      const live = isTerminal(record.status) ? '0' : '1';
      const flags = [keyed ? '1' : '0', owned ? '1' : '0'];
      const stored = await INSERT(redis, keys, [JSON.stringify(record), record.id, indexKey(record), live, ...flags]);
      if (stored !== 1) throw new Error(`task ${record.id} already stored`);
    },
    async replace(next) {
      const live = isTerminal(next.status) ? '0' : '1';
      const stored = await REPLACE(redis, [k.task(next.id), k.live], [JSON.stringify(next), next.version - 1, next.id, live]);
      return stored === 1;
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
      let scanned = 0;
      for (;;) {
        const index = query.user === undefined ? k.tenant(query.tenant) : k.user(query.tenant, query.user);
        const keys = (await redis.call('ZRANGE', index, from, '-', 'BYLEX', 'REV', 'LIMIT', 0, LIST_BATCH)) as string[];
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
