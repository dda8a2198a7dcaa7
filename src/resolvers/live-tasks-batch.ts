import type { TaskRecord } from '../model/task.js';
import type { TaskStore } from '../store/task-store.js';

/** Ids read per store round trip. */
const READ_BATCH = 500;

type Batch = { started: boolean; done: Promise<TaskRecord[]> };
const open = new WeakMap<TaskStore, Batch>();

async function readAll(store: TaskStore): Promise<TaskRecord[]> {
  const ids = await store.liveTaskIds();
  const records: TaskRecord[] = [];
  for (let i = 0; i < ids.length; i += READ_BATCH) {
    for (const record of await store.getMany(ids.slice(i, i + READ_BATCH))) if (record) records.push(record);
  }
  return records;
}

/**
 * Every unfinished task, read once for all the feeds that ask in the same turn of the event loop:
 * a thousand clients reconnecting after a deploy cost one read, not a thousand. A read joins only a
 * batch that has not started, so each caller's read still begins after its listener was attached
 * (nothing can slip between the two).
 */
export function readLiveTasks(store: TaskStore): Promise<TaskRecord[]> {
  const pending = open.get(store);
  if (pending && !pending.started) return pending.done;
  const batch: Batch = { started: false, done: Promise.resolve([]) };
  batch.done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
    batch.started = true;
    if (open.get(store) === batch) open.delete(store);
    return readAll(store);
  });
  open.set(store, batch);
  return batch.done;
}
