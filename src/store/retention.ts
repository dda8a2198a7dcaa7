import type { TaskRecord } from '../model/task.js';

/**
 * How long a task is kept, from its creation: Kling serves a task's videos for 30 days, after which
 * the record points at nothing. Every trace of a task (record, task_id -> id entry, idempotency key,
 * history entry) goes at the same moment, so history pages never hold an entry whose record is gone.
 */
export const DEFAULT_RETENTION_DAYS = 30;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Unix ms at which a task's keys expire. */
export function expiresAt(record: Pick<TaskRecord, 'createdAt'>, retentionMs: number): number {
  return record.createdAt + retentionMs;
}

/**
 * The smallest index key still kept at `now`: index keys start with the zero-padded creation time
 * (see `indexKey`), so every key below this one belongs to an expired task.
 */
export function retentionFloor(now: number, retentionMs: number): string {
  return String(Math.max(0, now - retentionMs)).padStart(15, '0');
}
