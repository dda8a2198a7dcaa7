import type { Gauge } from 'prom-client';
import type { Plugin } from 'graphql-yoga';

/** Which transport a subscription streams over; the WebSocket layer says so in its context. */
export type Transport = 'ws' | 'sse';

/**
 * Counts each subscription while it streams, by transport, until its stream ends however it ends
 * (completed, client gone, socket closed): `return()` reaches the source at once, so a leak shows as
 * a gauge that does not come back down (trap T2, docs/traps.md).
 */
export function useSubscriptionGauge(gauge: Gauge<'transport'>): Plugin {
  return {
    onSubscribe({ args }) {
      const transport: Transport = (args.contextValue as { transport?: Transport }).transport ?? 'sse';
      return {
        onSubscribeResult({ result, setResult }) {
          if (!result || typeof result !== 'object' || !(Symbol.asyncIterator in result)) return;
          const source = result as AsyncIterableIterator<unknown>;
          gauge.inc({ transport });
          let ended = false;
          const end = () => {
            if (ended) return;
            ended = true;
            gauge.dec({ transport });
          };
          const counted: AsyncIterableIterator<unknown> = {
            async next() {
              try {
                const step = await source.next();
                if (step.done) end();
                return step;
              } catch (error) {
                end();
                throw error;
              }
            },
            async return(value?: unknown) {
              end();
              return source.return ? source.return(value) : { done: true, value: undefined };
            },
            async throw(error?: unknown) {
              end();
              if (source.throw) return source.throw(error);
              throw error;
            },
            [Symbol.asyncIterator]() {
              return counted;
            },
          };
          setResult(counted as never);
        },
      };
    },
  };
}
