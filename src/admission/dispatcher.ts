import type { Logger } from 'pino';
import type { RenderEstimator } from '../estimates/estimator.js';
import { nextEstimate } from '../estimates/task-estimate.js';
import type { KlingClient } from '../kling/client.js';
import { isUpstreamError, KlingError } from '../kling/errors.js';
import type { WireTask } from '../kling/wire.js';
import { isTerminal, observationFromWire, STATUS_RANK, type TaskRecord } from '../model/task.js';
import type { TaskEvents } from '../pubsub/task-events.js';
import { externalIdOf, wireCreateRequest } from '../resolvers/wire-request.js';
import type { TaskStore } from '../store/task-store.js';
import type { AdmissionQueue, Claim, PoolState } from './admission-queue.js';
import { isUnknownTask, recoverCreate } from './recover-create.js';
import { slotsFor, type SlotLimits } from './slots.js';

export interface DispatcherOptions {
  store: TaskStore;
  queue: AdmissionQueue;
  events: TaskEvents;
  kling: KlingClient;
  log: Logger;
  slots: SlotLimits;
  /** Most tasks in flight at once, per tenant (tenants absent have no limit of their own). */
  tenantInFlight: Record<string, number>;
  /** Puts a task Kling accepted on the poll schedule. */
  track: (id: string) => Promise<void>;
  /** How long a replica owns a dispatch; a replica that dies mid-dispatch has it recovered after this. */
  leaseMs: number;
  /** How often the safety-net timer looks for work a missed event left behind. @default 250 */
  tickMs?: number;
  /** How often slots held by tasks whose end was missed are released, and lost queue entries restored. @default 10000 */
  reconcileMs?: number;
  callbackUrl?: () => string;
  /** Told of every create Kling refused with 1303 (metrics). */
  onConcurrencyRefusal?: (pool: string) => void;
  /** Gives a submitted task its first render-time estimate. */
  estimator?: RenderEstimator;
}

export interface Dispatcher {
  /**
   * Queues a stored `QUEUED` task and dispatches what the pools allow. When this very task gets a
   * slot now, waits for Kling's answer: the submitted record, or Kling's refusal thrown as a
   * GraphQL error with the record removed. Otherwise returns the queued record.
   */
  admit(record: TaskRecord): Promise<TaskRecord>;
  /** A task reached a terminal status: its slot is released and the next task dispatched at once. */
  settled(record: TaskRecord): void;
  /** Withdraws a queued task; null when it is not (or no longer) queued. */
  cancel(record: TaskRecord): Promise<TaskRecord | null>;
  position(record: TaskRecord): Promise<number | null>;
  poolStates(): Promise<PoolState[]>;
  /** One model pool's state. */
  poolState(pool: string): Promise<PoolState>;
  start(): void;
  stop(): Promise<void>;
}

/** A pool whose create failed transiently waits this long before the timer tries again. */
const TRANSIENT_PAUSE_MS = 1000;
/** How long a create waits on a dispatch of its task that another replica's pump claimed. */
const ELSEWHERE_WAIT_MS = 15_000;
/** Expired dispatch leases recovered per tick. */
const RECOVER_BATCH = 16;

/**
 * Submits queued tasks to Kling within each pool's slots. Triggered by a create, by a slot freed
 * (a terminal status seen by a poll or a callback on this replica), and by a timer as the safety
 * net. Each dispatch is claimed atomically with a lease: the replica that claimed it sends the
 * create; if it dies, the lease runs out and another replica looks the task up by its
 * external_task_id, so it is neither created twice nor lost.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, queue, events, kling, log } = options;
  const tickMs = options.tickMs ?? 250;
  const reconcileMs = options.reconcileMs ?? 10_000;
  const running = new Set<Promise<unknown>>();
  const pausedUntil = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let lastReconcile = 0;
  let lastRequeueScan = 0;

  const limitsOf = (pool: string) => ({ slots: slotsFor(options.slots, pool), tenantInFlight: options.tenantInFlight });
  const configured = (pool: string) => slotsFor(options.slots, pool) !== undefined;
  const background = <T>(work: Promise<T>, what: string) => {
    const run = work.catch((error: unknown) => log.warn({ err: String(error) }, what)).finally(() => running.delete(run));
    running.add(run);
  };

  /**
   * Writes a change to a record with compare-and-set, re-reading on conflict. Returns the record as
   * stored and whether this call changed it; the caller publishes.
   */
  async function write(
    id: string,
    first: TaskRecord,
    change: (current: TaskRecord) => TaskRecord | undefined,
  ): Promise<{ record: TaskRecord | null; changed: boolean }> {
    let current: TaskRecord | null = first;
    while (current) {
      const next = change(current);
      if (!next) return { record: current, changed: false };
      if (await store.replace(next)) return { record: next, changed: true };
      current = await store.get(id);
    }
    return { record: null, changed: false };
  }

  /** `write`, then publish the change. */
  async function update(id: string, first: TaskRecord, change: (current: TaskRecord) => TaskRecord | undefined): Promise<TaskRecord | null> {
    const { record, changed } = await write(id, first, change);
    if (record && changed) await events.publish(record);
    return record;
  }

  async function submitted(record: TaskRecord, wire: WireTask): Promise<TaskRecord | null> {
    const seen = observationFromWire(wire);
    const now = Date.now();
    // Without observations to read, a later poll gives the task its estimate.
    const distribution = await options.estimator?.distributionFor(record).catch(() => undefined);
    const { record: next, changed } = await write(record.id, record, (current) => {
      if (current.status !== 'QUEUED') return undefined;
      const status = seen && STATUS_RANK[seen.status] > STATUS_RANK.SUBMITTED ? seen.status : 'SUBMITTED';
      const accepted: TaskRecord = {
        ...current,
        taskId: wire.task_id,
        status,
        statusMessage: seen?.statusMessage ?? null,
        videos: seen?.videos ?? [],
        // Kling's clock, as its updated_at at the end is: the render time observed is Kling's own,
        // and the time spent queued here is not part of it.
        submittedAt: typeof wire.created_at === 'number' ? wire.created_at : now,
        startedAt: status === 'PROCESSING' && seen ? seen.updatedAt : null,
        updatedAt: now,
        version: current.version + 1,
      };
      const estimate = distribution ? nextEstimate(accepted, distribution, now, true) : undefined;
      return estimate ? { ...accepted, estimate } : accepted;
    });
    // Side by side: with auto-pipelining the three share one round trip.
    await Promise.all([
      changed && next ? events.publish(next) : undefined,
      queue.confirm(record.id),
      next?.taskId
        ? options.track(next.id).catch((error: unknown) => log.warn({ err: String(error), id: next.id }, 'task not scheduled yet'))
        : undefined,
    ]);
    if (next?.taskId && isTerminal(next.status)) settled(next);
    return next;
  }

  async function fail(record: TaskRecord, message: string): Promise<TaskRecord | null> {
    return update(record.id, record, (current) =>
      current.status !== 'QUEUED'
        ? undefined
        : { ...current, status: 'FAILED', statusMessage: message, updatedAt: Date.now(), version: current.version + 1 },
    );
  }

  /** Kling did not take the task. Returns what the create request should answer, or throws Kling's refusal. */
  async function notTaken(pool: string, record: TaskRecord, error: unknown, inRequest: boolean): Promise<TaskRecord> {
    if (error instanceof KlingError && !error.retryable) {
      // A refusal for good (content, parameters, balance, auth): the slot was never used.
      await queue.release(pool, record.id, false);
      log.warn({ id: record.id, err: error.message }, 'Kling refused a create');
      if (inRequest) {
        await store.remove(record);
        throw error.toGraphQL();
      }
      return (await fail(record, `${error.info.message} (Kling code ${error.klingCode ?? error.httpStatus})`)) ?? record;
    }
    // Transient: back to the head of its queue, never failed. A 1303 also caps the pool at what is
    // in flight: Kling's count includes tasks this gateway does not see (another client of the account).
    const overLimit = error instanceof KlingError && error.klingCode === 1303;
    if (overLimit) options.onConcurrencyRefusal?.(pool);
    await queue.requeue(pool, record.tenant, record.id, overLimit);
    pausedUntil.set(pool, Date.now() + TRANSIENT_PAUSE_MS);
    log.warn({ id: record.id, pool, err: isUpstreamError(error) ? error.message : String(error) }, 'create not taken; task queued again');
    return record;
  }

  async function submit(pool: string, claim: Claim, known?: TaskRecord): Promise<TaskRecord | null> {
    // The create that admitted this very task is waiting on it and holds its record: no read needed.
    const inRequest = known !== undefined;
    const record = known ?? (await store.get(claim.id));
    if (record?.status !== 'QUEUED') {
      // Cancelled, removed, or already submitted by a recovery: nothing to send.
      if (record?.taskId && !isTerminal(record.status)) await queue.confirm(claim.id);
      else await queue.release(pool, claim.id, false);
      return record;
    }
    const capability = record.capability;
    let wire: WireTask;
    try {
      // Give up before the lease ends, so no other replica recovers the task while this one talks to Kling.
      const signal = AbortSignal.timeout(Math.floor(options.leaseMs * 0.8));
      wire = await kling.createTask(capability, wireCreateRequest(record, options.callbackUrl?.()), signal);
    } catch (error) {
      const found = await recoverCreate(kling, capability, externalIdOf(record), error, (w) =>
        log.info({ taskId: w.task_id }, 'create answer was lost; task found by its external id'),
      );
      if (found === 'unknown') {
        // Kling may have it: the lease stays, and when it runs out the task is looked up again.
        log.warn({ id: record.id }, 'create outcome unknown; recovered when its dispatch lease ends');
        return record;
      }
      if (found === 'absent') return notTaken(pool, record, error, inRequest);
      wire = found;
    }
    return submitted(record, wire);
  }

  /**
   * Dispatches from `pool` while it has free slots; resolves with the outcome for `waitFor` if it was
   * among them. `waitFor`, a task just stored, is queued first, in the same step as the first claim.
   */
  async function pump(pool: string, waitFor?: TaskRecord): Promise<Promise<TaskRecord | null> | undefined> {
    let mine: Promise<TaskRecord | null> | undefined;
    let adding = waitFor && { tenant: waitFor.tenant, id: waitFor.id };
    for (;;) {
      if (stopped || (pausedUntil.get(pool) ?? 0) > Date.now()) {
        if (adding) await queue.enqueue(pool, adding.tenant, adding.id);
        return mine;
      }
      const now = Date.now();
      let claim: Claim | null;
      try {
        claim = await queue.claim(pool, limitsOf(pool), now, now + options.leaseMs, adding);
      } catch (error) {
        // The task must still be queued for the timer to find it (a no-op if the claim did run).
        if (adding) await queue.enqueue(pool, adding.tenant, adding.id).catch(() => undefined);
        throw error;
      }
      adding = undefined;
      if (!claim) return mine;
      const run = submit(pool, claim, claim.id === waitFor?.id ? waitFor : undefined);
      if (claim.id === waitFor?.id) mine = run;
      else background(run, 'dispatch failed; its lease recovers it');
      if (!claim.more) return mine;
    }
  }

  /** A dispatch whose replica died: Kling has the task (write it down) or not (queue it again). */
  async function recoverDispatch(id: string): Promise<void> {
    const record = await store.get(id);
    if (!record) return queue.confirm(id);
    const pool = record.model;
    if (record.status !== 'QUEUED') {
      if (isTerminal(record.status)) await queue.release(pool, id, false);
      else await queue.confirm(id);
      return;
    }
    try {
      const wire = await kling.getTask(record.capability, externalIdOf(record));
      log.info({ id, taskId: wire.task_id }, 'dispatch of a lost replica recovered: Kling has the task');
      await submitted(record, wire);
    } catch (error) {
      // Not there: the create never reached Kling. Anything else: look again when the new lease ends.
      if (isUnknownTask(error)) await queue.requeue(pool, record.tenant, id, false);
    }
  }

  /** Waits, within a create's patience, for a task another pump claimed to leave QUEUED. */
  async function submittedElsewhere(record: TaskRecord): Promise<TaskRecord | null> {
    let resolve: (value: TaskRecord) => void = () => {};
    const changed = new Promise<TaskRecord>((r) => (resolve = r));
    const detach = await events.subscribe(record.id, (next) => next.status !== 'QUEUED' && resolve(next));
    try {
      const current = await store.get(record.id);
      if (current?.status !== 'QUEUED') return current;
      const timeout = new Promise<null>((r) => setTimeout(() => r(null), Math.min(options.leaseMs, ELSEWHERE_WAIT_MS)).unref());
      return (await Promise.race([changed, timeout])) ?? (await store.get(record.id));
    } finally {
      detach();
    }
  }

  function settled(record: TaskRecord): void {
    const pool = record.model;
    background(
      (async () => {
        if (!(await queue.release(pool, record.id, configured(pool)))) return;
        pausedUntil.delete(pool);
        await pump(pool);
      })(),
      'slot release failed; the reconciliation releases it',
    );
  }

  async function reconcile(now: number): Promise<void> {
    for (const pool of await queue.pools()) {
      const ids = await queue.inFlightIds(pool);
      const records = await store.getMany(ids);
      for (let i = 0; i < ids.length; i++) {
        const record = records[i];
        if (!record || isTerminal(record.status)) await queue.release(pool, ids[i]!, configured(pool));
      }
    }
    // Tasks stored as queued whose queue entry was lost (their replica died between the two writes).
    if (now - lastRequeueScan >= reconcileMs * 6) {
      lastRequeueScan = now;
      const live = await store.getMany(await store.liveTaskIds());
      for (const record of live) if (record?.status === 'QUEUED') await queue.enqueue(record.model, record.tenant, record.id);
    }
  }

  async function tick(): Promise<void> {
    const now = Date.now();
    if (now - lastReconcile >= reconcileMs) {
      lastReconcile = now;
      await reconcile(now);
    }
    const expired = await queue.expiredDispatches(now, now + options.leaseMs, RECOVER_BATCH);
    await Promise.all(expired.map((id) => recoverDispatch(id)));
    for (const pool of await queue.pools()) background(pump(pool), 'dispatch failed');
  }

  function loop(): void {
    if (stopped) return;
    tick()
      .catch((error: unknown) => log.warn({ err: String(error) }, 'dispatch tick failed; retrying'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, tickMs);
      });
  }

  return {
    async admit(record) {
      const pool = record.model;
      const mine = await pump(pool, record);
      if (mine) return (await mine) ?? record;
      // Another pump (a slot freed elsewhere, a timer) may have claimed it since it was queued:
      // then it is being submitted right now, and the caller gets the outcome as if it were here.
      if ((await queue.position(pool, record.tenant, record.id)) === null) return (await submittedElsewhere(record)) ?? record;
      await events.publish(record).catch(() => undefined);
      return record;
    },
    settled,
    async cancel(record) {
      if (record.status !== 'QUEUED') return null;
      if (!(await queue.withdraw(record.model, record.tenant, record.id))) return null;
      return update(record.id, record, (current) =>
        current.status !== 'QUEUED'
          ? undefined
          : { ...current, status: 'CANCELLED', statusMessage: 'Cancelled before it reached Kling.', updatedAt: Date.now(), version: current.version + 1 },
      );
    },
    position: (record) => (record.status === 'QUEUED' ? queue.position(record.model, record.tenant, record.id) : Promise.resolve(null)),
    poolState(pool) {
      return queue.poolState(pool, slotsFor(options.slots, pool));
    },
    async poolStates() {
      const pools = new Set([...(await queue.pools()), ...options.slots.byModel.keys()]);
      return Promise.all([...pools].map((pool) => queue.poolState(pool, slotsFor(options.slots, pool))));
    },
    start() {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}
