import type { TaskRecord } from '../model/task.js';

export type TaskListener = (record: TaskRecord) => void;

/**
 * Status changes, fanned out to every subscriber of a task on every replica.
 *
 * Not yoga's `createPubSub` directly: its `subscribe()` attaches the listener only on the first
 * `next()` (trap T3, docs/traps.md) and cannot say when a Redis SUBSCRIBE is acknowledged, and the subscription
 * path must know both before it reads the stored state, or a change can slip between the two.
 */
export interface TaskEvents {
  /** Delivers `record` to the task's subscribers. Resolves once handed to the transport. */
  publish(record: TaskRecord): Promise<void>;
  /**
   * Attaches `listener` to one task's changes. Resolves once delivery is guaranteed for every
   * later publish, with the function that detaches it (idempotent, never throws).
   */
  subscribe(taskId: string, listener: TaskListener): Promise<() => void>;
  /**
   * Attaches `listener` to every change of one tenant's tasks (the `videoTasksUpdated` feed), with
   * the same guarantee on resolving. `onResync` runs whenever changes may have been missed (after a
   * Redis reconnect, and now and then as a safety net): the caller re-reads what it follows.
   */
  subscribeTenant(tenant: string, listener: TaskListener, onResync?: () => void): Promise<() => void>;
  /** Listeners attached right now (metrics and leak tests). */
  listenerCount(): number;
  close(): Promise<void>;
}
