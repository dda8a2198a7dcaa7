import type { Task } from './api/live.js';

/**
 * How a task is shown, in one place, so fields the schema gains (progress, an estimate, a queue
 * position, an expiry) change these functions and nothing else.
 */
export const STATUS_LABELS: Record<Task['status'], string> = {
  SUBMITTED: 'Waiting for Kling',
  PROCESSING: 'Rendering',
  SUCCEEDED: 'Ready',
  FAILED: 'Failed',
};

/** Progress 0..1, or null when only "under way" is known (the bar is then indeterminate). */
export function progressOf(task: Task): number | null {
  if (task.status === 'SUCCEEDED' || task.status === 'FAILED') return 1;
  if (task.status === 'SUBMITTED') return 0.05;
  return null;
}

/** Kling keeps results for 30 days after they are made. */
export const RESULT_LIFETIME_MS = 30 * 24 * 3600 * 1000;

export function expiresAt(task: Task): Date | null {
  return task.status === 'SUCCEEDED' ? new Date(Date.parse(task.updatedAt) + RESULT_LIFETIME_MS) : null;
}

export function elapsed(fromIso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(fromIso)) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const formatDate = (date: Date): string => dateFormat.format(date);
