import { conditionalQuantile, type RenderDistribution } from './distribution.js';
import type { EstimateFigures } from './task-estimate.js';

/**
 * The expected end of a task still waiting for a Kling slot: its wait, then its render. A pool with
 * `slots` slots finishes about `slots` renders per render time, so the task at `position` (1 = next)
 * waits about `position / slots` render times for its slot, then renders. Median and p90 scale the
 * same way from the task's render-time distribution. A rough figure by design: it moves with every
 * position event (at most one a second), and the real estimate replaces it once the task is submitted.
 */
export function queuedCompletion(distribution: RenderDistribution, position: number, slots: number, now: number): EstimateFigures {
  const turns = Math.max(0, position) / Math.max(1, slots) + 1;
  return {
    completionAt: now + turns * conditionalQuantile(distribution, 0.5, 0),
    completionAtP90: now + turns * conditionalQuantile(distribution, 0.9, 0),
    progress: 0,
  };
}
