import type { RedisClient } from '../redis/connection.js';
import { luaScript } from '../redis/script.js';
import { RENDER_WINDOW, type RenderTimes } from './render-times.js';

// A script, not MULTI, so it joins the tick's auto-pipelined write.
const ADD = luaScript(`
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
return 1`);

/** Key (under the prefix): `rendertimes:<render key>`, a list of ms, newest first, trimmed to the window. */
export function createRedisRenderTimes({ redis, prefix, window = RENDER_WINDOW }: { redis: RedisClient; prefix: string; window?: number }): RenderTimes {
  const k = (key: string) => `${prefix}rendertimes:${key}`;
  return {
    async add(key, ms) {
      await ADD(redis, [k(key)], [Math.round(ms), window]);
    },
    async recent(key) {
      return (await redis.lrange(k(key), 0, window - 1)).map(Number);
    },
  };
}
