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

interface Feed {
  entries: Set<{ listener: TaskListener; onResync?: () => void }>;
  onEvent: (event: { detail: unknown }) => void;
}

/**
 * Task events over Redis pub/sub, one channel per task and one per tenant (for its feed). Redis delivers at most once (trap T4), so
 * after a reconnect, and every `resyncIntervalMs` as a safety net, each watched task is re-read from
 * the store and handed to its listeners; their version filter drops what they already had.
 */
export function createRedisEvents(options: RedisEventsOptions): TaskEvents & { resync(): Promise<void> } {
  const { target, store, log } = options;
  // In the slot of the task's record and of the tenant's history (same hash tags), so on a cluster
  // a task's events go through the shard that holds the task.
  const channel = (id: string) => `${options.prefix}events:{${id}}`;
  const feedChannel = (tenant: string) => `${options.prefix}feed:{${tenant}}`;
  /** Per tenant with a feed on this process: its subscribers and the one target listener feeding them. */
  const feeds = new Map<string, Feed>();
  /** Per watched task on this process: its listeners and the one target listener feeding them. */
  const local = new Map<string, { listeners: Set<TaskListener>; onEvent: (event: { detail: unknown }) => void }>();
  let count = 0;

  const deliver = (id: string, record: TaskRecord) => {
    for (const listener of [...(local.get(id)?.listeners ?? [])]) listener(record);
  };

  async function resync(): Promise<void> {
    // Feeds re-read what they follow themselves: only they know which tasks those are.
    for (const feed of [...feeds.values()]) for (const entry of [...feed.entries]) entry.onResync?.();
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
        // Two channels, so a task's watchers never receive the rest of the tenant's traffic.
        await Promise.all([target.publish(channel(record.id), record), target.publish(feedChannel(record.tenant), record)]);
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
    async subscribeTenant(tenant, listener, onResync) {
      const name = feedChannel(tenant);
      let feed = feeds.get(tenant);
      if (!feed) {
        const created: Feed = {
          entries: new Set(),
          onEvent: (event) => {
            for (const entry of [...created.entries]) entry.listener(event.detail as TaskRecord);
          },
        };
        feeds.set(tenant, created);
        target.addEventListener(name, created.onEvent as never);
        feed = created;
      }
      const entry = { listener, onResync };
      feed.entries.add(entry);
      count++;
      let attached = true;
      const detach = () => {
        if (!attached) return;
        attached = false;
        count--;
        feed.entries.delete(entry);
        if (feed.entries.size === 0 && feeds.get(tenant) === feed) {
          feeds.delete(tenant);
          target.removeEventListener(name, feed.onEvent as never);
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
      feeds.clear();
      count = 0;
      await target.close();
    },
  };
}
