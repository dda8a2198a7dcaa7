import type { Plugin } from 'graphql-yoga';

/**
 * Work a drain must let finish: HTTP requests being answered and GraphQL operations being executed
 * (a create over WebSocket has no HTTP request to wait for, and a create whose client hung up still
 * has to reach the store).
 */
export interface InFlight {
  readonly size: number;
  /** Counts one piece of work; call the returned function once it is over (more calls are ignored). */
  begin(): () => void;
  /** Counts `work` until it settles, and hands it back unchanged. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Resolves true once nothing is in flight, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  let size = 0;
  let waiters: (() => void)[] = [];
  const end = () => {
    size -= 1;
    if (size > 0) return;
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  };
  const begin = () => {
    size += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      end();
    };
  };
  return {
    get size() {
      return size;
    },
    begin,
    track(work) {
      const done = begin();
      return work.finally(done);
    },
    idle(timeoutMs) {
      if (size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== wake);
          resolve(false);
        }, timeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(wake);
      });
    },
  };
}

/**
 * Counts every GraphQL execution (queries and mutations, over HTTP, SSE or WebSocket) in `inFlight`
 * until its result is ready, so a drain waits for a create to be stored even when its client has
 * gone. Subscriptions are not executions here: their streams end when their sockets close.
 */
export function useInFlightExecutions(inFlight: InFlight): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => inFlight.track(Promise.resolve().then(() => executeFn(args))));
    },
  };
}
