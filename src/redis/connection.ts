import { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A single Redis node or a Redis Cluster (Valkey alike): the store, schedule and queue take either. */
export type RedisClient = Redis | Cluster;

/** Where Redis is: one node by URL, or a cluster by some of its nodes (the rest are discovered). */
export type RedisTarget = { url: string } | { clusterNodes: { host: string; port: number }[] };

export const isCluster = (redis: RedisClient): redis is Cluster => redis instanceof Cluster;

const retry = (times: number) => Math.min(times * 100, 2000);

/**
 * A Redis connection that never queues a command while disconnected: a command then fails at once
 * and its caller decides (a create refuses before calling Kling, the poller tries again next tick),
 * instead of piling up and being rejected all together after ~10 s of outage (trap T5). Reconnects
 * go on for ever; ioredis resubscribes a subscriber connection's channels by itself.
 *
 * On a cluster, `sharded` gives the client one subscriber connection per master for SSUBSCRIBE;
 * commands follow MOVED/ASK during a reshard and wait out a failover (`retryDelayOnFailover`)
 * a bounded number of times, then fail like any other unreachable Redis.
 */
export function createRedisConnection(target: RedisTarget | string, name: string, log: Logger, { sharded = false } = {}): RedisClient {
  const where = typeof target === 'string' ? { url: target } : target;
  const redis: RedisClient =
    'url' in where
      ? new Redis(where.url, {
          connectionName: name,
          lazyConnect: true,
          enableOfflineQueue: false,
          // Commands issued in one tick share one write: many creates or polls at once cost few syscalls.
          enableAutoPipelining: true,
          maxRetriesPerRequest: 2,
          retryStrategy: retry,
        })
      : new Cluster(where.clusterNodes, {
          lazyConnect: true,
          enableOfflineQueue: false,
          // Per node: commands of one tick bound for the same master share one write.
          enableAutoPipelining: true,
          shardedSubscribers: sharded,
          clusterRetryStrategy: retry,
          // A promoted replica takes a few seconds to be elected: a command retries through that.
          retryDelayOnFailover: 200,
          retryDelayOnClusterDown: 200,
          retryDelayOnTryAgain: 100,
          maxRedirections: 32,
          // ioredis follows a MOVED by itself only for a lone command: an auto-pipelined batch whose
          // commands are MOVED to different nodes fails as it is and leaves the slot map stale (seen
          // here after a failover: SPUBLISH kept failing). Re-reading the slot map every second
          // bounds that to about a second.
          slotsRefreshInterval: 1000,
          redisOptions: { connectionName: name, maxRetriesPerRequest: 2 },
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
export async function connectRedis(redis: RedisClient, timeoutMs = 10_000): Promise<void> {
  const timer = setTimeout(() => redis.disconnect(), timeoutMs);
  try {
    await redis.connect();
  } catch (error) {
    throw new Error(`Redis is unreachable: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

export const isRedisReady = (redis: RedisClient): boolean => redis.status === 'ready';
