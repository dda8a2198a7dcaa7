import { callerScope } from '../model/caller.js';
import { isTerminal, type TaskRecord } from '../model/task.js';
import { encodeCursor, indexKey, matchesQuery, MAX_SCAN_PER_PAGE, type TaskStore } from './task-store.js';

/** The single-process default. Records are copied in and out so callers never share mutable state. */
export function createMemoryStore(): TaskStore {
  const records = new Map<string, TaskRecord>();
  const byTaskId = new Map<string, string>();
  const live = new Set<string>();
  const idempotency = new Map<string, string>();
  /** Per tenant, and per (tenant, user): index keys, kept sorted oldest first. */
  const index = new Map<string, string[]>();
  const keyOf = (tenant: string, key: string) => `${tenant}\u0000${key}`;
  const copy = (record: TaskRecord | undefined): TaskRecord | null => (record ? structuredClone(record) : null);

  return {
    available: () => true,
    async get(id) {
      return copy(records.get(id));
    },
    async getMany(ids) {
      return ids.map((id) => copy(records.get(id)));
    },
    async findByTaskId(taskId) {
      return byTaskId.get(taskId) ?? null;
    },
    async insert(record) {
      const existing = records.get(record.id);
      if (existing && JSON.stringify(existing) === JSON.stringify(record)) return;
      if (existing) throw new Error(`task ${record.id} already stored`);
      records.set(record.id, structuredClone(record));
      byTaskId.set(record.taskId, record.id);
      if (!isTerminal(record.status)) live.add(record.id);
      const key = indexKey(record);
      const owners = [record.tenant, ...(record.user != null ? [callerScope(record.tenant, record.user)] : [])];
      for (const owner of owners) {
        const keys = index.get(owner) ?? [];
        let at = keys.length;
        while (at > 0 && keys[at - 1]! > key) at--;
        keys.splice(at, 0, key);
        index.set(owner, keys);
      }
    },
    async replace(next) {
      const current = records.get(next.id);
      if (!current || current.version !== next.version - 1) return false;
      records.set(next.id, structuredClone(next));
      if (isTerminal(next.status)) live.delete(next.id);
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
    async list(query) {
      const keys = index.get(query.user === undefined ? query.tenant : callerScope(query.tenant, query.user)) ?? [];
      const page: TaskRecord[] = [];
      const cursors: string[] = [];
      let scanned = 0;
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (query.after !== undefined && key >= query.after) continue;
        if (++scanned > MAX_SCAN_PER_PAGE) {
          return { records: page, cursors, hasNextPage: true, resumeCursor: encodeCursor(keys[i + 1]!) };
        }
        const record = records.get(key.slice(key.indexOf(':') + 1))!;
        if (!matchesQuery(record, query)) continue;
        if (page.length === query.limit) return { records: page, cursors, hasNextPage: true };
        page.push(structuredClone(record));
        cursors.push(encodeCursor(key));
      }
      return { records: page, cursors, hasNextPage: false };
    },
    async liveTaskIds() {
      return [...live];
    },
    async close() {},
  };
}
