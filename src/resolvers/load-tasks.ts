import type { TaskRecord } from '../model/task.js';
import type { Services } from '../services.js';

/**
 * The batch behind every task look-up (`videoTask`, `node`, `nodes`): one store round trip for all
 * ids of a request, in order, with another tenant's task indistinguishable from an unknown one.
 */
export async function loadTasks(services: Services, tenant: string, ids: readonly string[]): Promise<(TaskRecord | null)[]> {
  const records = await services.store.getMany(ids);
  return records.map((record) => (record && record.tenant === tenant ? record : null));
}
