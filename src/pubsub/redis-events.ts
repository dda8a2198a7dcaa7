import type { Logger } from 'pino';
import type { TaskRecord } from '../model/task.js';
import type { TaskStore } from '../store/task-store.js';
import type { RedisEventTarget } from './redis-event-target.js';
import type { TaskEvents, TaskListener } from './task-events.js';

/** The slow safety net: how often every watched task is re-read even without a reconnect. */
export const RESYNC_INTERVAL_MS = 30_000;

export interface RedisEventsOptions {
  target: RedisEventTarget;
  /** Resyncs read from here: the store is the truth, pub/sub only says "look now". */
  store: TaskStore;
  prefix: string;
  log: Logger;
  resyncIntervalMs?: number;
}

/**
 * Task events over Redis pub/sub, one channel per task. Redis delivers at most once (trap T4), so
 * after a reconnect, and every `resyncIntervalMs` as a safety net, each watched task is re-read from
 * the store and handed to its listeners; their version filter drops what they already had.
 */
export function createRedisEvents(options: RedisEventsOptions): TaskEvents & { resync(): Promise<void> } {
  const { target, store, log } = options;
  const channel = (id: string) => `${options.prefix}events:${id}`;
  /** Per watched task on this process: its listeners and the one target listener feeding them. */
  const local = new Map<string, { listeners: Set<TaskListener>; onEvent: (event: { detail: unknown }) => void }>();
  let count = 0;

  const deliver = (id: string, record: TaskRecord) => {
    for (const listener of [...(local.get(id)?.listeners ?? [])]) listener(record);
  };

  async function resync(): Promise<void> {
    const ids = [...local.keys()];
    if (ids.length === 0) return;
    try {
      const records = await store.getMany(ids);
      records.forEach((record, i) => record && deliver(ids[i]!, record));
    } catch (error) {
      log.warn({ err: String(error) }, 'resync failed; retrying on the next one');
    }
  }
  target.onResubscribed(() => void resync());
  const timer = setInterval(() => void resync(), options.resyncIntervalMs ?? RESYNC_INTERVAL_MS);
  timer.unref();

  return {
    async publish(record) {
      try {
        await target.publish(channel(record.id), record);
      } catch (error) {
        // Subscribers elsewhere catch up at their next resync; the write already happened.
        log.warn({ err: String(error), id: record.id }, 'publish failed');
      }
    },
    async subscribe(taskId, listener) {
      const name = channel(taskId);
      let topic = local.get(taskId);
      if (!topic) {
        const created = { listeners: new Set<TaskListener>(), onEvent: (event: { detail: unknown }) => deliver(taskId, event.detail as TaskRecord) };
        local.set(taskId, created);
        target.addEventListener(name, created.onEvent as never);
        topic = created;
      }
      const entry: TaskListener = (record) => listener(record);
      topic.listeners.add(entry);
      count++;
      let attached = true;
      const detach = () => {
        if (!attached) return;
        attached = false;
        count--;
        topic.listeners.delete(entry);
        if (topic.listeners.size === 0 && local.get(taskId) === topic) {
          local.delete(taskId);
          target.removeEventListener(name, topic.onEvent as never);
        }
      };
      try {
        await target.subscribed(name);
      } catch (error) {
        detach();
        throw error;
      }
      return detach;
    },
    listenerCount: () => count,
    resync,
    async close() {
      clearInterval(timer);
      local.clear();
      count = 0;
      await target.close();
    },
  };
}
