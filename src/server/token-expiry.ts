import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode, gatewayError } from '../errors.js';

/** Longest wait setTimeout can count; a token valid for longer is not watched (none is that long-lived). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ends `source` when the token it was opened with expires: one last result carrying UNAUTHENTICATED,
 * then the end, and the source is released at once. `return()` from the client releases it too.
 */
export function endAtExpiry<T>(source: AsyncIterable<T>, expiresAt: number, expired: () => T): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const expiry = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), Math.max(0, expiresAt - Date.now()));
    timer.unref();
  });
  const finish = async (): Promise<IteratorResult<T>> => {
    finished = true;
    clearTimeout(timer);
    await iterator.return?.();
    return { done: true, value: undefined };
  };
  const wrapped: AsyncGenerator<T> = {
    async next() {
      if (finished) return { done: true, value: undefined };
      const step = await Promise.race([iterator.next(), expiry]);
      if (step === 'expired') {
        await finish();
        return { done: false, value: expired() };
      }
      if (step.done) {
        finished = true;
        clearTimeout(timer);
      }
      return step;
    },
    return: finish,
    async throw(error: unknown) {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return wrapped;
    },
  } as AsyncGenerator<T>;
  return wrapped;
}

/**
 * A subscription opened with an end-user token ends when the token does, over SSE as over
 * WebSocket (where the socket is also closed with 4403): a stream must not outlive its credential.
 */
export function useTokenExpiry(): Plugin {
  return {
    onSubscribe({ args }) {
      const expiresAt = (args.contextValue as { expiresAt?: number | null }).expiresAt;
      if (expiresAt == null || expiresAt - Date.now() > MAX_TIMER_MS) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (!result || typeof result !== 'object' || !(Symbol.asyncIterator in result)) return;
          setResult(
            endAtExpiry(result as AsyncIterable<ExecutionResult>, expiresAt, () => ({
              errors: [gatewayError(ErrorCode.UNAUTHENTICATED, 'The token has expired; subscribe again with a fresh one.')],
            })),
          );
        },
      };
    },
  };
}
