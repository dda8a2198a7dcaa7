import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_KLING_BASE_URL, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('defaults to the contract: port 4000, sandbox upstream, in-memory state, open gateway', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, host: '0.0.0.0', upstream: { kind: 'sandbox' }, pollIntervalMs: 2000, pollMaxIntervalMs: 15000 });
    expect(config.redisUrl).toBeUndefined();
    expect(config.apiKeys).toBeUndefined();
  });

  it('picks bearer or JWT upstream auth from the credentials given', () => {
    expect(loadConfig({ KLING_API_KEY: 'k' }).upstream).toEqual({ kind: 'bearer', baseUrl: DEFAULT_KLING_BASE_URL, apiKey: 'k' });
    expect(loadConfig({ KLING_ACCESS_KEY: 'a', KLING_SECRET_KEY: 's' }).upstream).toMatchObject({ kind: 'jwt', accessKey: 'a', secretKey: 's' });
    expect(loadConfig({ GATEWAY_API_KEYS: 'acme:k1, beta:k2' }).apiKeys).toEqual(new Map([['k1', 'acme'], ['k2', 'beta']]));
  });

  it('takes a Redis Cluster by some of its nodes', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-2.internal:7001' }).redisClusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-2.internal', port: 7001 },
    ]);
    expect(loadConfig({ REDIS_URL: 'redis://r:6379' }).redisClusterNodes).toBeUndefined();
  });

  it('stops on a bad value, naming the variable and never echoing a secret', () => {
    const bad: Record<string, string>[] = [
      { PORT: 'eighty' },
      { KLING_ACCESS_KEY: 'only-half-secret' },
      { GATEWAY_API_KEYS: 'no-colon-secret' },
      { POLL_INTERVAL_MS: '5000', POLL_MAX_INTERVAL_MS: '1000' },
      { POLL_LEASE_MS: '50' },
      { KLING_WEBHOOK_SECRET: 'not-whsec-secret' },
      { REDIS_CLUSTER_NODES: '10.0.0.1:7000,secret-host' },
      { REDIS_CLUSTER_NODES: 'a:70000' },
      { REDIS_CLUSTER_NODES: 'a:7000', REDIS_URL: 'redis://secret@x' },
      { REDIS_PREFIX: 'app{x}:' },
    ];
    for (const env of bad) {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(env)).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain(Object.keys(env)[0]!.split('_MS')[0]!.split('_KEY')[0]);
      expect(message).not.toMatch(/secret/);
    }
  });
});
