import { createClient, type Client } from 'graphql-ws/client';
import { TaskUpdatedDocument, type TaskFieldsFragment } from '../generated/graphql.js';
import { authorization } from './session.js';

export type Task = TaskFieldsFragment;

export const TERMINAL = new Set<Task['status']>(['SUCCEEDED', 'FAILED']);

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

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

export function createLiveFeed(onTask: (task: Task) => void, onState: (state: ConnectionState) => void): LiveFeed {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const client: Client = createClient({
    url,
    lazy: true,
    // Read the credential at every (re)connect: signing in takes effect without a reload.
    connectionParams: () => {
      const auth = authorization();
      return auth ? { authorization: auth } : {};
    },
    retryAttempts: Infinity,
    shouldRetry: () => true,
    on: {
      connecting: (reconnecting) => onState(reconnecting ? 'reconnecting' : 'connecting'),
      connected: () => onState('live'),
    },
  });
  const followed = new Map<string, () => void>();

  return {
    track(task) {
      if (TERMINAL.has(task.status) || followed.has(task.id)) return;
      const stop = client.subscribe<{ videoTaskUpdated: Task }>(
        { query: TaskUpdatedDocument.toString(), variables: { id: task.id } },
        {
          next: (result) => {
            if (result.data) onTask(result.data.videoTaskUpdated);
          },
          error: () => followed.delete(task.id),
          complete: () => followed.delete(task.id),
        },
      );
      followed.set(task.id, stop);
    },
    close() {
      for (const stop of followed.values()) stop();
      followed.clear();
      void client.dispose();
    },
  };
}
