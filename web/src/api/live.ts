import { TaskUpdatedDocument, type TaskFieldsFragment } from '../generated/graphql.js';
import type { GatewayClient } from './client.js';

export type Task = TaskFieldsFragment;

export const TERMINAL = new Set<Task['status']>(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/**
 * The live view of the caller's tasks. Today it follows each unfinished task with its own
 * `videoTaskUpdated` subscription (each sends the current state at once, so a reconnect resyncs);
 * a tenant-wide feed replaces `track` with one subscription and leaves the rest of the app as it is.
 */
export interface LiveFeed {
  /** Follow a task until it finishes; a finished one, or one already followed, is left alone. */
  track(task: Task): void;
  close(): void;
}

export function createLiveFeed(client: GatewayClient, onTask: (task: Task) => void): LiveFeed {
  const followed = new Map<string, () => void>();
  return {
    track(task) {
      if (TERMINAL.has(task.status) || followed.has(task.id)) return;
      const stop = client.subscribe(
        TaskUpdatedDocument,
        { id: task.id },
        (result) => {
          if (result.data) onTask(result.data.videoTaskUpdated);
        },
        () => followed.delete(task.id),
      );
      followed.set(task.id, stop);
    },
    close() {
      for (const stop of followed.values()) stop();
      followed.clear();
    },
  };
}
