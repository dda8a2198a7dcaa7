/** Where a tapped stream hands its values, synchronously, in order. */
export interface StateSink<T> {
  value(value: T): void;
  /** The producer ended, with `error` when it failed. Called once, after the last value. */
  end(error?: unknown): void;
}

/**
 * The source of a subscription that carries whole states (each value replaces the one before).
 *
 * Read as an async iterator it keeps the newest `size` undelivered states and drops older ones, so a
 * slow reader falls behind by states, never by memory. A transport that can write a state in the same
 * pass as the event that produced it `tap()`s it instead: from then on every value goes to its sink
 * synchronously, with no promise or iterator step per subscriber (a status change reaching 5,000
 * watchers is 5,000 calls, not 5,000 async hops).
 *
 * `return()` ends it at once, even while a `next()` waits, and runs `onEnd` (trap T2); so does the
 * producer's `stop()`, after which buffered states are still read before the end.
 */
export class StateStream<T> implements AsyncIterableIterator<T> {
  private buffer: T[] = [];
  private waiting?: { resolve: (step: IteratorResult<T>) => void; reject: (error: unknown) => void };
  private sink?: StateSink<T>;
  /** Set once the producer stopped; `error` when it failed. */
  private stopped?: { error?: unknown };
  private returned = false;

  constructor(
    private readonly size: number,
    private readonly onEnd: () => void,
  ) {}

  /** Whether nothing more will be pushed or read. */
  get ended(): boolean {
    return this.returned || this.stopped !== undefined;
  }

  push(value: T): void {
    if (this.ended) return;
    if (this.sink) return this.sink.value(value);
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = undefined;
      return waiting.resolve({ done: false, value });
    }
    if (this.buffer.length >= this.size) this.buffer.shift();
    this.buffer.push(value);
  }

  /** The producer's end: readers see the buffered states, then the end (or `error`). */
  stop(error?: unknown): void {
    if (this.ended) return;
    this.stopped = { error };
    this.onEnd();
    if (this.sink) return this.sink.end(error);
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!waiting) return;
    if (error !== undefined) waiting.reject(error);
    else waiting.resolve({ done: true, value: undefined });
  }

  /** Whether `tap()` would take: nothing has read the stream, and it was not tapped or returned. */
  get tappable(): boolean {
    return !this.sink && !this.waiting && !this.returned;
  }

  /**
   * Hands every state from now on to `sink`, starting with those buffered, in order. Only before the
   * stream is read as an iterator: false (and nothing changes) once a `next()` has been called or
   * the stream was tapped already.
   */
  tap(sink: StateSink<T>): boolean {
    if (!this.tappable) return false;
    this.sink = sink;
    const buffered = this.buffer;
    this.buffer = [];
    for (const value of buffered) sink.value(value);
    if (this.stopped) sink.end(this.stopped.error);
    return true;
  }

  async next(): Promise<IteratorResult<T>> {
    if (this.sink) throw new Error('A tapped stream is read through its sink.');
    if (this.buffer.length > 0) return { done: false, value: this.buffer.shift()! };
    if (this.stopped) {
      if (this.stopped.error !== undefined) throw this.stopped.error;
      return { done: true, value: undefined };
    }
    if (this.returned) return { done: true, value: undefined };
    return new Promise<IteratorResult<T>>((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.ended) {
      this.returned = true;
      this.buffer = [];
      this.onEnd();
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.resolve({ done: true, value: undefined });
    }
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
