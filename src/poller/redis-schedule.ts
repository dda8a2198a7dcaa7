import type { RedisClient } from '../redis/connection.js';
import { luaScript } from '../redis/script.js';
import type { DueTask, PollSchedule } from './schedule.js';

/**
 * Claims due tasks and leases them in one step: each claimed task's due time moves to the end of
 * its lease, so no other replica sees it as due while this one polls it. A replica that dies leaves
 * the task due at the lease's end, and whichever replica claims next takes it over.
 */
const CLAIM_DUE = luaScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
local leaseEnd = tonumber(ARGV[1]) + tonumber(ARGV[3])
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], 'XX', leaseEnd, id)
  out[#out + 1] = id
  out[#out + 1] = redis.call('HGET', KEYS[2], id) or '0'
end
return out`);

// Scripts rather than MULTI: ioredis writes a MULTI at once, on its own, where a script joins the
// tick's auto-pipelined write (one syscall for every create and poll of the tick).
const SCHEDULE = luaScript(`
if ARGV[4] == '1' then
  redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
  redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[3])
else
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
end
return 1`);

const UNSCHEDULE = luaScript(`
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1`);

export interface RedisScheduleOptions {
  redis: RedisClient;
  prefix: string;
}

/**
 * Keys: `{schedule}:due` (sorted set: id by due time, Unix ms) and `{schedule}:intervals` (hash:
 * id -> last interval). One hash tag, so on a cluster both live in one slot and a claim stays one
 * atomic script: the schedule is one shard's work, a sorted-set range read per tick (see README
 * "Capacity" for where that ends).
 */
export function createRedisSchedule({ redis, prefix }: RedisScheduleOptions): PollSchedule {
  const due = `${prefix}{schedule}:due`;
  const intervals = `${prefix}{schedule}:intervals`;
  return {
    async schedule(id, dueAt, intervalMs, onlyIfAbsent = false) {
      await SCHEDULE(redis, [due, intervals], [id, dueAt, intervalMs, onlyIfAbsent ? '1' : '0']);
    },
    async remove(id) {
      await UNSCHEDULE(redis, [due, intervals], [id]);
    },
    async claimDue(now, limit, leaseMs) {
      const flat = (await CLAIM_DUE(redis, [due, intervals], [now, limit, leaseMs])) as string[];
      const claimed: DueTask[] = [];
      for (let i = 0; i < flat.length; i += 2) claimed.push({ id: flat[i]!, intervalMs: Number(flat[i + 1]) });
      return claimed;
    },
    async size() {
      return redis.zcard(due);
    },
  };
}
