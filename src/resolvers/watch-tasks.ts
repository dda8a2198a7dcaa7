import { ErrorCode, gatewayError } from '../errors.js';
import type { Capability } from '../capabilities/registry.js';
import { canSee, type Caller } from '../model/caller.js';
import { isTerminal, type TaskRecord, type TaskStatus } from '../model/task.js';
import { LatestPerTask } from '../pubsub/latest-per-task.js';
import type { Services } from '../services.js';
import { decodeCursor } from '../store/task-store.js';
import { readLiveTasks } from './live-tasks-batch.js';

export interface FeedFilter {
  status?: TaskStatus | null;
  capability?: Capability | null;
}

/** Tasks a feed may have undelivered before it ends with LIMIT_EXCEEDED (the client resubscribes). */
export const FEED_MAX_PENDING_TASKS = 1000;
/**
 * A resync also reads the tasks created since the previous one, less this much: records carry the
 * creation time Kling or a replica gave them, whose clock may be a little behind.
 */
export const RESYNC_MARGIN_MS = 60_000;
/** Tasks remembered per feed before finished ones are forgotten outside a resync. */
const SEEN_PRUNE_AT = 10_000;
/** Ids read per store round trip when re-reading followed tasks. */
const READ_BATCH = 500;
/** History pages (of 100) one resync reads at most while looking for tasks it never heard of. */
const MAX_RESYNC_PAGES = 20;

const matches = (filter: FeedFilter, record: TaskRecord) =>
  (filter.status == null || record.status === filter.status) && (filter.capability == null || record.capability === filter.capability);

/**
 * The source of `videoTasksUpdated`: the current state of each of the caller's live tasks, then every
 * change to any of the caller's tasks (the tenant's, or one end user's), newest state per task, until
 * the client leaves. It does not complete.
 *
 * The guarantees of `videoTaskUpdated`, over a whole list: the listener is attached, and
 * acknowledged, before anything is read; each task's versions only go up; and when changes may have
 * been missed (a Redis reconnect, the periodic safety net) the feed re-reads the tasks it follows
 * and those created since its last read, and sends what is newer.
 */
export async function watchTasks(services: Services, caller: Caller, filter: FeedFilter): Promise<AsyncIterable<TaskRecord>> {
  /** Per task seen: the version sent (or skipped by the filter), and what pruning needs. */
  const seen = new Map<string, { version: number; createdAt: number; terminal: boolean }>();
  let syncedAt = Date.now();
  let syncing = false;
  /** Whether this feed's events ever asked for a resync (Redis); until then nothing is re-read. */
  let resynced = false;
  let detach = () => {};

  const out = new LatestPerTask(
    FEED_MAX_PENDING_TASKS,
    () => gatewayError(ErrorCode.LIMIT_EXCEEDED, `More than ${FEED_MAX_PENDING_TASKS} tasks changed before this client read them; subscribe again.`),
    () => detach(),
  );

  const accept = (record: TaskRecord) => {
    if (!canSee(caller, record)) return;
    const last = seen.get(record.id);
    if (last && record.version <= last.version) return;
    seen.set(record.id, { version: record.version, createdAt: record.createdAt, terminal: isTerminal(record.status) });
    if (matches(filter, record)) out.push(record);
    if (seen.size > SEEN_PRUNE_AT) prune();
  };

  /**
   * Finished tasks older than the resync window are never read again: forget them. Without resyncs
   * (one process, nothing is ever missed) finished tasks are never re-read at all, so when the
   * window alone does not bring the count down they all go.
   */
  const prune = () => {
    const since = syncedAt - RESYNC_MARGIN_MS;
    for (const [id, s] of seen) if (s.terminal && s.createdAt < since) seen.delete(id);
    if (seen.size > SEEN_PRUNE_AT && !resynced) for (const [id, s] of seen) if (s.terminal) seen.delete(id);
  };

  async function readLive(): Promise<void> {
    for (const record of await readLiveTasks(services.store)) accept(record);
  }

  async function resync(): Promise<void> {
    if (syncing) return;
    syncing = true;
    const startedAt = Date.now();
    const since = syncedAt - RESYNC_MARGIN_MS;
    try {
      const followed = [...seen].filter(([, s]) => !s.terminal).map(([id]) => id);
      for (let i = 0; i < followed.length; i += READ_BATCH) {
        for (const record of await services.store.getMany(followed.slice(i, i + READ_BATCH))) if (record) accept(record);
      }
      // Tasks created while changes were being missed: newest first, back to the last read.
      let after: string | undefined;
      for (let page = 0; page < MAX_RESYNC_PAGES; page++) {
        const found = await services.store.list({ tenant: caller.tenant, user: caller.user ?? undefined, after, limit: 100 });
        found.records.forEach(accept);
        const oldest = found.records.at(-1);
        if (!found.hasNextPage || (oldest && oldest.createdAt < since)) break;
        const cursor = found.resumeCursor ?? found.cursors.at(-1);
        after = cursor === undefined ? undefined : decodeCursor(cursor);
        if (after === undefined) break;
      }
      syncedAt = startedAt;
      resynced = true;
      prune();
    } catch (error) {
      services.log.warn({ err: String(error) }, 'feed resync failed; retrying on the next one');
    } finally {
      syncing = false;
    }
  }

  detach = await services.events.subscribeTenant(caller.tenant, accept, () => void resync());
  try {
    await readLive();
  } catch (error) {
    await out.return();
    throw error;
  }
  return out;
}
