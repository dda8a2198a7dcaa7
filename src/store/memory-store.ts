import { isTerminal, type TaskRecord } from '../model/task.js';
import type { TaskStore } from './task-store.js';

/** The single-process default. Records are copied in and out so callers never share mutable state. */
export function createMemoryStore(): TaskStore {
  const records = new Map<string, TaskRecord>();
  const idempotency = new Map<string, string>();
  const keyOf = (tenant: string, key: string) => `${tenant}\u0000${key}`;
  const copy = (record: TaskRecord | undefined): TaskRecord | null => (record ? structuredClone(record) : null);

  return {
    async get(id) {
      return copy(records.get(id));
    },
    async getMany(ids) {
      return ids.map((id) => copy(records.get(id)));
    },
    async insert(record) {
      if (records.has(record.id)) throw new Error(`task ${record.id} already stored`);
      records.set(record.id, structuredClone(record));
    },
    async replace(next) {
      const current = records.get(next.id);
      if (!current || current.version !== next.version - 1) return false;
      records.set(next.id, structuredClone(next));
      return true;
    },
    async claimIdempotencyKey(tenant, key, candidateId) {
      const k = keyOf(tenant, key);
      const holder = idempotency.get(k);
      if (holder !== undefined) return holder;
      idempotency.set(k, candidateId);
      return candidateId;
    },
    async releaseIdempotencyKey(tenant, key, holderId) {
      const k = keyOf(tenant, key);
      if (idempotency.get(k) === holderId) idempotency.delete(k);
    },
    async liveTaskIds() {
      return [...records.values()].filter((r) => !isTerminal(r.status)).map((r) => r.id);
    },
  };
}
