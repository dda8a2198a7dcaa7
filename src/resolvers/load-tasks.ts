import { canSee, type Caller } from '../model/caller.js';
import type { TaskRecord } from '../model/task.js';
import type { Services } from '../services.js';

/**
 * The batch behind every task look-up (`videoTask`, `node`, `nodes`): one store round trip for all
 * ids of a request, in order, with a task the caller may not see (another tenant's, another user's) indistinguishable from an unknown one.
 */
export async function loadTasks(services: Services, caller: Caller, ids: readonly string[]): Promise<(TaskRecord | null)[]> {
  const records = await services.store.getMany(ids);
  return records.map((record) => (record && canSee(caller, record) ? record : null));
}
