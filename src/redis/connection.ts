import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A Redis connection that never queues a command while disconnected: a command then fails at once
 * and its caller decides (a create refuses before calling Kling, the poller tries again next tick),
 * instead of piling up and being rejected all together after ~10 s of outage (trap T5). Reconnects
 * go on for ever; ioredis resubscribes a subscriber connection's channels by itself.
 */
export function createRedisConnection(url: string, name: string, log: Logger): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    enableOfflineQueue: false,
    // Commands issued in one tick share one write: many creates or polls at once cost few syscalls.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  // Without a listener ioredis prints every connection error; one line per outage is enough.
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn({ connection: name, err: error.message }, 'redis connection lost; reconnecting');
  });
  redis.on('ready', () => {
    if (down) log.info({ connection: name }, 'redis connection back');
    down = false;
  });
  return redis;
}

/** Connects, or fails with a message that names what could not be reached. */
export async function connectRedis(redis: Redis, timeoutMs = 10_000): Promise<void> {
  const timer = setTimeout(() => redis.disconnect(), timeoutMs);
  try {
    await redis.connect();
  } catch (error) {
    throw new Error(`Redis is unreachable: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

export const isRedisReady = (redis: Redis): boolean => redis.status === 'ready';
