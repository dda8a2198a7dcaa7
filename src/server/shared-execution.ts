import {
  createSourceEventStream,
  execute,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

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

function executeShared(args: ExecutionArgs, event: unknown): Result {
  if (typeof event !== 'object' || event === null) return execute({ ...args, rootValue: event });
  // The caller is in the key too, so a result computed in one caller's context never reaches another.
  const caller = args.contextValue as { tenant?: string; user?: string | null } | undefined;
  const key = `${caller?.tenant ?? ''}\u0000${caller?.user ?? ''}\u0000${documentId(args.document)}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}`;
  let perEvent = results.get(event);
  if (!perEvent) results.set(event, (perEvent = new Map()));
  let result = perEvent.get(key);
  if (!result) perEvent.set(key, (result = execute({ ...args, rootValue: event })));
  return result;
}

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

/**
 * A subscription event is executed once for all the subscribers that share it, rather than once per
 * subscriber: a status change reaching 5,000 watchers of one task costs one execution, not 5,000.
 * Only the per-event execution is shared; the subscribe step (authorization, attach-then-read) still
 * runs for each subscriber, and masking and other plugins still see every result.
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
        return mapEvents(source, (event) => executeShared(args, event));
      }) as never);
    },
  };
}
