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

/** The subscribers of one channel on this process, and the one target listener feeding them. */
interface Topic<E> {
  entries: Set<E>;
  onEvent: (event: { detail: unknown }) => void;
}

type FeedEntry = { listener: TaskListener; onResync?: () => void };

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
  /** Per tenant with a feed on this process. */
  const feeds = new Map<string, Topic<FeedEntry>>();
  /** Per watched task on this process. */
  const local = new Map<string, Topic<TaskListener>>();
  let count = 0;

  // Shared by every subscription, not made per subscribe: each attach keeps its `fan` while it lasts.
  const fanTask = (entry: TaskListener, record: TaskRecord) => entry(record);
  const fanFeed = (entry: FeedEntry, record: TaskRecord) => entry.listener(record);

  const deliver = (id: string, record: TaskRecord) => {
    for (const listener of [...(local.get(id)?.entries ?? [])]) listener(record);
  };

  /**
   * Adds `entry` to the subscribers of `key` on this process, listening on its channel with the
   * first one, and resolves once Redis has acknowledged the subscription (trap T3). The function it
   * returns detaches the entry, and stops listening with the last one.
   */
  async function attach<E>(
    topics: Map<string, Topic<E>>,
    key: string,
    name: string,
    entry: E,
    fan: (entry: E, record: TaskRecord) => void,
  ): Promise<() => void> {
    let topic = topics.get(key);
    if (!topic) {
      const created: Topic<E> = {
        entries: new Set(),
        onEvent: (event) => {
          for (const each of [...created.entries]) fan(each, event.detail as TaskRecord);
        },
      };
      topics.set(key, created);
      target.addEventListener(name, created.onEvent as never);
      topic = created;
    }
    const joined = topic;
    joined.entries.add(entry);
    count++;
    let attached = true;
    const detach = () => {
      if (!attached) return;
      attached = false;
      count--;
      joined.entries.delete(entry);
      if (joined.entries.size === 0 && topics.get(key) === joined) {
        topics.delete(key);
        target.removeEventListener(name, joined.onEvent as never);
      }
    };
    try {
      await target.subscribed(name);
    } catch (error) {
      detach();
      throw error;
    }
    return detach;
  }

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
        await target.publish([channel(record.id), feedChannel(record.tenant)], record);
      } catch (error) {
        // Subscribers elsewhere catch up at their next resync; the write already happened.
        log.warn({ err: String(error), id: record.id }, 'publish failed');
      }
    },
    subscribe(taskId, listener) {
      // Wrapped, so one listener subscribed twice is two subscriptions, each detached on its own.
      return attach(local, taskId, channel(taskId), (record: TaskRecord) => listener(record), fanTask);
    },
    subscribeTenant(tenant, listener, onResync) {
      return attach(feeds, tenant, feedChannel(tenant), { listener, onResync }, fanFeed);
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
