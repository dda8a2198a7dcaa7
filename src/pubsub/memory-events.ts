import type { TaskEvents, TaskListener } from './task-events.js';

/** One process: a map of listener sets. Listeners run synchronously, in subscription order. */
export function createMemoryEvents(): TaskEvents {
  const topics = new Map<string, Set<TaskListener>>();
  let count = 0;
  return {
    async publish(record) {
      for (const listener of topics.get(record.id) ?? []) listener(record);
    },
    async subscribe(taskId, listener) {
      let set = topics.get(taskId);
      if (!set) topics.set(taskId, (set = new Set()));
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
        if (set.size === 0) topics.delete(taskId);
      };
    },
    listenerCount: () => count,
    async close() {
      topics.clear();
      count = 0;
    },
  };
}
