import { queuedCompletion } from '../estimates/queue-wait.js';
import type { EstimateFigures } from '../estimates/task-estimate.js';
import type { TaskRecord } from '../model/task.js';
import type { Services } from '../services.js';

/**
 * A queued task's expected end: its place in its model's pool, the slots that pool has (configured,
 * or what is in flight while the limit is still being learned), and its render-time distribution.
 * Null once it has left the queue.
 */
export async function queuedEstimate(services: Services, record: TaskRecord): Promise<EstimateFigures | null> {
  const [position, pool, distribution] = await Promise.all([
    record.queuePosition !== undefined ? record.queuePosition : services.dispatcher.position(record),
    services.dispatcher.poolState(record.model),
    services.estimator.distributionFor(record),
  ]);
  if (position == null) return null;
  return queuedCompletion(distribution, position, pool.limit ?? pool.inFlight, Date.now());
}
