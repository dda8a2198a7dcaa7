import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Redis } from 'ioredis';

/**
 * Redis for the benchmarks: a database of its own (13 unless BENCH_REDIS_URL says otherwise) and a
 * key prefix per gateway group, removed at the end. The prefix is passed under the names a Redis
 * mode might read; the probe finds out which one (if any) the gateway honours.
 */
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/13';
export const PREFIX_VARS = ['REDIS_PREFIX', 'REDIS_KEY_PREFIX'] as const;

export interface RedisPlan {
  /** The gateway opened Redis connections when REDIS_URL was set. */
  gatewayUsesRedis: boolean;
  /** Redis answered at all. */
  reachable: boolean;
  /** Which env var carried a prefix the gateway's keys showed, if any. */
  prefixVar?: string;
  note: string;
  url: string;
}

export function redisEnv(plan: RedisPlan, prefix: string, url = plan.url): Record<string, string> {
  if (!plan.gatewayUsesRedis) return {};
  const env: Record<string, string> = { REDIS_URL: url };
  for (const name of PREFIX_VARS) env[name] = prefix;
  return env;
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

/** Local ports of `pid`'s TCP connections to `remotePort` (from /proc; Linux only). */
export function tcpConnectionsOf(pid: number, remotePort: number): number[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const match = /^socket:\[(\d+)\]$/.exec(link);
        if (match) inodes.add(match[1]!);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return [];
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const local = cols[1]!;
      const remote = cols[2]!;
      const state = cols[3]!;
      const inode = cols[9]!;
      if (state !== '01' || !inodes.has(inode)) continue;
      if (parseInt(remote.split(':')[1]!, 16) === remotePort) ports.push(parseInt(local.split(':')[1]!, 16));
    }
  }
  return ports;
}

export function redisPort(url: string): number {
  return Number(new URL(url).port || 6379);
}
