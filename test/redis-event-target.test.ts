import { createPubSub } from '@graphql-yoga/subscription';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisEventTarget, type RedisEventTarget } from '../src/pubsub/redis-event-target.js';
import { connectRedis, createRedisConnection, type RedisClient } from '../src/redis/connection.js';
import { REDIS_URL, testPrefix } from './support/redis.js';
import { startRedisCluster } from './support/redis-cluster.js';

const log = pino({ level: 'silent' });
const connections: RedisClient[] = [];
async function target(): Promise<RedisEventTarget> {
  const publisher = createRedisConnection(REDIS_URL, 'pub', log);
  const subscriber = createRedisConnection(REDIS_URL, 'sub', log);
  await Promise.all([connectRedis(publisher), connectRedis(subscriber)]);
  connections.push(publisher, subscriber);
  return createRedisEventTarget({ publisher, subscriber, log });
}

let a: RedisEventTarget;
let b: RedisEventTarget;
beforeAll(async () => {
  [a, b] = await Promise.all([target(), target()]);
});
afterAll(() => {
  for (const redis of connections) redis.disconnect();
});

describe('the Redis event target', () => {
  it("carries yoga's createPubSub between two processes' connections", async () => {
    const topic = `${testPrefix()}updates`;
    const onA = createPubSub<{ [topic]: [string, { n: number }] }>({ eventTarget: a });
    const onB = createPubSub<{ [topic]: [string, { n: number }] }>({ eventTarget: b });
    const iterator = onB.subscribe(topic, 'x')[Symbol.asyncIterator]();
    const first = iterator.next();
    // createPubSub attaches on the first next(); the target says when Redis has confirmed it.
    await b.subscribed(`${topic}:x`);
    onA.publish(topic, 'x', { n: 1 });
    expect(await first).toEqual({ done: false, value: { n: 1 } });
    await iterator.return?.();
    expect(b.channels()).not.toContain(`${topic}:x`);
  });

  it('refcounts SUBSCRIBE: one channel for many listeners, released with the last', async () => {
    const channel = `${testPrefix()}c`;
    const got: unknown[] = [];
    const l1 = (e: { detail: unknown }) => got.push(['l1', e.detail]);
    const l2 = (e: { detail: unknown }) => got.push(['l2', e.detail]);
    b.addEventListener(channel, l1 as never);
    b.addEventListener(channel, l2 as never);
    await b.subscribed(channel);
    await a.publish(channel, 1);
    await expect.poll(() => got).toEqual([['l1', 1], ['l2', 1]]);
    b.removeEventListener(channel, l1 as never);
    expect(b.channels()).toContain(channel);
    b.removeEventListener(channel, l2 as never);
    expect(b.channels()).not.toContain(channel);
  });

  it('fails commands while Redis is away instead of queueing them, and never crashes the process', async () => {
    const publisher = createRedisConnection('redis://127.0.0.1:1', 'nowhere', log);
    const subscriber = createRedisConnection('redis://127.0.0.1:1', 'nowhere-sub', log);
    const offline = createRedisEventTarget({ publisher, subscriber, log });
    const started = performance.now();
    await expect(offline.publish('c', 1)).rejects.toThrow();
    offline.addEventListener('c', (() => undefined) as never);
    await expect(offline.subscribed('c')).rejects.toThrow(/subscribe failed/);
    offline.dispatchEvent(new CustomEvent('c', { detail: 1 }) as never);
    offline.removeEventListener('c', (() => undefined) as never);
    expect(performance.now() - started).toBeLessThan(500);
    publisher.disconnect();
    subscriber.disconnect();
    await new Promise((r) => setTimeout(r, 50));
  });

  it('on an unreachable Redis Cluster too, commands fail at once and nothing crashes', async () => {
    const nowhere = { clusterNodes: [{ host: '127.0.0.1', port: 1 }] };
    const publisher = createRedisConnection(nowhere, 'nowhere', log);
    const subscriber = createRedisConnection(nowhere, 'nowhere-sub', log, { sharded: true });
    const offline = createRedisEventTarget({ publisher, subscriber, log, sharded: true });
    const started = performance.now();
    await expect(offline.publish('c{1}', 1)).rejects.toThrow();
    offline.addEventListener('c{1}', (() => undefined) as never);
    await expect(offline.subscribed('c{1}')).rejects.toThrow(/subscribe failed/);
    offline.dispatchEvent(new CustomEvent('c{1}', { detail: 1 }) as never);
    expect(performance.now() - started).toBeLessThan(500);
    publisher.disconnect();
    subscriber.disconnect();
  });

  it('on a Redis Cluster: shard channels across slots, and after a failover they are subscribed again and listeners told', async () => {
    const cluster = await startRedisCluster();
    const where = { clusterNodes: cluster.nodes };
    const publisher = createRedisConnection(where, 'pub', log);
    const subscriber = createRedisConnection(where, 'sub', log, { sharded: true });
    try {
      await Promise.all([connectRedis(publisher), connectRedis(subscriber)]);
      const sharded = createRedisEventTarget({ publisher, subscriber, log, sharded: true });
      let resubscribed = 0;
      sharded.onResubscribed(() => resubscribed++);
      // Channels in many slots, so every master carries some.
      const prefix = testPrefix();
      const names = Array.from({ length: 12 }, (_, i) => `${prefix}events:{task-${i}}`);
      const got = new Map<string, unknown[]>(names.map((n) => [n, []]));
      for (const name of names) sharded.addEventListener(name, ((e: { detail: unknown }) => got.get(name)!.push(e.detail)) as never);
      await Promise.all(names.map((n) => sharded.subscribed(n)));
      await Promise.all(names.map((n) => sharded.publish(n, 'before')));
      await expect.poll(() => names.every((n) => got.get(n)!.length === 1)).toBe(true);

      const victim = await cluster.ownerOf(names[0]!);
      const seen = resubscribed;
      await cluster.kill(victim);
      await cluster.healthy(30_000);
      // The subscriber connections were rebuilt for the new topology: listeners are told (they
      // re-read the store then), and every channel carries messages again.
      await expect.poll(() => resubscribed, { timeout: 15_000 }).toBeGreaterThan(seen);
      const errors = new Set<string>();
      await expect
        .poll(
          async () => {
            await Promise.all(names.map((n) => sharded.publish(n, 'after').catch((error: Error) => errors.add(error.message))));
            return names.filter((n) => !got.get(n)!.includes('after'));
          },
          { timeout: 15_000, interval: 300 },
        )
        .toEqual([]);
      console.info(`shard channels after a failover: publish errors on the way ${[...errors].join('; ') || 'none'}`);
      for (const name of names) sharded.removeEventListener(name, undefined as never);
    } finally {
      publisher.disconnect();
      subscriber.disconnect();
      await cluster.destroy();
    }
  }, 60_000);
});
