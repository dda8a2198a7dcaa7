import type { TaskRecord } from '../model/task.js';

/**
 * An async iterator of task states that keeps only the newest undelivered state of each task, in
 * the order tasks first changed. A slow reader of a feed then falls behind by tasks, never by states,
 * and never loses a task's last state the way a sliding buffer of events would. Past `maxTasks`
 * undelivered tasks it ends with `overflow()`'s error, so memory stays bounded.
 *
 * `return()` ends it at once, even while a `next()` is waiting, and runs `onEnd` (trap T2, docs/traps.md).
 */
export class LatestPerTask implements AsyncIterableIterator<TaskRecord> {
  private readonly pending = new Map<string, TaskRecord>();
  private waiting?: (result: IteratorResult<TaskRecord>) => void;
  private failed?: Error;
  private ended = false;

  constructor(
    private readonly maxTasks: number,
    private readonly overflow: () => Error,
    private readonly onEnd: () => void,
  ) {}

  push(record: TaskRecord): void {
    if (this.ended || this.failed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      return resolve({ done: false, value: record });
    }
    if (!this.pending.has(record.id) && this.pending.size >= this.maxTasks) return this.fail(this.overflow());
    this.pending.set(record.id, record);
  }

  /** Ends the iteration at once: a waiting or later `next()` throws `error`. */
  fail(error: Error): void {
    if (this.ended || this.failed) return;
    this.failed = error;
    this.pending.clear();
    this.onEnd();
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      // The waiting next() sees `failed` and throws it.
      resolve({ done: true, value: undefined });
    }
  }

  async next(): Promise<IteratorResult<TaskRecord>> {
    if (this.failed) throw this.failed;
    const first = this.pending.entries().next();
    if (!first.done) {
      this.pending.delete(first.value[0]);
      return { done: false, value: first.value[1] };
    }
    if (this.ended) return { done: true, value: undefined };
    const result = await new Promise<IteratorResult<TaskRecord>>((resolve) => (this.waiting = resolve));
    if (result.done && this.failed) throw this.failed;
    return result;
  }

  async return(): Promise<IteratorResult<TaskRecord>> {
    if (!this.ended) {
      this.ended = true;
      this.pending.clear();
      if (!this.failed) this.onEnd();
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve?.({ done: true, value: undefined });
    }
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
