/**
 * The admission state shared by every replica: per pool (a Kling model: Kling counts its concurrency
 * per model version) a FIFO queue per tenant served round-robin, the set of tasks holding a slot,
 * and the leases of dispatches under way. Every step is atomic in the store (one Lua script each in
 * Redis), so replicas never submit beyond a pool's limit nor dispatch one task twice.
 */

export interface Claim {
  id: string;
  tenant: string;
  /** Whether another claim may succeed now: tasks are still queued in the pool and a slot is free. */
  more: boolean;
}

export interface ClaimLimits {
  /** Slots configured for the pool; undefined = learn it from Kling's first 1303. */
  slots: number | undefined;
  /** Per tenant: most tasks in flight at once; `*` for tenants not named (none: no limit). */
  tenantInFlight: Record<string, number>;
}

export interface PoolState {
  pool: string;
  inFlight: number;
  queued: number;
  /** The limit in force: configured, lowered by a 1303, or learned; undefined while still learning. */
  limit: number | undefined;
}

export interface TenantCounts {
  queued: number;
  inFlight: number;
  /** Video-seconds charged today (UTC). */
  secondsToday: number;
}

export interface AdmissionQueue {
  /** Adds a task to the end (or, after a refusal, the head) of its tenant's queue; a task already queued or in flight is left as is. */
  enqueue(pool: string, tenant: string, id: string, atHead?: boolean): Promise<void>;
  /**
   * Takes the next task if the pool has a free slot: the next tenant in round-robin order that has
   * a task and room under its own in-flight limit, and that tenant's oldest task. The task then
   * holds a slot and a dispatch lease until `leaseEnd`. With `adding`, that task is first added to
   * the end of its tenant's queue, in the same atomic step (a create's own admission: one round trip).
   */
  claim(pool: string, limits: ClaimLimits, now: number, leaseEnd: number, adding?: { tenant: string; id: string }): Promise<Claim | null>;
  /** Kling has the task: its dispatch lease ends; the slot stays held until the task ends. */
  confirm(id: string): Promise<void>;
  /**
   * A claimed task goes back to the head of its queue and gives its slot back. With `cap`, the
   * pool's limit drops to what is then in flight: Kling answered 1303. With nothing of ours in
   * flight, a 1303 says only that someone else holds the slots, so the limit stays.
   */
  requeue(pool: string, tenant: string, id: string, cap: boolean): Promise<void>;
  /**
   * The task no longer holds a slot (it ended, or Kling refused it). With `liftCap`, a limit lowered
   * by a 1303 returns to the configured one. Returns whether it held one.
   */
  release(pool: string, id: string, liftCap: boolean): Promise<boolean>;
  /** Takes a queued task out of its queue; false when it is not there (claimed, or gone). */
  withdraw(pool: string, tenant: string, id: string): Promise<boolean>;
  /** Dispatch leases that ran out (their replica died mid-dispatch), each leased again until `leaseEnd`. */
  expiredDispatches(now: number, leaseEnd: number, limit: number): Promise<string[]>;
  /** 1 = next to be dispatched in its pool; null when not queued. */
  position(pool: string, tenant: string, id: string): Promise<number | null>;
  /** Pools with queued or in-flight tasks. */
  pools(): Promise<string[]>;
  poolState(pool: string, slots: number | undefined): Promise<PoolState>;
  /** Ids holding a slot in `pool` (to release those whose end was missed). */
  inFlightIds(pool: string): Promise<string[]>;
  tenantCounts(tenant: string, day: string): Promise<TenantCounts>;
  /** Adds (or, negative, gives back) video-seconds to a tenant's day; returns the new total. */
  chargeSeconds(tenant: string, day: string, seconds: number): Promise<number>;
}

/** The UTC day a charge counts against, and when it resets. */
export function utcDay(now: number): { day: string; resetsAt: number } {
  const date = new Date(now);
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return { day: new Date(start).toISOString().slice(0, 10), resetsAt: start + 86_400_000 };
}

/**
 * Where a queued task stands in the round-robin order. `i` is its index in its own tenant's queue;
 * `tenants` are the tenants with queued tasks in turn order, each with its queue length. Every
 * tenant serves min(length, i) tasks before the round in which ours goes, and in that round the
 * tenants before ours with more than i tasks go first.
 */
export function fairPosition(i: number, tenant: string, tenants: readonly { tenant: string; length: number }[]): number {
  let position = 1;
  let before = true;
  for (const entry of tenants) {
    if (entry.tenant === tenant) {
      before = false;
      position += i;
      continue;
    }
    position += Math.min(entry.length, i);
    if (before && entry.length > i) position += 1;
  }
  return position;
}
