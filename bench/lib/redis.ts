import { Redis } from 'ioredis';

/**
 * Redis for the benchmarks: a database of its own (13 unless BENCH_REDIS_URL says otherwise) and a
 * key prefix per gateway group, removed at the end.
 */
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/13';

export interface RedisPlan {
  /** Gateways run with REDIS_URL (Redis answered and --store=memory was not asked for). */
  gatewayUsesRedis: boolean;
  /** Redis answered at all. */
  reachable: boolean;
  note: string;
  url: string;
}

export function redisEnv(plan: RedisPlan, prefix: string, url = plan.url): Record<string, string> {
  return plan.gatewayUsesRedis ? { REDIS_URL: url, REDIS_PREFIX: prefix } : {};
}

/** Gateways use Redis when it answers; otherwise the in-memory store, and the report says so. */
export async function planRedis(url = BENCH_REDIS_URL): Promise<RedisPlan> {
  const client = await redisClient(url);
  if (!client) return { reachable: false, gatewayUsesRedis: false, url, note: `Redis did not answer at ${url}: gateways in memory` };
  client.disconnect();
  return { reachable: true, gatewayUsesRedis: true, url, note: `gateways on Redis at ${url}` };
}

export async function redisClient(url = BENCH_REDIS_URL): Promise<Redis | undefined> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch {
    client.disconnect();
    return undefined;
  }
}

export async function keysMatching(client: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** Deletes every key containing `token`; returns how many. */
export async function deleteKeys(client: Redis, token: string): Promise<number> {
  const keys = await keysMatching(client, `*${token}*`);
  for (let i = 0; i < keys.length; i += 500) await client.del(...keys.slice(i, i + 500));
  return keys.length;
}
