import { callerScope } from '../model/caller.js';
import { isTerminal, type TaskRecord } from '../model/task.js';
import { DAY_MS, DEFAULT_RETENTION_DAYS, expiresAt, retentionFloor } from './retention.js';
import { encodeCursor, indexKey, matchesQuery, MAX_SCAN_PER_PAGE, type TaskStore } from './task-store.js';

export interface MemoryStoreOptions {
  /** How long a task is kept from its creation (see retention.ts). @default 30 days */
  retentionMs?: number;
  /** Most tasks held; past it, the oldest finished ones go first (live ones are never dropped). @default 100000 */
  maxTasks?: number;
}

/** Entries looked at per insert while evicting: eviction stays O(1) per insert. */
const EVICTION_SCAN = 64;

/** The single-process default. Records are copied in and out so callers never share mutable state. */
export function createMemoryStore(options: MemoryStoreOptions = {}): TaskStore {
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_DAYS * DAY_MS;
  const maxTasks = options.maxTasks ?? 100_000;
  const records = new Map<string, TaskRecord>();
  const byTaskId = new Map<string, string>();
  const live = new Set<string>();
  const idempotency = new Map<string, string>();
  /** Per tenant, and per (tenant, user): index keys, kept sorted oldest first. */
  const index = new Map<string, string[]>();
  const keyOf = (tenant: string, key: string) => `${tenant}\u0000${key}`;
  const copy = (record: TaskRecord | undefined): TaskRecord | null =>
    record && expiresAt(record, retentionMs) > Date.now() ? structuredClone(record) : null;

  /** The indexes a task is listed in: its tenant's, and its end user's when it has one. */
  const owners = (record: TaskRecord) => [record.tenant, ...(record.user != null ? [callerScope(record.tenant, record.user)] : [])];

  /** Forgets a task entirely, as Redis expiring its keys does. */
  const forget = (record: TaskRecord) => {
    records.delete(record.id);
    if (record.taskId && byTaskId.get(record.taskId) === record.id) byTaskId.delete(record.taskId);
    live.delete(record.id);
    if (record.externalTaskId !== null) {
      const k = keyOf(callerScope(record.tenant, record.user), record.externalTaskId);
      if (idempotency.get(k) === record.id) idempotency.delete(k);
    }
    for (const owner of owners(record)) {
      const keys = index.get(owner);
      const at = keys ? keys.indexOf(indexKey(record)) : -1;
      if (at >= 0) keys!.splice(at, 1);
    }
  };

  /**
   * Retention and the size bound, a little at a time: records are kept in insertion order (about
   * creation order), so expired ones are at the front; over the bound, the oldest finished ones go.
   */
  const evict = (now: number) => {
    let looked = 0;
    for (const record of records.values()) {
      if (++looked > EVICTION_SCAN) return;
      const expired = expiresAt(record, retentionMs) <= now;
      const over = records.size >= maxTasks && isTerminal(record.status);
      if (expired || over) forget(record);
      else if (records.size < maxTasks) return;
    }
  };

  return {
    available: () => true,
    async get(id) {
      return copy(records.get(id));
    },
    async getMany(ids) {
      return ids.map((id) => copy(records.get(id)));
    },
    async findByTaskId(taskId) {
      const record = records.get(byTaskId.get(taskId) ?? '');
      return record && expiresAt(record, retentionMs) > Date.now() ? record.id : null;
    },
    async insert(record) {
      const existing = records.get(record.id);
      if (existing && JSON.stringify(existing) === JSON.stringify(record)) return;
      if (existing) throw new Error(`task ${record.id} already stored`);
      evict(Date.now());
      records.set(record.id, structuredClone(record));
      if (record.taskId !== null) byTaskId.set(record.taskId, record.id);
      if (!isTerminal(record.status)) live.add(record.id);
      const key = indexKey(record);
      for (const owner of owners(record)) {
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
      if (next.taskId !== null) byTaskId.set(next.taskId, next.id);
      if (isTerminal(next.status)) live.delete(next.id);
      return true;
    },
    async remove(record) {
      if (records.has(record.id)) forget(record);
    },
    async claimIdempotencyKey(tenant, key, candidateId) {
      const k = keyOf(tenant, key);
      const holder = idempotency.get(k);
      const held = holder === undefined ? undefined : records.get(holder);
      // A key follows its task: once the task has expired, the key is free again.
      if (held && expiresAt(held, retentionMs) <= Date.now()) forget(held);
      else if (holder !== undefined) return holder;
      idempotency.set(k, candidateId);
      return candidateId;
    },
    async releaseIdempotencyKey(tenant, key, holderId) {
      const k = keyOf(tenant, key);
      // A reservation only: a key whose task is stored stays with it.
      if (idempotency.get(k) === holderId && !records.has(holderId)) idempotency.delete(k);
    },
    async list(query) {
      const keys = index.get(query.user === undefined ? query.tenant : callerScope(query.tenant, query.user)) ?? [];
      // Entries of expired tasks are not history any more, evicted yet or not.
      const floor = retentionFloor(Date.now(), retentionMs);
      const page: TaskRecord[] = [];
      const cursors: string[] = [];
      let scanned = 0;
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (key < floor) break;
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
    // One page, whatever the count: offsets into a changing set could skip an id, and one
    // process's live set is small enough to walk at once.
    async scanLiveTaskIds() {
      return { cursor: '0', ids: [...live] };
    },
    async close() {},
  };
}
