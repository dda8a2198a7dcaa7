import {
  createSourceEventStream,
  execute,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { StateStream, type StateSink } from '../pubsub/state-stream.js';

type Result = ExecutionResult | Promise<ExecutionResult>;

/** A small number per parsed document: yoga's parser cache hands out one object per query text. */
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;
const documentId = (document: DocumentNode): number => {
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = ++nextDocumentId));
  return id;
};

/**
 * Results per event, per (tenant, document, operation, variables): every subscriber of one task that
 * asked the same thing shares one execution of each state. Keyed weakly by the event, so results go as
 * soon as the event does.
 */
const results = new WeakMap<object, Map<string, Result>>();

/** The caller is in the key too, so a result computed in one caller's context never reaches another. */
function sharingKey(args: ExecutionArgs): string {
  const caller = args.contextValue as { tenant?: string; user?: string | null } | undefined;
  return `${caller?.tenant ?? ''}\u0000${caller?.user ?? ''}\u0000${documentId(args.document)}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}`;
}

/**
 * One execution of `event`, in a context of its own: a shallow copy of the subscriber's, so what
 * fields cache per context (Pothos's DataLoaders, created as soon as a `VideoTask` field resolves)
 * lives as long as the execution rather than as long as the subscription.
 */
const executeOnce = (args: ExecutionArgs, event: unknown): Result =>
  execute({ ...args, rootValue: event, contextValue: { ...(args.contextValue as object) } });

function executeShared(args: ExecutionArgs, key: string, event: unknown): Result {
  if (typeof event !== 'object' || event === null) return executeOnce(args, event);
  let perEvent = results.get(event);
  if (!perEvent) results.set(event, (perEvent = new Map()));
  let result = perEvent.get(key);
  if (!result) perEvent.set(key, (result = executeOnce(args, event)));
  return result;
}

/** Each shared result serialised once, however many sockets it is written to. */
const serialised = new WeakMap<ExecutionResult, string>();
const serialise = (result: ExecutionResult): string => {
  let json = serialised.get(result);
  if (json === undefined) serialised.set(result, (json = JSON.stringify(result)));
  return json;
};

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/** The socket side of one graphql-transport-ws operation, as far as writing its `next` frames goes. */
export interface DirectSocket {
  readonly readyState: number;
  /** Bytes `send` has queued and the kernel has not yet taken. */
  readonly bufferedAmount: number;
  send(data: string): void;
}

/** Put in an operation's context by the WebSocket layer (key `directWrite`). */
export interface DirectWrite {
  operationId: string;
  socket: DirectSocket;
}

const OPEN = 1;

/**
 * Past this many bytes waiting on a socket, its states go through graphql-ws's own path, which
 * waits for each write and so lets the sliding buffer drop old states for a slow client instead of
 * queueing frames without bound. A few hundred frames of a task.
 */
export const DIRECT_MAX_BUFFERED_BYTES = 64 * 1024;

/** How many states the paced path holds for a slow socket, as the stream itself would. */
const PACED_BUFFER = 16;

/** Maps each value of `source`; `return()` reaches the source at once, so a leaving client frees it (T2). */
function mapEvents(source: AsyncIterable<unknown>, map: (event: unknown) => Result): AsyncGenerator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  const done = async (): Promise<IteratorResult<ExecutionResult>> => {
    await iterator.return?.();
    return { done: true, value: undefined };
  };
  const mapped: AsyncGenerator<ExecutionResult> = {
    async next() {
      const step = await iterator.next();
      if (step.done) return { done: true, value: undefined };
      try {
        return { done: false, value: await map(step.value) };
      } catch (error) {
        await done();
        throw error;
      }
    },
    return: done,
    async throw(error: unknown) {
      await done();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  } as AsyncGenerator<ExecutionResult>;
  return mapped;
}

/** A settled state on its way to one subscriber. */
export type Settled = { result: ExecutionResult } | { error: unknown };
interface Entry {
  settled?: Settled;
}

interface Settling {
  settled?: Settled;
  waiters: Array<(settled: Settled) => void>;
}

/**
 * Per shared execution: the entries waiting for it. It settles through one callback, which fills
 * them all in one synchronous pass (one promise reaction per event, not per subscriber).
 */
const settling = new WeakMap<Promise<ExecutionResult>, Settling>();

/**
 * Calls `then` once `result` settles, or at once when it already has. A subscriber can meet an
 * execution long after it settled: a state buffered before its stream was tapped (a publish or a
 * resync during its subscribe) is executed at tap time, and other subscribers may have shared
 * that execution already.
 */
export function whenSettled(result: Promise<ExecutionResult>, then: (settled: Settled) => void): void {
  let entry = settling.get(result);
  if (!entry) {
    const created: Settling = (entry = { waiters: [] });
    settling.set(result, created);
    const settle = (settled: Settled) => {
      created.settled = settled;
      const waiters = created.waiters;
      created.waiters = [];
      for (const waiter of waiters) waiter(settled);
    };
    result.then(
      (value) => settle({ result: value }),
      (error: unknown) => settle({ error }),
    );
  }
  if (entry.settled) then(entry.settled);
  else entry.waiters.push(then);
}

/**
 * Writes each state of a tapped stream straight to the socket as a `next` frame, in the publish's
 * own pass: the shared result serialised once, the frame the operation id around it. An execution
 * that does not finish synchronously (the relay `id` field resolves asynchronously) is waited for
 * once per event, and its subscribers are written in the one pass that follows.
 *
 * The returned iterator is what graphql-ws iterates; it carries everything that cannot go straight:
 * a result with errors (masking and the other plugins see it there) and every state of a socket
 * that is not keeping up (graphql-ws waits for each of its writes, and past `PACED_BUFFER` states
 * the oldest are dropped, as the stream's own buffer would). A state goes straight only while
 * graphql-ws waits on this iterator with nothing queued, and states leave in the order they came,
 * so a frame never overtakes one sent through graphql-ws. The end (terminal state, error) also
 * comes through the iterator, so graphql-ws sends `complete` or `error` after the last frame.
 */
class DirectDelivery implements AsyncGenerator<ExecutionResult>, StateSink<unknown> {
  // A class, not closures: one of these lives as long as each subscription, 5,000 to a task.
  private readonly key: string;
  private readonly socket: DirectSocket;
  private readonly prefix: string;
  /** States in arrival order whose execution may still be running. */
  private readonly line: Entry[] = [];
  /** States handed to graphql-ws's path, waiting for it to ask. */
  private readonly queue: Settled[] = [];
  /** Resolves the `next()` graphql-ws is waiting on (a plain promise: no async frame kept per subscription). */
  private waiting?: (step: Promise<IteratorResult<ExecutionResult>>) => void;
  private ended?: { error?: unknown };
  private returned = false;

  constructor(
    private readonly stream: StateStream<unknown>,
    private readonly args: ExecutionArgs,
    write: DirectWrite,
  ) {
    this.key = sharingKey(args);
    this.socket = write.socket;
    this.prefix = `{"id":${JSON.stringify(write.operationId)},"type":"next","payload":`;
    stream.tap(this);
  }

  /** The stream's sink: one state, in the publish's pass. */
  value(event: unknown): void {
    if (this.returned) return;
    const result = executeShared(this.args, this.key, event);
    const line = this.line;
    if (!isPromise(result)) {
      if (line.length === 0) return this.deliver({ result });
      line.push({ settled: { result } });
      return this.flush();
    }
    const entry: Entry = {};
    line.push(entry);
    if (line.length > PACED_BUFFER) {
      line.shift();
      this.flush();
    }
    whenSettled(result, (settled) => {
      entry.settled = settled;
      if (line[0] === entry) this.flush();
    });
  }

  /** The stream's sink: the producer ended. */
  end(error?: unknown): void {
    this.ended = { error };
    this.flush();
  }

  private hand(item: Settled | null): void {
    const resolve = this.waiting!;
    this.waiting = undefined;
    resolve(this.step(item));
  }

  /** One settled state, in its turn: straight to the socket when it may, else graphql-ws's path. */
  private deliver(settled: Settled): void {
    if (this.waiting && this.queue.length === 0) {
      const socket = this.socket;
      if (
        'result' in settled &&
        !settled.result.errors &&
        socket.readyState === OPEN &&
        socket.bufferedAmount <= DIRECT_MAX_BUFFERED_BYTES
      ) {
        socket.send(`${this.prefix}${serialise(settled.result)}}`);
        return;
      }
      return this.hand(settled);
    }
    this.queue.push(settled);
    if (this.queue.length > PACED_BUFFER) this.queue.shift();
  }

  private flush(): void {
    const line = this.line;
    while (line.length > 0 && line[0]!.settled && !this.returned) this.deliver(line.shift()!.settled!);
    if (this.ended && line.length === 0 && this.waiting && this.queue.length === 0) this.hand(null);
  }

  private async step(item: Settled | null): Promise<IteratorResult<ExecutionResult>> {
    if (item === null) {
      if (this.ended?.error !== undefined && !this.returned) throw this.ended.error;
      return { done: true, value: undefined };
    }
    if ('result' in item) return { done: false, value: item.result };
    await this.return();
    throw item.error;
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.queue.length > 0) return this.step(this.queue.shift()!);
    if (this.returned || (this.ended && this.line.length === 0)) return this.step(null);
    return new Promise<IteratorResult<ExecutionResult>>((resolve) => (this.waiting = resolve));
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.returned) {
      this.returned = true;
      this.queue.length = 0;
      this.line.length = 0;
      await this.stream.return();
      if (this.waiting) this.hand(null);
    }
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}

/**
 * A subscription event is executed once for all the subscribers that share it, rather than once per
 * subscriber: a status change reaching 5,000 watchers of one task costs one execution, not 5,000.
 * Only the per-event execution is shared; the subscribe step (authorization, attach-then-read) still
 * runs for each subscriber, and masking and other plugins still see every result that carries
 * errors. Over WebSocket, a source that can be tapped is written straight to the socket (see
 * `DirectDelivery`): one serialisation per shared result and one socket write per subscriber.
 *
 * Sound because the event is the task record itself and no field below `videoTaskUpdated` reads the
 * context beyond the tenant, which is part of the key: subscribers who asked the same thing of the
 * same state get the same answer.
 */
export function useSharedSubscriptionExecution(): Plugin {
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn((async (args: ExecutionArgs) => {
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in source)) return source;
        const write = (args.contextValue as { directWrite?: DirectWrite } | undefined)?.directWrite;
        if (write && source instanceof StateStream && source.tappable) return new DirectDelivery(source, args, write);
        const key = sharingKey(args);
        return mapEvents(source, (event) => executeShared(args, key, event));
      }) as never);
    },
  };
}
