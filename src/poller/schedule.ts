/** A task waiting for its next poll, and the interval that brought it there (for backoff). */
export interface DueTask {
  id: string;
  intervalMs: number;
}

/**
 * When each live task is next polled. Shared by every replica when backed by Redis: a claimed task
 * is leased to one poller, so no task is polled twice at once, and a lease that runs out (its
 * replica died) makes the task due again for the others.
 */
export interface PollSchedule {
  /**
   * (Re)schedules a task to be due at `dueAt` (Unix ms). With `onlyIfAbsent`, a task already on the
   * schedule (perhaps leased by another replica) is left as it is.
   */
  schedule(id: string, dueAt: number, intervalMs: number, onlyIfAbsent?: boolean): Promise<void>;
  remove(id: string): Promise<void>;
  /** Claims up to `limit` tasks due at `now`, each leased for `leaseMs`. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<DueTask[]>;
  /** Tasks scheduled, due or not. */
  size(): Promise<number>;
}
