import { TERMINAL, type Task } from './api/live.js';

/**
 * How a task is shown, in one place, so fields the schema gains (progress, an estimate, a queue
 * position, an expiry) change these functions and nothing else.
 */
export const STATUS_LABELS: Record<Task['status'], string> = {
  QUEUED: 'Queued',
  SUBMITTED: 'Waiting for Kling',
  PROCESSING: 'Rendering',
  SUCCEEDED: 'Ready',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

/** "3rd in line" for a queued task: its place among the tasks waiting for its model's Kling slots. */
export function queueText(task: Task): string | null {
  if (task.status !== 'QUEUED' || task.queuePosition == null) return null;
  const n = task.queuePosition;
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return n === 1 ? 'next in line' : `${n}${suffix} in line`;
}

/**
 * Progress 0..1 at `now`. The gateway sends a new estimate only when it moves materially, so between
 * events the bar moves on by itself towards the estimated end, never past 0.99 and never backwards.
 */
export function progressOf(task: Task, now: number): number {
  if (TERMINAL.has(task.status)) return 1;
  const eta = task.estimatedCompletionAt ? Date.parse(task.estimatedCompletionAt) : null;
  const at = Date.parse(task.updatedAt);
  if (eta === null || eta <= at) return task.progress;
  // The share of the remaining time that has passed since the last event, applied to the rest.
  const passed = Math.min(1, Math.max(0, (now - at) / (eta - at)));
  return Math.min(0.99, Math.max(task.progress, task.progress + (1 - task.progress) * passed));
}

/** "about 40 s left", from the median estimate; null when there is none (queued, finished). */
export function etaText(task: Task, now: number): string | null {
  if (TERMINAL.has(task.status) || !task.estimatedCompletionAt) return null;
  const seconds = Math.round((Date.parse(task.estimatedCompletionAt) - now) / 1000);
  if (seconds <= 0) return 'any moment now';
  return seconds < 90 ? `about ${seconds} s left` : `about ${Math.round(seconds / 60)} min left`;
}

/** When Kling deletes the task's files, as the gateway reports it. */
export function expiresAt(task: Task): Date | null {
  const at = task.videos[0]?.expiresAt;
  return at ? new Date(at) : null;
}

export function elapsed(fromIso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(fromIso)) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const formatDate = (date: Date): string => dateFormat.format(date);
