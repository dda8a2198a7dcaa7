import type { Launch } from './build.js';
import { startChild } from './child.js';
import { BENCH_REDIS_URL, deleteKeys, keysMatching, PREFIX_VARS, redisClient, redisPort, tcpConnectionsOf, type RedisPlan } from './redis.js';

/**
 * Does the gateway have a Redis mode yet, and which variable sets its key prefix? Starts one
 * gateway with REDIS_URL and a different prefix under each candidate name, writes a task, then
 * looks at the process's TCP connections to Redis and at the keys that appeared.
 */
export async function probeRedis(launch: Launch, runId: string): Promise<RedisPlan> {
  const url = BENCH_REDIS_URL;
  const client = await redisClient(url);
  if (!client) return { reachable: false, gatewayUsesRedis: false, url, note: `Redis did not answer at ${url}` };
  const tokens = PREFIX_VARS.map((_, i) => `${runId}-probe${i}`);
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: url,
    POLL_INTERVAL_MS: '3600000',
    POLL_MAX_INTERVAL_MS: '3600000',
  };
  PREFIX_VARS.forEach((name, i) => (env[name] = `${tokens[i]}:`));
  try {
    let child;
    try {
      child = await startChild(launch, { name: 'probe', script: 'bench/servers/gateway.ts', env, readyTimeoutMs: 20_000 });
    } catch (error) {
      return { reachable: true, gatewayUsesRedis: false, url, note: `gateway failed to start with REDIS_URL: ${String(error).slice(0, 300)}` };
    }
    try {
      await child.call('seed', { count: 1 });
      const connections = tcpConnectionsOf(child.pid, redisPort(url)).length;
      let prefixVar: string | undefined;
      for (const [i, token] of tokens.entries()) {
        if ((await keysMatching(client, `*${token}*`)).length > 0) prefixVar = PREFIX_VARS[i];
      }
      if (connections === 0) {
        return { reachable: true, gatewayUsesRedis: false, url, note: 'REDIS_URL set, but the gateway opened no Redis connection: in-memory mode only' };
      }
      return {
        reachable: true,
        gatewayUsesRedis: true,
        prefixVar,
        url,
        note: prefixVar
          ? `Redis mode (${connections} connections), key prefix from ${prefixVar}`
          : `Redis mode (${connections} connections), but no candidate prefix variable (${PREFIX_VARS.join(', ')}) was honoured`,
      };
    } finally {
      await child.stop();
    }
  } finally {
    for (const token of tokens) await deleteKeys(client, token);
    client.disconnect();
  }
}
