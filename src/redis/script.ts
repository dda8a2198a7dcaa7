import { createHash } from 'node:crypto';
import type { RedisClient } from './connection.js';

/**
 * A Lua script run by its SHA (EVALSHA), so its source crosses the wire once per Redis server
 * rather than with every call; loaded again by EVAL when Redis answers NOSCRIPT (after a restart).
 */
export function luaScript(source: string) {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (redis: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown> => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(source, keys.length, ...keys, ...args);
    }
  };
}
