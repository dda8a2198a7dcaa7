import type { Redis } from 'ioredis';
import { luaScript } from '../redis/script.js';
import type { AdmissionQueue } from './admission-queue.js';

/** A tenant's daily charge outlives its day by a day, then Redis drops it. */
const DAY_TTL_S = 2 * 86_400;

// Keys are built inside the scripts from the prefix (ARGV[1]), all under the hash tag `{adm}`, so
// on a Redis Cluster they share one slot. Under `<prefix>{adm}:`, per pool: `q:<pool>:<tenant>`
// (list, oldest first), `rr:<pool>` (tenants with queued tasks, next turn first), `fly:<pool>` (zset
// of ids holding a slot), `cap:<pool>` (limit after a 1303). Shared: `queued` (id -> pool), `flyt`
// (id -> tenant), `tfly` / `tq` (tenant -> in flight / queued), `lease` (zset: id by dispatch lease
// end), `pools`, `sec:<day>:<tenant>` (video-seconds charged).
const COMMON = `
local P = ARGV[1]
local function q(pool, tenant) return P .. '{adm}:q:' .. pool .. ':' .. tenant end
local function rr(pool) return P .. '{adm}:rr:' .. pool end
local function fly(pool) return P .. '{adm}:fly:' .. pool end
local function cap(pool) return P .. '{adm}:cap:' .. pool end
local function enqueue(pool, tenant, id, head)
  if redis.call('HEXISTS', P .. '{adm}:queued', id) == 1 or redis.call('ZSCORE', fly(pool), id) then return 0 end
  if head then redis.call('LPUSH', q(pool, tenant), id) else redis.call('RPUSH', q(pool, tenant), id) end
  redis.call('HSET', P .. '{adm}:queued', id, pool)
  redis.call('HINCRBY', P .. '{adm}:tq', tenant, 1)
  redis.call('SADD', P .. '{adm}:pools', pool)
  if not redis.call('LPOS', rr(pool), tenant) then
    if head then redis.call('LPUSH', rr(pool), tenant) else redis.call('RPUSH', rr(pool), tenant) end
  end
  return 1
end
local function release(pool, id)
  redis.call('ZREM', P .. '{adm}:lease', id)
  if redis.call('ZREM', fly(pool), id) == 0 then return 0 end
  local tenant = redis.call('HGET', P .. '{adm}:flyt', id)
  redis.call('HDEL', P .. '{adm}:flyt', id)
  if tenant then redis.call('HINCRBY', P .. '{adm}:tfly', tenant, -1) end
  return 1
end
`;

const ENQUEUE = luaScript(`${COMMON}
return enqueue(ARGV[2], ARGV[3], ARGV[4], ARGV[5] == '1')`);

// ARGV: prefix, pool, now, leaseEnd, slots (-1 = learning), tenant in-flight limits (JSON).
const CLAIM = luaScript(`${COMMON}
local pool = ARGV[2]
local limit = tonumber(ARGV[5])
local lowered = redis.call('GET', cap(pool))
if lowered then
  lowered = tonumber(lowered)
  if limit < 0 or lowered < limit then limit = lowered end
end
if limit >= 0 and redis.call('ZCARD', fly(pool)) >= limit then return false end
local tenantLimits = cjson.decode(ARGV[6])
for turn = 1, redis.call('LLEN', rr(pool)) do
  local tenant = redis.call('LPOP', rr(pool))
  if not tenant then return false end
  local max = tenantLimits[tenant] or tenantLimits['*']
  if max and tonumber(redis.call('HGET', P .. '{adm}:tfly', tenant) or '0') >= max then
    redis.call('RPUSH', rr(pool), tenant)
  else
    local id = redis.call('LPOP', q(pool, tenant))
    if id then
      if redis.call('LLEN', q(pool, tenant)) > 0 then redis.call('RPUSH', rr(pool), tenant) end
      redis.call('HDEL', P .. '{adm}:queued', id)
      redis.call('HINCRBY', P .. '{adm}:tq', tenant, -1)
      redis.call('ZADD', fly(pool), ARGV[3], id)
      redis.call('HSET', P .. '{adm}:flyt', id, tenant)
      redis.call('HINCRBY', P .. '{adm}:tfly', tenant, 1)
      redis.call('ZADD', P .. '{adm}:lease', ARGV[4], id)
      return {id, tenant}
    end
  end
end
return false`);

const REQUEUE = luaScript(`${COMMON}
local pool = ARGV[2]
release(pool, ARGV[4])
local inFlight = redis.call('ZCARD', fly(pool))
if ARGV[5] == '1' and inFlight > 0 then redis.call('SET', cap(pool), inFlight) end
return enqueue(pool, ARGV[3], ARGV[4], true)`);

const RELEASE = luaScript(`${COMMON}
local held = release(ARGV[2], ARGV[3])
if held == 1 and ARGV[4] == '1' then redis.call('DEL', cap(ARGV[2])) end
return held`);

const WITHDRAW = luaScript(`${COMMON}
local pool, tenant, id = ARGV[2], ARGV[3], ARGV[4]
if redis.call('LREM', q(pool, tenant), 1, id) == 0 then return 0 end
redis.call('HDEL', P .. '{adm}:queued', id)
redis.call('HINCRBY', P .. '{adm}:tq', tenant, -1)
if redis.call('LLEN', q(pool, tenant)) == 0 then redis.call('LREM', rr(pool), 0, tenant) end
return 1`);

const EXPIRED = luaScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], id) end
return ids`);

// The position in round-robin order (see fairPosition): one round trip however long the queues.
const POSITION = luaScript(`${COMMON}
local pool, tenant = ARGV[2], ARGV[3]
local at = redis.call('LPOS', q(pool, tenant), ARGV[4])
if not at then return false end
local position, before = 1, true
for _, t in ipairs(redis.call('LRANGE', rr(pool), 0, -1)) do
  if t == tenant then
    before = false
    position = position + at
  else
    local length = redis.call('LLEN', q(pool, t))
    position = position + math.min(length, at)
    if before and length > at then position = position + 1 end
  end
end
return position`);

const POOL_STATE = luaScript(`${COMMON}
local pool = ARGV[2]
local queued = 0
for _, t in ipairs(redis.call('LRANGE', rr(pool), 0, -1)) do queued = queued + redis.call('LLEN', q(pool, t)) end
return {redis.call('ZCARD', fly(pool)), queued, redis.call('GET', cap(pool)) or -1}`);

export interface RedisAdmissionOptions {
  redis: Redis;
  prefix: string;
}

export function createRedisAdmission({ redis, prefix }: RedisAdmissionOptions): AdmissionQueue {
  const key = (name: string) => `${prefix}{adm}:${name}`;
  const seconds = (tenant: string, day: string) => key(`sec:${day}:${tenant}`);
  return {
    async enqueue(pool, tenant, id, atHead = false) {
      await ENQUEUE(redis, [], [prefix, pool, tenant, id, atHead ? '1' : '0']);
    },
    async claim(pool, limits, now, leaseEnd) {
      const slots = limits.slots ?? -1;
      const claimed = (await CLAIM(redis, [], [prefix, pool, now, leaseEnd, slots, JSON.stringify(limits.tenantInFlight)])) as
        | [string, string]
        | null;
      return claimed ? { id: claimed[0], tenant: claimed[1] } : null;
    },
    async confirm(id) {
      await redis.zrem(key('lease'), id);
    },
    async requeue(pool, tenant, id, cap) {
      await REQUEUE(redis, [], [prefix, pool, tenant, id, cap ? '1' : '0']);
    },
    async release(pool, id, liftCap) {
      return (await RELEASE(redis, [], [prefix, pool, id, liftCap ? '1' : '0'])) === 1;
    },
    async withdraw(pool, tenant, id) {
      return (await WITHDRAW(redis, [], [prefix, pool, tenant, id])) === 1;
    },
    async expiredDispatches(now, leaseEnd, limit) {
      return (await EXPIRED(redis, [key('lease')], [now, leaseEnd, limit])) as string[];
    },
    async position(pool, tenant, id) {
      const at = (await POSITION(redis, [], [prefix, pool, tenant, id])) as number | null;
      return at ?? null;
    },
    async pools() {
      return redis.smembers(key('pools'));
    },
    async poolState(pool, slots) {
      const [inFlight, queued, cap] = (await POOL_STATE(redis, [], [prefix, pool])) as [number, number, string | number];
      const lowered = Number(cap);
      const limit = lowered >= 0 && (slots === undefined || lowered < slots) ? lowered : slots;
      return { pool, inFlight, queued, limit };
    },
    async inFlightIds(pool) {
      return redis.zrange(key(`fly:${pool}`), 0, -1);
    },
    async tenantCounts(tenant, day) {
      const [queued, inFlight, secondsToday] = await Promise.all([
        redis.hget(key('tq'), tenant),
        redis.hget(key('tfly'), tenant),
        redis.get(seconds(tenant, day)),
      ]);
      return { queued: Number(queued ?? 0), inFlight: Number(inFlight ?? 0), secondsToday: Number(secondsToday ?? 0) };
    },
    async chargeSeconds(tenant, day, by) {
      const [[, total]] = (await redis.multi().incrbyfloat(seconds(tenant, day), by).expire(seconds(tenant, day), DAY_TTL_S).exec()) as [
        [unknown, string],
        unknown,
      ];
      return Number(total);
    },
  };
}
