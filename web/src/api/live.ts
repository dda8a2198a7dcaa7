import { TasksUpdatedDocument, type TaskFieldsFragment } from '../generated/graphql.js';
import type { GatewayClient } from './client.js';

export type Task = TaskFieldsFragment;

export const TERMINAL = new Set<Task['status']>(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/**
 * The live view of the caller's tasks: one `videoTasksUpdated` subscription for all of them (the
 * tenant's, or the signed-in user's). It sends the current state of every unfinished task first, so
 * a reconnect (graphql-ws subscribes again by itself) resyncs the list.
 */
export interface LiveFeed {
  close(): void;
}

export function createLiveFeed(client: GatewayClient, onTask: (task: Task) => void): LiveFeed {
  const stop = client.subscribe(TasksUpdatedDocument, {}, (result) => {
    if (result.data) onTask(result.data.videoTasksUpdated);
  });
  return { close: stop };
}
