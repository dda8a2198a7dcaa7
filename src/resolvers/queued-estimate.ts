import { queuedCompletion } from '../estimates/queue-wait.js';
import type { EstimateFigures } from '../estimates/task-estimate.js';
import type { TaskRecord } from '../model/task.js';
import type { Services } from '../services.js';

/**
 * Per record object: `estimatedCompletionAt` and its p90 both ask for a queued task's figures, and
 * each would otherwise read its position, its pool and its distribution again. A record object is
 * one state (a request's load, or one event shared by its subscribers), so its figures are too.
 */
const figuresOf = new WeakMap<TaskRecord, Promise<EstimateFigures | null>>();

/**
 * A queued task's expected end: its place in its model's pool, the slots that pool has (configured,
 * or what is in flight while the limit is still being learned), and its render-time distribution.
 * Null once it has left the queue.
 */
export function queuedEstimate(services: Services, record: TaskRecord): Promise<EstimateFigures | null> {
  let figures = figuresOf.get(record);
  if (!figures) {
    figures = readFigures(services, record);
    figuresOf.set(record, figures);
    // A failed read is not kept: the next event or request reads again.
    figures.catch(() => figuresOf.delete(record));
  }
  return figures;
}

async function readFigures(services: Services, record: TaskRecord): Promise<EstimateFigures | null> {
  const [position, pool, distribution] = await Promise.all([
    record.queuePosition !== undefined ? record.queuePosition : services.dispatcher.position(record),
    services.dispatcher.poolState(record.model),
    services.estimator.distributionFor(record),
  ]);
  if (position == null) return null;
  return queuedCompletion(distribution, position, pool.limit ?? pool.inFlight, Date.now());
}
