import type { RedisClient } from '../redis/connection.js';
import { RENDER_WINDOW, type RenderTimes } from './render-times.js';

/** Key (under the prefix): `rendertimes:<render key>`, a list of ms, newest first, trimmed to the window. */
export function createRedisRenderTimes({ redis, prefix, window = RENDER_WINDOW }: { redis: RedisClient; prefix: string; window?: number }): RenderTimes {
  const k = (key: string) => `${prefix}rendertimes:${key}`;
  return {
    async add(key, ms) {
      await redis.multi().lpush(k(key), Math.round(ms)).ltrim(k(key), 0, window - 1).exec();
    },
    async recent(key) {
      return (await redis.lrange(k(key), 0, window - 1)).map(Number);
    },
  };
}
