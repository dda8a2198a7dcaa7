import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionQueue, ClaimLimits } from '../src/admission/admission-queue.js';
import { createMemoryAdmission } from '../src/admission/memory-admission.js';
import { createRedisAdmission } from '../src/admission/redis-admission.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';
import { dropClusterPrefix, startRedisCluster, type RedisCluster } from './support/redis-cluster.js';

/** The memory and Redis admission queues pass the same suite, so the dispatcher cannot tell them apart. */
interface Made {
  queue: AdmissionQueue;
  close(): Promise<void>;
}

const memory = async (): Promise<Made> => ({ queue: createMemoryAdmission(), close: async () => {} });
async function redis(): Promise<Made> {
  const prefix = testPrefix();
  const client = new Redis(REDIS_URL);
  return {
    queue: createRedisAdmission({ redis: client, prefix }),
    async close() {
      await dropPrefix(prefix);
      client.disconnect();
    },
  };
}

let cluster: RedisCluster | undefined;
beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.destroy();
});

/** On a real Redis Cluster (three masters, one replica each): every script must keep to one slot. */
async function redisCluster(): Promise<Made> {
  const prefix = testPrefix();
  const client = new Cluster(cluster!.nodes);
  return {
    queue: createRedisAdmission({ redis: client, prefix }),
    async close() {
      await dropClusterPrefix(prefix, cluster!.nodes);
      client.disconnect();
    },
  };
}

const NONE: ClaimLimits = { slots: undefined, tenantInFlight: {} };
let pool = 0;
const freshPool = () => `pool-${++pool}`;
async function drain(queue: AdmissionQueue, name: string, limits = NONE): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const claim = await queue.claim(name, limits, 0, 1000);
    if (!claim) return out;
    out.push(claim.id);
  }
}

describe.each([
  ['memory', memory],
  ['redis', redis],
  ['redis cluster', redisCluster],
])('%s admission queue', (_name, make) => {
  let m: Made;
  beforeAll(async () => {
    m = await make();
  });
  afterAll(() => m.close());

  it('serves tenants in turn, each in order, and knows every position', async () => {
    const p = freshPool();
    for (const id of ['a1', 'a2', 'a3', 'a4']) await m.queue.enqueue(p, 'a', id);
    for (const id of ['b1', 'b2']) await m.queue.enqueue(p, 'b', id);
    await m.queue.enqueue(p, 'c', 'c1');
    // Enqueuing a task already queued changes nothing.
    await m.queue.enqueue(p, 'a', 'a1');
    const positions = await Promise.all(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4'].map((id) => m.queue.position(p, id[0]!, id)));
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await drain(m.queue, p)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
    expect(await m.queue.position(p, 'a', 'a1')).toBeNull();
  });

  it('never holds more slots than allowed; a release frees one', async () => {
    const p = freshPool();
    for (const id of ['x1', 'x2', 'x3']) await m.queue.enqueue(p, 't', id);
    expect(await drain(m.queue, p, { slots: 2, tenantInFlight: {} })).toEqual(['x1', 'x2']);
    expect(await m.queue.poolState(p, 2)).toEqual({ pool: p, inFlight: 2, queued: 1, limit: 2 });
    expect(await m.queue.release(p, 'x1', false)).toBe(true);
    expect(await m.queue.release(p, 'x1', false)).toBe(false);
    expect(await drain(m.queue, p, { slots: 2, tenantInFlight: {} })).toEqual(['x3']);
    expect((await m.queue.inFlightIds(p)).sort()).toEqual(['x2', 'x3']);
  });

  it('a 1303 puts the task back at the head and caps the pool at what is in flight, until a task ends', async () => {
    const p = freshPool();
    for (const id of ['k1', 'k2', 'k3', 'k4']) await m.queue.enqueue(p, 't', id);
    const limits = { slots: 5, tenantInFlight: {} };
    expect(await drain(m.queue, p, { slots: 3, tenantInFlight: {} })).toEqual(['k1', 'k2', 'k3']);
    await m.queue.requeue(p, 't', 'k3', true);
    expect(await m.queue.position(p, 't', 'k3')).toBe(1);
    expect((await m.queue.poolState(p, 5)).limit).toBe(2);
    expect(await drain(m.queue, p, limits)).toEqual([]);
    await m.queue.release(p, 'k1', true);
    expect((await m.queue.poolState(p, 5)).limit).toBe(5);
    expect(await drain(m.queue, p, limits)).toEqual(['k3', 'k4']);
  });

  it('a learned limit stays when a task ends; a 1303 with nothing in flight sets none', async () => {
    const p = freshPool();
    for (const id of ['l1', 'l2', 'l3']) await m.queue.enqueue(p, 't', id);
    await drain(m.queue, p, { slots: undefined, tenantInFlight: {} });
    await m.queue.requeue(p, 't', 'l3', true);
    await m.queue.release(p, 'l1', false);
    expect((await m.queue.poolState(p, undefined)).limit).toBe(2);
    const q = freshPool();
    await m.queue.enqueue(q, 't', 'solo');
    await drain(m.queue, q);
    await m.queue.requeue(q, 't', 'solo', true);
    expect((await m.queue.poolState(q, undefined)).limit).toBeUndefined();
  });

  it('skips a tenant at its in-flight limit (counted across pools), `*` for the unnamed', async () => {
    const p = freshPool();
    // Tenants of their own: in-flight counts are per tenant across every pool.
    for (const id of ['e1', 'e2', 'e3']) await m.queue.enqueue(p, 'e', id);
    for (const id of ['f1', 'f2']) await m.queue.enqueue(p, 'f', id);
    expect(await drain(m.queue, p, { slots: undefined, tenantInFlight: { e: 2, '*': 1 } })).toEqual(['e1', 'f1', 'e2']);
    expect(await m.queue.tenantCounts('f', '2026-01-01')).toMatchObject({ queued: 1, inFlight: 1 });
    const other = freshPool();
    await m.queue.enqueue(other, 'e', 'e-elsewhere');
    expect(await drain(m.queue, other, { slots: undefined, tenantInFlight: { e: 2 } })).toEqual([]);
  });

  it('claims each task once while new tenants join the round under the claims', async () => {
    const p = freshPool();
    // Claims walk the round-robin list with the queues read just before; tenants joining in
    // between make a claim start over (Redis), never lose or repeat a task.
    const ids = Array.from({ length: 60 }, (_, i) => `join-${i}`);
    const claimed: string[] = [];
    const claimer = (async () => {
      for (let idle = 0; idle < 50; ) {
        const claim = await m.queue.claim(p, NONE, 0, 1000);
        if (claim) claimed.push(claim.id);
        else idle++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all(ids.map((id, i) => m.queue.enqueue(p, `tenant-${i}`, id)));
    await claimer;
    claimed.push(...(await drain(m.queue, p)));
    expect([...claimed].sort()).toEqual([...ids].sort());
  });

  it("queues a create's own task in the step that claims, and says whether another claim may succeed", async () => {
    const p = freshPool();
    await m.queue.enqueue(p, 'o', 'o1');
    const slots3 = { slots: 3, tenantInFlight: {} };
    // Round robin still holds: the tenant queued first goes first.
    expect(await m.queue.claim(p, slots3, 0, 1000, { tenant: 'n', id: 'n1' })).toEqual({ id: 'o1', tenant: 'o', more: true });
    expect(await m.queue.claim(p, slots3, 0, 1000)).toEqual({ id: 'n1', tenant: 'n', more: false });
    expect(await m.queue.claim(p, slots3, 0, 1000)).toBeNull();
    // Queued, but the last slot is taken: no further claim can succeed.
    await m.queue.enqueue(p, 'o', 'o2');
    expect(await m.queue.claim(p, slots3, 0, 1000, { tenant: 'o', id: 'o3' })).toEqual({ id: 'o2', tenant: 'o', more: false });
    expect(await m.queue.position(p, 'o', 'o3')).toBe(1);
    expect(await m.queue.claim(p, slots3, 0, 1000)).toBeNull();
    // A full pool still queues the task it is given.
    expect(await m.queue.claim(p, slots3, 0, 1000, { tenant: 'o', id: 'o4' })).toBeNull();
    expect(await m.queue.position(p, 'o', 'o4')).toBe(2);
  });

  it('withdraws only a task still queued', async () => {
    const p = freshPool();
    for (const id of ['w1', 'w2']) await m.queue.enqueue(p, 'w', id);
    await drain(m.queue, p, { slots: 1, tenantInFlight: {} });
    expect(await m.queue.withdraw(p, 'w', 'w1')).toBe(false);
    expect(await m.queue.withdraw(p, 'w', 'w2')).toBe(true);
    expect(await m.queue.withdraw(p, 'w', 'w2')).toBe(false);
    expect(await drain(m.queue, p)).toEqual([]);
  });

  it('hands out a dispatch lease once it has run out, leased again; a confirmed one never', async () => {
    const p = freshPool();
    for (const id of ['d1', 'd2']) await m.queue.enqueue(p, 'd', id);
    await m.queue.claim(p, NONE, 0, 100);
    await m.queue.claim(p, NONE, 0, 100);
    await m.queue.confirm('d2');
    expect(await m.queue.expiredDispatches(50, 1000, 10)).not.toContain('d1');
    expect(await m.queue.expiredDispatches(150, 1000, 10)).toContain('d1');
    const again = await m.queue.expiredDispatches(150, 1000, 10);
    expect(again).not.toContain('d1');
    expect(again).not.toContain('d2');
  });

  it('charges and gives back video-seconds per tenant and day', async () => {
    const tenant = `sec-${freshPool()}`;
    expect(await m.queue.chargeSeconds(tenant, '2026-11-29', 10)).toBe(10);
    expect(await m.queue.chargeSeconds(tenant, '2026-11-29', 2.5)).toBe(12.5);
    expect(await m.queue.chargeSeconds(tenant, '2026-11-29', -10)).toBe(2.5);
    expect((await m.queue.tenantCounts(tenant, '2026-11-29')).secondsToday).toBe(2.5);
    expect((await m.queue.tenantCounts(tenant, '2026-11-30')).secondsToday).toBe(0);
  });
});

describe.each([
  ['redis', () => new Redis(REDIS_URL)],
  ['redis cluster', () => new Cluster(cluster!.nodes)],
])('%s admission queue shared by two replicas', (name, connect) => {
  it('one replica serves tenants only the other has seen, in turn, each task once', async () => {
    const prefix = testPrefix();
    const [a, b] = [connect(), connect()];
    const [first, second] = [createRedisAdmission({ redis: a, prefix }), createRedisAdmission({ redis: b, prefix })];
    try {
      const p = freshPool();
      await first.enqueue(p, 'known', 'k1');
      // The first replica has seen only `known`; every other tenant arrives through the second.
      expect(await first.claim(p, NONE, 0, 1000, { tenant: 'known', id: 'k2' })).toMatchObject({ id: 'k1' });
      for (const tenant of ['s', 't', 'u']) await second.enqueue(p, tenant, `${tenant}1`);
      await second.enqueue(p, 's', 's2');
      expect(await first.position(p, 't', 't1')).toBe(3);
      expect(await drain(first, p)).toEqual(['k2', 's1', 't1', 'u1', 's2']);
      expect(await drain(second, p)).toEqual([]);
    } finally {
      if (name === 'redis') await dropPrefix(prefix);
      else await dropClusterPrefix(prefix, cluster!.nodes);
      a.disconnect();
      b.disconnect();
    }
  });
});
