import type { TaskRecord } from '../model/task.js';

/**
 * Where task records live. The in-memory and Redis implementations pass the same suite
 * (`test/store.test.ts`), so the rest of the gateway cannot tell them apart.
 */
export interface TaskStore {
  get(id: string): Promise<TaskRecord | null>;
  /** One round trip for the lot; the answer keeps the order of `ids`, with null for unknown ids. */
  getMany(ids: readonly string[]): Promise<(TaskRecord | null)[]>;
  insert(record: TaskRecord): Promise<void>;
  /**
   * Compare-and-set: stores `next` only if the stored version is `next.version - 1`, so a late or
   * concurrent writer can never overwrite a newer state. Returns whether it was stored.
   */
  replace(next: TaskRecord): Promise<boolean>;
  /**
   * Reserves an idempotency key for `candidateId`, atomically. Returns the id that holds the key:
   * `candidateId` when this caller won, another task's id when one already holds it.
   */
  claimIdempotencyKey(tenant: string, key: string, candidateId: string): Promise<string>;
  /** Gives a key back after the create it guarded failed, so a retry can create afresh. */
  releaseIdempotencyKey(tenant: string, key: string, holderId: string): Promise<void>;
  /** Ids of every task that has not reached a terminal status (resuming polls after a restart). */
  liveTaskIds(): Promise<string[]>;
}
