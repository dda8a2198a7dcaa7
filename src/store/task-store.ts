import type { Capability } from '../capabilities/registry.js';
import type { TaskRecord, TaskStatus } from '../model/task.js';

export interface TaskListQuery {
  tenant: string;
  /** Only this end user's tasks (from the user's own index). */
  user?: string;
  /** Tasks strictly older than this cursor (from a previous page), newest first. */
  after?: string;
  limit: number;
  status?: TaskStatus;
  capability?: Capability;
}

export interface TaskListPage {
  records: TaskRecord[];
  /** The cursor of each record, for the next page. */
  cursors: string[];
  hasNextPage: boolean;
  /**
   * Where the next page starts when the scan stopped before filling this one (a rare filter over a
   * long history): a cursor past everything read, though not the cursor of a returned record.
   */
  resumeCursor?: string;
}

/** Index entries one filtered page may read before it returns what it has. */
export const MAX_SCAN_PER_PAGE = 1000;

/**
 * Where task records live: records, a per-tenant (and per end user) index by creation time, idempotency keys, and the
 * Kling task_id -> gateway id map that callbacks need. The in-memory and Redis implementations pass
 * the same suite (`test/state-contract.test.ts`), so the rest of the gateway cannot tell them apart.
 */
export interface TaskStore {
  /** False while the backing service is unreachable: creates refuse before calling Kling. */
  available(): boolean;
  get(id: string): Promise<TaskRecord | null>;
  /** One round trip for the lot; the answer keeps the order of `ids`, with null for unknown ids. */
  getMany(ids: readonly string[]): Promise<(TaskRecord | null)[]>;
  /** The gateway id of the task Kling knows as `taskId`. */
  findByTaskId(taskId: string): Promise<string | null>;
  /** Stores a new record and indexes it; makes its idempotency key, if any, permanent. */
  insert(record: TaskRecord): Promise<void>;
  /**
   * Deletes a record Kling refused while its create was still answering: the caller gets Kling's
   * error, and the task is gone as if never made (index, live set, idempotency key).
   */
  remove(record: TaskRecord): Promise<void>;
  /**
   * Compare-and-set: stores `next` only if the stored version is `next.version - 1`, so a late or
   * concurrent writer can never overwrite a newer state. Returns whether it was stored.
   */
  replace(next: TaskRecord): Promise<boolean>;
  /**
   * Reserves an idempotency key for `candidateId`, atomically across replicas. `tenant` is the key's
   * scope: `callerScope(tenant, user)`, which `insert` derives from the record as well. Returns the id that
   * holds the key: `candidateId` when this caller won, another task's id when one already holds it.
   * A reservation whose create never finished (its replica died) lapses after a while.
   */
  claimIdempotencyKey(tenant: string, key: string, candidateId: string): Promise<string>;
  /** Gives a key back after the create it guarded failed, so a retry can create afresh. */
  releaseIdempotencyKey(tenant: string, key: string, holderId: string): Promise<void>;
  /** A tenant's tasks, newest first, optionally filtered. */
  list(query: TaskListQuery): Promise<TaskListPage>;
  /** Ids of every task that has not reached a terminal status (resuming polls after a restart). */
  liveTaskIds(): Promise<string[]>;
  /**
   * One page of those ids, for walking them a page at a time: start with cursor `'0'`; a returned
   * cursor `'0'` ends the walk. An id may come twice in one walk; one live throughout comes at least once.
   */
  scanLiveTaskIds(cursor: string, count: number): Promise<{ cursor: string; ids: string[] }>;
  close(): Promise<void>;
}

/**
 * The index key of a record: creation time (zero-padded, so keys sort as numbers) then id, so tasks
 * created in the same millisecond still have one order. Cursors are this key, opaque to clients.
 */
export function indexKey(record: Pick<TaskRecord, 'createdAt' | 'id'>): string {
  return `${String(record.createdAt).padStart(15, '0')}:${record.id}`;
}

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/** The index key in a cursor, or undefined when the cursor is not one of ours. */
export function decodeCursor(cursor: string): string | undefined {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^\d{15}:[\w-]+$/.test(key) && encodeCursor(key) === cursor ? key : undefined;
}

export function matchesQuery(record: TaskRecord, query: TaskListQuery): boolean {
  return (
    record.tenant === query.tenant &&
    (query.user === undefined || record.user === query.user) &&
    (query.status === undefined || record.status === query.status) &&
    (query.capability === undefined || record.capability === query.capability)
  );
}
