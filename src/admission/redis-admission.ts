import type { RedisClient } from '../redis/connection.js';
import { luaScript } from '../redis/script.js';
import type { AdmissionQueue } from './admission-queue.js';

/** A tenant's daily charge outlives its day by a day, then Redis drops it. */
const DAY_TTL_S = 2 * 86_400;

// Every key lives under the hash tag `{adm}`, so on a Redis Cluster the whole queue is one slot and
// each step stays one atomic script; every key a script touches comes in KEYS (cluster-legal, and
// safe while a slot migrates). Under `<prefix>{adm}:`, per pool: `q:<pool>:<tenant>` (list, oldest
// first), `rr:<pool>` (tenants with queued tasks, next turn first), `fly:<pool>` (zset of ids
// holding a slot), `cap:<pool>` (limit after a 1303). Shared: `queued` (id -> pool), `flyt` (id ->
// tenant), `tfly` / `tq` (tenant -> in flight / queued), `lease` (zset: id by dispatch lease end),
// `pools`, `sec:<day>:<tenant>` (video-seconds charged).
//
// KEYS: the nine fixed keys below, then the queue of each tenant named in ARGV[1] (a JSON array),
// in that order. A script that walks the round-robin list is given the queues of the tenants in it
// as this replica last saw it (more is harmless); should the list hold a tenant it was not given, it
// answers STALE with the list, changing nothing, and is run again with that list. So a step is one
// round trip, and two when a tenant has joined the list since this replica last looked.
const COMMON = `
local QUEUED, TQ, POOLS, FLYT, TFLY, LEASE, RR, FLY, CAP = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local queues = {}
for i, t in ipairs(cjson.decode(ARGV[1])) do queues[t] = KEYS[9 + i] end
local function q(tenant) return queues[tenant] end
-- Nil when every tenant in the round-robin list has its queue in KEYS; else STALE and the list.
local function uncovered()
  local turns = redis.call('LRANGE', RR, 0, -1)
  for _, t in ipairs(turns) do
    if not queues[t] then
      local answer = {'STALE'}
      for _, name in ipairs(turns) do answer[#answer + 1] = name end
      return answer
    end
  end
  return nil
end
local function enqueue(pool, tenant, id, head)
  if redis.call('HEXISTS', QUEUED, id) == 1 or redis.call('ZSCORE', FLY, id) then return 0 end
  if head then redis.call('LPUSH', q(tenant), id) else redis.call('RPUSH', q(tenant), id) end
  redis.call('HSET', QUEUED, id, pool)
  redis.call('HINCRBY', TQ, tenant, 1)
  redis.call('SADD', POOLS, pool)
  if not redis.call('LPOS', RR, tenant) then
    if head then redis.call('LPUSH', RR, tenant) else redis.call('RPUSH', RR, tenant) end
  end
  return 1
end
local function release(id)
  redis.call('ZREM', LEASE, id)
  if redis.call('ZREM', FLY, id) == 0 then return 0 end
  local tenant = redis.call('HGET', FLYT, id)
  redis.call('HDEL', FLYT, id)
  if tenant then redis.call('HINCRBY', TFLY, tenant, -1) end
  return 1
end
`;

const ENQUEUE = luaScript(`${COMMON}
return enqueue(ARGV[2], ARGV[3], ARGV[4], ARGV[5] == '1')`);

// ARGV: tenants, pool, now, leaseEnd, slots (-1 = learning), tenant in-flight limits (JSON), and
// optionally a task to add to its tenant's queue first (tenant, id): a create's own admission is
// then one step. Answers {id, tenant, more}: more = 1 while tasks stay queued and a slot is free.
const CLAIM = luaScript(`${COMMON}
local stale = uncovered()
if stale then return stale end
if ARGV[7] then enqueue(ARGV[2], ARGV[7], ARGV[8], false) end
local limit = tonumber(ARGV[5])
local lowered = redis.call('GET', CAP)
if lowered then
  lowered = tonumber(lowered)
  if limit < 0 or lowered < limit then limit = lowered end
end
local function room() return limit < 0 or redis.call('ZCARD', FLY) < limit end
if not room() then return false end
local tenantLimits = cjson.decode(ARGV[6])
for turn = 1, redis.call('LLEN', RR) do
  local tenant = redis.call('LPOP', RR)
  if not tenant then return false end
  local max = tenantLimits[tenant] or tenantLimits['*']
  if max and tonumber(redis.call('HGET', TFLY, tenant) or '0') >= max then
    redis.call('RPUSH', RR, tenant)
  else
    local id = redis.call('LPOP', q(tenant))
    if id then
      if redis.call('LLEN', q(tenant)) > 0 then redis.call('RPUSH', RR, tenant) end
      redis.call('HDEL', QUEUED, id)
      redis.call('HINCRBY', TQ, tenant, -1)
      redis.call('ZADD', FLY, ARGV[3], id)
      redis.call('HSET', FLYT, id, tenant)
      redis.call('HINCRBY', TFLY, tenant, 1)
      redis.call('ZADD', LEASE, ARGV[4], id)
      return {id, tenant, (redis.call('LLEN', RR) > 0 and room()) and 1 or 0}
    end
  end
end
return false`);

const REQUEUE = luaScript(`${COMMON}
release(ARGV[4])
local inFlight = redis.call('ZCARD', FLY)
if ARGV[5] == '1' and inFlight > 0 then redis.call('SET', CAP, inFlight) end
return enqueue(ARGV[2], ARGV[3], ARGV[4], true)`);

const RELEASE = luaScript(`${COMMON}
local held = release(ARGV[3])
if held == 1 and ARGV[4] == '1' then redis.call('DEL', CAP) end
return held`);

const WITHDRAW = luaScript(`${COMMON}
local tenant, id = ARGV[3], ARGV[4]
if redis.call('LREM', q(tenant), 1, id) == 0 then return 0 end
redis.call('HDEL', QUEUED, id)
redis.call('HINCRBY', TQ, tenant, -1)
if redis.call('LLEN', q(tenant)) == 0 then redis.call('LREM', RR, 0, tenant) end
return 1`);

// A script, not MULTI, so it joins the tick's auto-pipelined write. Answers the new total.
const CHARGE = luaScript(`
local total = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return total`);

const EXPIRED = luaScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], id) end
return ids`);

// The position in round-robin order (see fairPosition): one round trip however long the queues.
const POSITION = luaScript(`${COMMON}
local stale = uncovered()
if stale then return stale end
local tenant = ARGV[3]
if not q(tenant) then return false end
local at = redis.call('LPOS', q(tenant), ARGV[4])
if not at then return false end
local position, before = 1, true
for _, t in ipairs(redis.call('LRANGE', RR, 0, -1)) do
  if t == tenant then
    before = false
    position = position + at
  else
    local length = redis.call('LLEN', q(t))
    position = position + math.min(length, at)
    if before and length > at then position = position + 1 end
  end
end
return position`);

const POOL_STATE = luaScript(`${COMMON}
local stale = uncovered()
if stale then return stale end
local queued = 0
for _, t in ipairs(redis.call('LRANGE', RR, 0, -1)) do queued = queued + redis.call('LLEN', q(t)) end
return {redis.call('ZCARD', FLY), queued, redis.call('GET', CAP) or -1}`);

export interface RedisAdmissionOptions {
  redis: RedisClient;
  prefix: string;
}

/** Runs of a script that answered STALE before one is given up on (a flood of new tenants). */
const STALE_RETRIES = 20;

const isStale = (answer: unknown): answer is string[] => Array.isArray(answer) && answer[0] === 'STALE';

export function createRedisAdmission({ redis, prefix }: RedisAdmissionOptions): AdmissionQueue {
  const key = (name: string) => `${prefix}{adm}:${name}`;
  const seconds = (tenant: string, day: string) => key(`sec:${day}:${tenant}`);
  const fixed = (pool: string) => ['queued', 'tq', 'pools', 'flyt', 'tfly', 'lease', `rr:${pool}`, `fly:${pool}`, `cap:${pool}`].map(key);
  const queue = (pool: string, tenant: string) => key(`q:${pool}:${tenant}`);
  /** A script given the queues of `tenants` (and the pool's own keys), ARGV after the tenant list. */
  const run = (script: ReturnType<typeof luaScript>, pool: string, tenants: string[], args: (string | number)[]) =>
    script(redis, [...fixed(pool), ...tenants.map((t) => queue(pool, t))], [JSON.stringify(tenants), pool, ...args]);
  /** Per pool, its round-robin list as last seen (a script needs a superset of the list as it is). */
  const known = new Map<string, string[]>();
  /** A script that walks the pool's round-robin list, given every queue in it (and `also`'s). */
  const walk = async (script: ReturnType<typeof luaScript>, pool: string, args: (string | number)[], also?: string) => {
    for (let attempt = 0; attempt < STALE_RETRIES; attempt++) {
      const tenants = known.get(pool) ?? [];
      const given = also === undefined || tenants.includes(also) ? tenants : [...tenants, also];
      const answer = await run(script, pool, given, args);
      if (!isStale(answer)) return answer;
      // The list as it is now, not everything ever seen: each step passes only the queues it may walk.
      known.set(pool, answer.slice(1));
    }
    throw new Error(`admission queue of ${pool} kept changing under a read`);
  };
  return {
    async enqueue(pool, tenant, id, atHead = false) {
      await run(ENQUEUE, pool, [tenant], [tenant, id, atHead ? '1' : '0']);
    },
    async claim(pool, limits, now, leaseEnd, adding) {
      const args: (string | number)[] = [now, leaseEnd, limits.slots ?? -1, JSON.stringify(limits.tenantInFlight)];
      if (adding) args.push(adding.tenant, adding.id);
      const claimed = (await walk(CLAIM, pool, args, adding?.tenant)) as [string, string, number] | null;
      return claimed ? { id: claimed[0], tenant: claimed[1], more: claimed[2] === 1 } : null;
    },
    async confirm(id) {
      await redis.zrem(key('lease'), id);
    },
    async requeue(pool, tenant, id, cap) {
      await run(REQUEUE, pool, [tenant], [tenant, id, cap ? '1' : '0']);
    },
    async release(pool, id, liftCap) {
      return (await run(RELEASE, pool, [], [id, liftCap ? '1' : '0'])) === 1;
    },
    async withdraw(pool, tenant, id) {
      return (await run(WITHDRAW, pool, [tenant], [tenant, id])) === 1;
    },
    async expiredDispatches(now, leaseEnd, limit) {
      return (await EXPIRED(redis, [key('lease')], [now, leaseEnd, limit])) as string[];
    },
    async position(pool, tenant, id) {
      const at = (await walk(POSITION, pool, [tenant, id], tenant)) as number | null;
      return at ?? null;
    },
    async pools() {
      return redis.smembers(key('pools'));
    },
    async poolState(pool, slots) {
      const [inFlight, queued, cap] = (await walk(POOL_STATE, pool, [])) as [number, number, string | number];
      const lowered = Number(cap);
      const limit = lowered >= 0 && (slots === undefined || lowered < slots) ? lowered : slots;
      return { pool, inFlight, queued, limit };
    },
    async inFlightIds(pool) {
      return redis.zrange(key(`fly:${pool}`), '0', '-1');
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
      return Number(await CHARGE(redis, [seconds(tenant, day)], [by, DAY_TTL_S]));
    },
  };
}
