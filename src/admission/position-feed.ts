import type { TaskRecord } from '../model/task.js';

/** A listener's view of a queued task: the record with the position read for it. */
export type PositionListener = (view: TaskRecord) => void;

export interface PositionFeed {
  /**
   * Feeds `listener` the queued task `record` with its position: once at once, then whenever the
   * position changes. Returns the function that stops it.
   */
  watch(record: TaskRecord, listener: PositionListener): () => void;
}

interface Feed {
  record: TaskRecord;
  view?: TaskRecord;
  listeners: Set<PositionListener>;
  timer: NodeJS.Timeout;
}

/**
 * Positions of queued tasks for this process's subscribers. A dispatch moves every queued task up,
 * so positions are read on a timer rather than pushed per dispatch: one read per watched task per
 * `intervalMs` on each replica, however many watch it, and at most one message per interval to each
 * watcher. Every watcher of a task gets the same view object, so the subscription's execution is
 * shared among them (see src/server/shared-execution.ts).
 */
export function createPositionFeed(read: (record: TaskRecord) => Promise<number | null>, intervalMs: number): PositionFeed {
  const feeds = new Map<string, Feed>();

  const refresh = async (feed: Feed) => {
    const record = feed.record;
    const position = await read(record).catch(() => feed.view?.queuePosition ?? null);
    if (feed.record !== record) return;
    // Null once a view was sent: the task has just been claimed, and its SUBMITTED event is coming.
    if (position === null && feed.view) return;
    if (feed.view && feed.view.version === record.version && feed.view.queuePosition === position) return;
    const view = { ...record, queuePosition: position };
    feed.view = view;
    for (const listener of [...feed.listeners]) listener(view);
  };

  return {
    watch(record, listener) {
      let feed = feeds.get(record.id);
      if (!feed) {
        const created: Feed = { record, listeners: new Set(), timer: setInterval(() => void refresh(created), intervalMs) };
        created.timer.unref();
        feeds.set(record.id, (feed = created));
      }
      feed.listeners.add(listener);
      if (record.version > feed.record.version) feed.record = record;
      if (feed.view && feed.view.version === feed.record.version) listener(feed.view);
      else void refresh(feed);
      const owner = feed;
      return () => {
        owner.listeners.delete(listener);
        if (owner.listeners.size === 0 && feeds.get(record.id) === owner) {
          clearInterval(owner.timer);
          feeds.delete(record.id);
        }
      };
    },
  };
}
