import { callerScope } from '../model/caller.js';
import { isTerminal, type TaskRecord } from '../model/task.js';
import { isCluster, isRedisReady, type RedisClient } from '../redis/connection.js';
import { luaScript } from '../redis/script.js';
import { DAY_MS, DEFAULT_RETENTION_DAYS, expiresAt, retentionFloor } from './retention.js';
import { encodeCursor, indexKey, matchesQuery, MAX_SCAN_PER_PAGE, type TaskStore } from './task-store.js';

/** How long an idempotency key stays reserved for a create that never finished (its replica died). */
export const PENDING_KEY_TTL_MS = 120_000;
/** Index entries read per round trip while filling a filtered page. */
const LIST_BATCH = 100;
/** Live ids read per SSCAN. */
const LIVE_PAGE = 1000;

// On a Redis Cluster a script may touch one slot only, so the scripts here each touch one key: the
// record (its check-and-set is what must be atomic), or one idempotency key. The index entries a
// record brings (history, live set, task_id) follow in one round trip after it, idempotently, so a
// retry after a lost reply completes what the first attempt began. Every key of a task carries its
// expiry from the command that writes it (see retention.ts), so none is ever without one.
// INSERT answers 1 again for the same record, so a retry after a lost reply is not an error.
const INSERT = luaScript(`
local existing = redis.call('GET', KEYS[1])
if existing then return existing == ARGV[1] and 1 or 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2])
return 1`);

const REPLACE = luaScript(`
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if cjson.decode(current).version ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
return 1`);

// An idempotency key holds `~<id>` while it is a reservation (a create under way) and `<id>` once
// the task is stored: only a reservation can be given back, whatever either's expiry. Both expire,
// so telling them apart by TTL would fail for a retention shorter than a reservation.
const RESERVED = '~';

// An idempotency key is freed only while it still names the task being removed (stored or not).
const DROP_IF_HELD = luaScript(`
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] or holder == '${RESERVED}' .. ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

// Answers the id holding the key, reserved just now for ARGV[1] or held before.
const CLAIM = luaScript(`
if redis.call('SET', KEYS[1], '${RESERVED}' .. ARGV[1], 'NX', 'PX', ARGV[2]) then return ARGV[1] end
local holder = redis.call('GET', KEYS[1])
if holder and string.sub(holder, 1, 1) == '${RESERVED}' then return string.sub(holder, 2) end
return holder`);

const RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == '${RESERVED}' .. ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

export interface RedisStoreOptions {
  redis: RedisClient;
  /** Namespace of every key, so deployments (and tests) can share a Redis. */
  prefix: string;
  /** How long a task is kept from its creation (see retention.ts). @default 30 days */
  retentionMs?: number;
}

/**
 * Keys (under the prefix): `task:{<id>}` the record as JSON (the braces are a Redis Cluster hash
 * tag: everything of one task lives in its slot); `taskid:<kling task_id>` -> id;
 * `tenant:{<tenant>}` a sorted set of index keys (creation time, id) for history pages, and
 * `tenant:{<tenant>}:user:<user>` the same for one end user's tasks (both in the tenant's slot);
 * `idem:<tenant>:<key>` -> id; `live` the ids not yet terminal. Every command touches one key, or
 * keys of one slot, so the same layout serves one node and a cluster.
 */
export function createRedisStore({ redis, prefix, retentionMs = DEFAULT_RETENTION_DAYS * DAY_MS }: RedisStoreOptions): TaskStore {
  const k = {
    task: (id: string) => `${prefix}task:{${id}}`,
    taskId: (taskId: string) => `${prefix}taskid:${taskId}`,
    tenant: (tenant: string) => `${prefix}tenant:{${tenant}}`,
    user: (tenant: string, user: string) => `${prefix}tenant:{${tenant}}:user:${callerScope(tenant, user)}`,
    idem: (tenant: string, key: string) => `${prefix}idem:${tenant}:${key}`,
    live: `${prefix}live`,
  };
  const parse = (json: string | null): TaskRecord | null => (json ? (JSON.parse(json) as TaskRecord) : null);
  const scanLive = async (cursor: string, count: number) => {
    const [next, ids] = await redis.sscan(k.live, cursor, 'COUNT', count);
    return { cursor: next, ids };
  };
  // On a cluster one GET per record (MGET across slots is refused; auto-pipelining still sends the
  // GETs of one node together); on one node one MGET.
  const readRecords = (ids: readonly string[]): Promise<(string | null)[]> =>
    isCluster(redis) ? Promise.all(ids.map((id) => redis.get(k.task(id)))) : redis.mget(ids.map(k.task));

  /** Drops the history entries of expired tasks (the keys themselves expire on their own). */
  const trimIndexes = (record: TaskRecord): Promise<unknown>[] => {
    const floor = `(${retentionFloor(Date.now(), retentionMs)}`;
    const trims = [redis.zremrangebylex(k.tenant(record.tenant), '-', floor)];
    if (record.user != null) trims.push(redis.zremrangebylex(k.user(record.tenant, record.user), '-', floor));
    return trims;
  };

  return {
    available: () => isRedisReady(redis),
    async get(id) {
      return parse(await redis.get(k.task(id)));
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      return (await readRecords(ids)).map(parse);
    },
    async findByTaskId(taskId) {
      return redis.get(k.taskId(taskId));
    },
    async insert(record) {
      const at = expiresAt(record, retentionMs);
      const stored = await INSERT(redis, [k.task(record.id)], [JSON.stringify(record), at]);
      if (stored !== 1) throw new Error(`task ${record.id} already stored`);
      // The record first: an idempotency key made permanent must never name a task that is not there.
      // Then the key, before the live set: should a write fail here, the create fails and gives its
      // key back, so no task the dispatcher can find (by the live set) may still be under a key that
      // can be given back, or a retry with that key would make a second task.
      if (record.externalTaskId !== null) {
        await redis.set(k.idem(callerScope(record.tenant, record.user), record.externalTaskId), record.id, 'PXAT', at);
      }
      // Separate commands, not MULTI: the keys live in different slots of a cluster. Auto-pipelining
      // sends them in one write per node.
      const writes: Promise<unknown>[] = [redis.zadd(k.tenant(record.tenant), 0, indexKey(record)), ...trimIndexes(record)];
      if (!isTerminal(record.status)) writes.push(redis.sadd(k.live, record.id));
      if (record.taskId !== null) writes.push(redis.set(k.taskId(record.taskId), record.id, 'PXAT', at));
      if (record.user != null) writes.push(redis.zadd(k.user(record.tenant, record.user), 0, indexKey(record)));
      await Promise.all(writes);
    },
    async replace(next) {
      // A record that gains its Kling task_id (a queued task submitted) gains its task_id -> id entry
      // too. That entry is true whatever the check-and-set finds (Kling's task is this record's: it
      // was created with this record's external_task_id, unique in the account), so it goes in the
      // same round trip. KEEPTTL: the record keeps the expiry its insert gave it.
      const [stored] = await Promise.all([
        REPLACE(redis, [k.task(next.id)], [JSON.stringify(next), next.version - 1]),
        next.taskId === null ? undefined : redis.set(k.taskId(next.taskId), next.id, 'PXAT', expiresAt(next, retentionMs)),
      ]);
      if (stored !== 1) return false;
      if (isTerminal(next.status)) await redis.srem(k.live, next.id);
      return true;
    },
    async remove(record) {
      // A task Kling refused within its create: gone as if never made, its idempotency key free again.
      // Its index entries go before the record, so a retry after a failure finishes the job.
      const writes: Promise<unknown>[] = [redis.zrem(k.tenant(record.tenant), indexKey(record)), redis.srem(k.live, record.id)];
      if (record.externalTaskId !== null) writes.push(DROP_IF_HELD(redis, [k.idem(callerScope(record.tenant, record.user), record.externalTaskId)], [record.id]));
      if (record.user != null) writes.push(redis.zrem(k.user(record.tenant, record.user), indexKey(record)));
      await Promise.all(writes);
      await redis.del(k.task(record.id));
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
        const batch = await readRecords(keys.map((key) => key.slice(key.indexOf(':') + 1)));
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
      // SSCAN pages rather than one SMEMBERS: at 10^5 ids that would hold Redis for one long reply.
      const ids = new Set<string>();
      let cursor = '0';
      do {
        const page = await scanLive(cursor, LIVE_PAGE);
        for (const id of page.ids) ids.add(id);
        cursor = page.cursor;
      } while (cursor !== '0');
      return [...ids];
    },
    scanLiveTaskIds: scanLive,
    async close() {},
  };
}
