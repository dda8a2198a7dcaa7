import type { TaskEvents, TaskListener } from './task-events.js';

/** One process: a map of listener sets. Listeners run synchronously, in subscription order. */
export function createMemoryEvents(): TaskEvents {
  const topics = new Map<string, Set<TaskListener>>();
  /** Per tenant: the listeners of its feed. Nothing is ever missed in one process, so no resync. */
  const feeds = new Map<string, Set<TaskListener>>();
  let count = 0;
  const attach = (map: Map<string, Set<TaskListener>>, key: string, listener: TaskListener) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    // A wrapper per subscription, so one function subscribed twice is two subscriptions.
    const entry: TaskListener = (record) => listener(record);
    set.add(entry);
    count++;
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      count--;
      set.delete(entry);
      if (set.size === 0) map.delete(key);
    };
  };
  return {
    async publish(record) {
      for (const listener of [...(topics.get(record.id) ?? [])]) listener(record);
      for (const listener of [...(feeds.get(record.tenant) ?? [])]) listener(record);
    },
    async subscribe(taskId, listener) {
      return attach(topics, taskId, listener);
    },
    async subscribeTenant(tenant, listener) {
      return attach(feeds, tenant, listener);
    },
    listenerCount: () => count,
    async close() {
      topics.clear();
      feeds.clear();
      count = 0;
    },
  };
}
