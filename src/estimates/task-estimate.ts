import { isTerminal, type TaskEstimate, type TaskRecord } from '../model/task.js';
import { conditionalQuantile, type RenderDistribution } from './distribution.js';

/**
 * A task's estimate, and how it moves. Pure: the record, a render-time distribution and the clock in,
 * figures or the next estimate out (tested as tables in test/estimates.test.ts).
 *
 * - `estimatedCompletionAt` is the median of the render time *given how long it has run*; the upper
 *   bound is the 90th percentile of the same. While a task is within its expected time these barely
 *   move; once it runs past, they move out with it, never into the past.
 * - `progress` = elapsed / (median completion given elapsed). It rises with time for a fixed
 *   distribution, stays below `PROGRESS_CAP` before the end (the median completion is always later
 *   than now), and never falls: when a new estimate would show less, progress holds at what it had
 *   reached (`progressFloor`) until the new curve passes it. Terminal tasks show 1.
 */
export const PROGRESS_CAP = 0.99;
/** A move of the estimate that is worth an event: 5 s, or 10% of the expected render, whichever is less. */
export const MATERIAL_MS = 5000;
export const MATERIAL_FRACTION = 0.1;

export interface EstimateFigures {
  completionAt: number;
  completionAtP90: number;
  progress: number;
}

const distributionOf = (e: TaskEstimate): RenderDistribution => ({ mu: e.mu, sigma: e.sigma, samples: e.samples });

function figures(distribution: RenderDistribution, submittedAt: number, now: number) {
  const elapsed = Math.max(0, now - submittedAt);
  const median = conditionalQuantile(distribution, 0.5, elapsed);
  return {
    completionAt: submittedAt + median,
    completionAtP90: submittedAt + conditionalQuantile(distribution, 0.9, elapsed),
    progress: Math.min(PROGRESS_CAP, elapsed / median),
  };
}

/** The live figures of a task at `now`, or null when it has no estimate (not submitted, or none yet). */
export function estimateFigures(record: TaskRecord, now: number): EstimateFigures | null {
  if (record.submittedAt == null || record.estimate == null) return null;
  const live = figures(distributionOf(record.estimate), record.submittedAt, now);
  return { ...live, progress: Math.max(record.estimate.progressFloor, live.progress) };
}

/** What `progress` shows: 1 once terminal, 0 before submission, else the estimate's figure. */
export function progressOf(record: TaskRecord, now: number): number {
  if (isTerminal(record.status)) return 1;
  return estimateFigures(record, now)?.progress ?? record.estimate?.progressFloor ?? 0;
}

/**
 * The estimate to store when `distribution` is the latest for the task: a new one when there was none,
 * when `force` (the record is being written anyway), or when the completion time moved materially
 * since the stored one; undefined when nothing worth an event changed.
 */
export function nextEstimate(record: TaskRecord, distribution: RenderDistribution, now: number, force = false): TaskEstimate | undefined {
  if (record.submittedAt == null || isTerminal(record.status)) return undefined;
  const fresh = figures(distribution, record.submittedAt, now);
  const previous = record.estimate;
  if (previous && !force) {
    const expected = previous.completionAt - record.submittedAt;
    const threshold = Math.min(MATERIAL_MS, MATERIAL_FRACTION * expected);
    if (Math.abs(fresh.completionAt - previous.completionAt) < threshold) return undefined;
  }
  const reached = previous ? progressOf(record, now) : 0;
  return {
    mu: distribution.mu,
    sigma: distribution.sigma,
    samples: distribution.samples,
    completionAt: Math.round(fresh.completionAt),
    progressFloor: Math.max(reached, previous?.progressFloor ?? 0),
  };
}
