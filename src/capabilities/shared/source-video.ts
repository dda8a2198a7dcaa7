import type { Issue, TaskLookup } from '../module.js';

/** Kling extends, lip-syncs or scores only videos it made in the last 30 days. */
export const SOURCE_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

export interface SourceVideo {
  videoId: string;
  /** Seconds; null when Kling did not say. */
  duration: number | null;
}

/**
 * The Kling video of a finished gateway task: the task must be the caller's, have SUCCEEDED with a
 * video, and have finished within Kling's 30 days. `field` names the input field for the issues.
 */
export async function sourceVideo(taskId: string, lookup: TaskLookup, now: number, field: string): Promise<SourceVideo | Issue[]> {
  const task = await lookup(taskId);
  if (!task) return [{ path: [field], message: 'No such task.' }];
  const video = task.videos[0];
  if (task.status !== 'SUCCEEDED' || !video) return [{ path: [field], message: `The task is ${task.status}; only a SUCCEEDED video can be used.` }];
  if (task.finishedAt !== null && now - task.finishedAt > SOURCE_MAX_AGE_MS) {
    return [{ path: [field], message: 'The video is older than 30 days; Kling no longer keeps it.' }];
  }
  return { videoId: video.id, duration: video.duration };
}
