import type { AdmissionQueue, Claim } from './admission-queue.js';
import { fairPosition } from './admission-queue.js';

interface Pool {
  /** Tenant -> its queued ids, oldest first. */
  queues: Map<string, string[]>;
  /** Tenants with queued tasks, next turn first. */
  turns: string[];
  /** Id -> tenant, for every task holding a slot. */
  inFlight: Map<string, string>;
  cap: number | undefined;
}

/** The single-process admission state: the same steps as the Redis one, each synchronous, so atomic. */
export function createMemoryAdmission(): AdmissionQueue {
  const pools = new Map<string, Pool>();
  const queued = new Map<string, string>();
  const leases = new Map<string, number>();
  const tenantInFlight = new Map<string, number>();
  const seconds = new Map<string, number>();
  const pool = (name: string): Pool => {
    let found = pools.get(name);
    if (!found) pools.set(name, (found = { queues: new Map(), turns: [], inFlight: new Map(), cap: undefined }));
    return found;
  };
  const bump = (tenant: string, by: number) => tenantInFlight.set(tenant, (tenantInFlight.get(tenant) ?? 0) + by);
  const release = (p: Pool, id: string): boolean => {
    const tenant = p.inFlight.get(id);
    leases.delete(id);
    if (tenant === undefined) return false;
    p.inFlight.delete(id);
    bump(tenant, -1);
    return true;
  };
  const enqueue = (name: string, tenant: string, id: string, atHead = false) => {
    const p = pool(name);
    if (queued.has(id) || p.inFlight.has(id)) return;
    const queue = p.queues.get(tenant) ?? [];
    if (atHead) queue.unshift(id);
    else queue.push(id);
    p.queues.set(tenant, queue);
    queued.set(id, name);
    if (!p.turns.includes(tenant)) {
      if (atHead) p.turns.unshift(tenant);
      else p.turns.push(tenant);
    }
  };

  return {
    async enqueue(name, tenant, id, atHead) {
      enqueue(name, tenant, id, atHead);
    },
    async claim(name, limits, _now, leaseEnd, adding) {
      if (adding) enqueue(name, adding.tenant, adding.id);
      const p = pool(name);
      let limit = limits.slots;
      if (p.cap !== undefined && (limit === undefined || p.cap < limit)) limit = p.cap;
      const room = () => limit === undefined || p.inFlight.size < limit;
      if (!room()) return null;
      for (let turn = p.turns.length; turn > 0; turn--) {
        const tenant = p.turns.shift()!;
        const queue = p.queues.get(tenant) ?? [];
        const max = limits.tenantInFlight[tenant] ?? limits.tenantInFlight['*'];
        if (max !== undefined && (tenantInFlight.get(tenant) ?? 0) >= max) {
          p.turns.push(tenant);
          continue;
        }
        const id = queue.shift();
        if (id === undefined) continue;
        if (queue.length > 0) p.turns.push(tenant);
        else p.queues.delete(tenant);
        queued.delete(id);
        p.inFlight.set(id, tenant);
        bump(tenant, 1);
        leases.set(id, leaseEnd);
        return { id, tenant, more: p.turns.length > 0 && room() } satisfies Claim;
      }
      return null;
    },
    async confirm(id) {
      leases.delete(id);
    },
    async requeue(name, tenant, id, cap) {
      const p = pool(name);
      release(p, id);
      if (cap && p.inFlight.size > 0) p.cap = p.inFlight.size;
      enqueue(name, tenant, id, true);
    },
    async release(name, id, liftCap) {
      const p = pool(name);
      const held = release(p, id);
      if (held && liftCap) p.cap = undefined;
      return held;
    },
    async withdraw(name, tenant, id) {
      const p = pool(name);
      const queue = p.queues.get(tenant);
      const at = queue?.indexOf(id) ?? -1;
      if (!queue || at < 0) return false;
      queue.splice(at, 1);
      queued.delete(id);
      if (queue.length === 0) {
        p.queues.delete(tenant);
        p.turns = p.turns.filter((t) => t !== tenant);
      }
      return true;
    },
    async expiredDispatches(now, leaseEnd, limit) {
      const out: string[] = [];
      for (const [id, end] of leases) {
        if (out.length >= limit) break;
        if (end > now) continue;
        leases.set(id, leaseEnd);
        out.push(id);
      }
      return out;
    },
    async position(name, tenant, id) {
      const p = pools.get(name);
      const at = p?.queues.get(tenant)?.indexOf(id) ?? -1;
      if (!p || at < 0) return null;
      return fairPosition(at, tenant, p.turns.map((t) => ({ tenant: t, length: p.queues.get(t)?.length ?? 0 })));
    },
    async pools() {
      return [...pools].filter(([, p]) => p.turns.length > 0 || p.inFlight.size > 0).map(([name]) => name);
    },
    async poolState(name, slots) {
      const p = pool(name);
      let queuedCount = 0;
      for (const queue of p.queues.values()) queuedCount += queue.length;
      const limit = p.cap !== undefined && (slots === undefined || p.cap < slots) ? p.cap : slots;
      return { pool: name, inFlight: p.inFlight.size, queued: queuedCount, limit };
    },
    async inFlightIds(name) {
      return [...(pools.get(name)?.inFlight.keys() ?? [])];
    },
    async tenantCounts(tenant, day) {
      let queuedCount = 0;
      for (const p of pools.values()) queuedCount += p.queues.get(tenant)?.length ?? 0;
      return { queued: queuedCount, inFlight: tenantInFlight.get(tenant) ?? 0, secondsToday: seconds.get(`${tenant}\u0000${day}`) ?? 0 };
    },
    async chargeSeconds(tenant, day, by) {
      const key = `${tenant}\u0000${day}`;
      const total = (seconds.get(key) ?? 0) + by;
      seconds.set(key, total);
      return total;
    },
  };
}
