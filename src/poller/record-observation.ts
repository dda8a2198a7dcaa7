import type { RenderEstimator } from '../estimates/estimator.js';
import { nextEstimate } from '../estimates/task-estimate.js';
import { applyObservation, isTerminal, type TaskObservation, type TaskRecord } from '../model/task.js';
import type { TaskEvents } from '../pubsub/task-events.js';
import type { TaskStore } from '../store/task-store.js';

/** Attempts at a compare-and-set before giving up to the next poll; conflicts are rare and brief. */
const MAX_CAS_ATTEMPTS = 5;

/**
 * The one path by which news about a task (a poll answer or a callback) becomes state: merge,
 * write with compare-and-set, then publish. Returns the stored record when something changed.
 * Publishing after the write means a subscriber that reads the store never sees a state older than
 * an event it already received.
 *
 * With an `estimator`, the task's estimate is refreshed on the way: stored with any change, or on its
 * own when it moved materially (that is then the change, and subscribers get it); and a task that
 * succeeds adds its render time to the shared observations.
 */
export async function recordObservation(
  store: TaskStore,
  events: TaskEvents,
  id: string,
  seen: TaskObservation,
  /**
   * The record as the caller last read it, tried first to save a read; a stale one only costs a
   * failed compare-and-set and a fresh read.
   */
  known?: TaskRecord,
  estimator?: RenderEstimator,
): Promise<TaskRecord | undefined> {
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    const current = attempt === 0 && known ? known : await store.get(id);
    if (!current) return undefined;
    let next = applyObservation(current, seen);
    if (estimator && !isTerminal(current.status)) {
      // An estimate that cannot be read now is refreshed by a later poll; the news itself is not held up.
      const distribution = await estimator.distributionFor(current).catch(() => undefined);
      const base = next ?? current;
      const estimate = distribution && nextEstimate(base, distribution, Date.now(), next !== undefined);
      if (estimate) next = { ...base, estimate, version: current.version + 1 };
    }
    if (!next) return undefined;
    if (await store.replace(next)) {
      await events.publish(next);
      if (estimator && isTerminal(next.status)) await estimator.recordFinished(next);
      return next;
    }
  }
  return undefined;
}
