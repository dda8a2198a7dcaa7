import type { Logger } from 'pino';
import type { RenderEstimator } from '../estimates/estimator.js';
import { estimatedPollInterval } from '../estimates/poll-timing.js';
import { isUpstreamError } from '../kling/errors.js';
import type { KlingClient } from '../kling/client.js';
import { isTerminal, observationFromWire, type TaskRecord } from '../model/task.js';
import type { TaskEvents } from '../pubsub/task-events.js';
import type { TaskStore } from '../store/task-store.js';
import { linkedSignal } from './linked-signal.js';
import { recordObservation } from './record-observation.js';
import type { PollSchedule } from './schedule.js';

export interface PollerOptions {
  store: TaskStore;
  schedule: PollSchedule;
  events: TaskEvents;
  kling: KlingClient;
  log: Logger;
  /** First interval between polls of a task. */
  intervalMs: number;
  /** Longest interval; a task that keeps not changing backs off to this. */
  maxIntervalMs: number;
  /** How long a claimed task is this poller's before another may take it. @default 30000 */
  leaseMs?: number;
  /** How often the schedule is checked for due tasks; a poll is up to this late. @default intervalMs / 10, 10 to 250 */
  tickMs?: number;
  /** Polls in flight at once. @default 32 */
  concurrency?: number;
  /** How often stored live tasks missing from the schedule are put back on it. @default 60000 */
  reconcileMs?: number;
  /** Keeps each task's estimate current as polls land, and records render times. */
  estimator?: RenderEstimator;
  /**
   * Time each task's polls by its render-time estimate (`src/estimates/poll-timing.ts`), within
   * intervalMs .. maxIntervalMs, instead of backing off. Tasks without an estimate back off.
   */
  estimateTiming?: { spacing: number };
  /** Told of each upstream GET's outcome (metrics). */
  onPoll?: (outcome: 'changed' | 'unchanged' | 'error') => void;
  /** Told when a poll finds a task ended: its Kling slot is free. */
  onTerminal?: (record: TaskRecord) => void;
}

export interface Poller {
  start(): void;
  /** Stops claiming and waits for the polls in flight. */
  stop(): Promise<void>;
  /** Puts a new task on the schedule, due after the first interval. */
  track(id: string): Promise<void>;
}

/** Live ids put back on the schedule per tick while a reconcile pass runs. */
const RECONCILE_PAGE = 1000;

/** Growth of the interval after a poll that saw no change. */
const BACKOFF_FACTOR = 1.5;

/**
 * Polls every live task once per interval, however many clients watch it: watchers subscribe to
 * events, never to the upstream. A failed poll is retried later at a longer interval and never
 * fails the task; only Kling saying `failed` does.
 */
export function createPoller(options: PollerOptions): Poller {
  const { store, schedule, events, kling, log } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const tickMs = options.tickMs ?? Math.max(10, Math.min(250, Math.floor(options.intervalMs / 10)));
  const concurrency = options.concurrency ?? 32;
  const running = new Set<Promise<void>>();
  let stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;

  const backoff = (intervalMs: number, changed: boolean) =>
    changed ? options.intervalMs : Math.min(options.maxIntervalMs, Math.round(intervalMs * BACKOFF_FACTOR));
  const nextInterval = (intervalMs: number, changed: boolean, record: TaskRecord) => {
    const timing = options.estimateTiming;
    if (!timing || record.estimate == null || record.submittedAt == null) return backoff(intervalMs, changed);
    return estimatedPollInterval(record.estimate, Date.now() - record.submittedAt, {
      spacing: timing.spacing,
      minMs: options.intervalMs,
      maxMs: options.maxIntervalMs,
    });
  };

  async function pollOne(id: string, intervalMs: number): Promise<void> {
    const record = await store.get(id);
    // A queued task has nothing at Kling to poll yet: the dispatcher tracks it once submitted.
    if (!record || isTerminal(record.status) || record.taskId === null) return schedule.remove(id);
    let changed = false;
    // Give up well before the lease ends, so no other replica polls the task while this one does;
    // and at once when the poller stops, so a shutdown does not wait on a slow upstream.
    const link = linkedSignal(stopping.signal, Math.floor(leaseMs * 0.8));
    let latest = record;
    try {
      const wire = await kling.getTask(record.capability, record.taskId, link.signal);
      const seen = observationFromWire(wire);
      if (!seen) {
        log.warn({ taskId: record.taskId, status: wire.task_status }, 'unknown upstream task status');
      } else {
        const stored = await recordObservation(store, events, id, seen, record, options.estimator);
        latest = stored ?? record;
        // A status change, not a mere move of the estimate, is what resets the backoff.
        changed = stored !== undefined && (stored.status !== record.status || stored.statusMessage !== record.statusMessage);
        if (stored && isTerminal(stored.status)) {
          options.onPoll?.('changed');
          options.onTerminal?.(stored);
          return schedule.remove(id);
        }
      }
      options.onPoll?.(changed ? 'changed' : 'unchanged');
    } catch (error) {
      // Stopped mid-poll: hand the task back due now, for another replica (or the next start).
      if (stopping.signal.aborted) return schedule.schedule(id, Date.now(), intervalMs);
      options.onPoll?.('error');
      const detail = isUpstreamError(error) ? error.message : String(error);
      log.warn({ taskId: record.taskId, err: detail }, 'poll failed; the task stays scheduled');
    } finally {
      link.release();
    }
    const interval = nextInterval(intervalMs, changed, latest);
    await schedule.schedule(id, Date.now() + interval, interval);
  }

  async function tick(): Promise<void> {
    const room = concurrency - running.size;
    if (room <= 0) return;
    const due = await schedule.claimDue(Date.now(), room, leaseMs);
    if (stopped) {
      // Stopped while claiming: hand the claims back at once rather than sit on their leases.
      await Promise.allSettled(due.map((task) => schedule.schedule(task.id, Date.now(), task.intervalMs)));
      return;
    }
    for (const task of due) {
      const run = pollOne(task.id, task.intervalMs)
        // The task stays on the schedule (its lease runs out), so it is polled again: nothing is lost.
        .catch((error) => log.warn({ err: String(error), id: task.id }, 'poll bookkeeping failed'))
        .finally(() => running.delete(run));
      running.add(run);
    }
  }

  /**
   * Puts every stored live task missing from the schedule back on it: at start (tasks a previous
   * process left) and then now and again (a task stored while its scheduling failed). One page of
   * the live set per tick (SSCAN), so a pass over 10^5 live tasks never holds Redis or a tick long.
   */
  let reconcileCursor: string | null = null;
  async function reconcileStep(): Promise<void> {
    const page = await store.scanLiveTaskIds(reconcileCursor ?? '0', RECONCILE_PAGE);
    await Promise.all(page.ids.map((id) => schedule.schedule(id, Date.now(), options.intervalMs, true)));
    reconcileCursor = page.cursor === '0' ? null : page.cursor;
    if (reconcileCursor === null) lastReconcile = Date.now();
  }

  // One line per outage of the schedule, not one per tick.
  let scheduleDown = false;
  let current: Promise<void> = Promise.resolve();
  let lastReconcile = 0;
  const reconcileMs = options.reconcileMs ?? 60_000;
  function loop(): void {
    if (stopped) return;
    const due = reconcileCursor !== null || Date.now() - lastReconcile >= reconcileMs;
    const reconciled = due ? reconcileStep() : Promise.resolve();
    current = reconciled
      .then(tick)
      .then(() => {
        if (scheduleDown) log.info('poll schedule reachable again');
        scheduleDown = false;
      })
      .catch((error) => {
        if (!scheduleDown) log.warn({ err: String(error) }, 'poll schedule unreachable; polls resume when it is back');
        scheduleDown = true;
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, tickMs);
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      stopping = new AbortController();
      loop();
    },
    async stop() {
      stopped = true;
      stopping.abort();
      if (timer) clearTimeout(timer);
      await current.catch(() => undefined);
      await Promise.allSettled([...running]);
    },
    async track(id) {
      await schedule.schedule(id, Date.now() + options.intervalMs, options.intervalMs);
    },
  };
}
