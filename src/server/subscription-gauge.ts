import type { Gauge } from 'prom-client';
import type { Plugin } from 'graphql-yoga';

/** Which transport a subscription streams over; the WebSocket layer says so in its context. */
export type Transport = 'ws' | 'sse';

/** What a plugin's `onSubscribe` may return to follow the subscription it started. */
type SubscribeHooks = NonNullable<Awaited<ReturnType<NonNullable<Plugin['onSubscribe']>>>>;

/**
 * The source, counted in `gauge` until it ends however it ends (completed, failed, returned). A
 * class rather than closures around the source: one lives as long as each subscription, and the
 * transport waits on its `next()` for that whole time.
 */
class Counted implements AsyncIterableIterator<unknown> {
  private ended = false;

  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly gauge: Gauge<'transport'>,
    private readonly transport: Transport,
  ) {
    gauge.inc({ transport });
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.gauge.dec({ transport: this.transport });
  }

  // Not an async method: the transport waits on this call for as long as the stream is quiet, and
  // a suspended async frame would be held that long on every subscription.
  next(): Promise<IteratorResult<unknown>> {
    return this.source.next().then(
      (step) => {
        if (step.done) this.end();
        return step;
      },
      (error: unknown) => {
        this.end();
        throw error;
      },
    );
  }

  async return(value?: unknown): Promise<IteratorResult<unknown>> {
    this.end();
    return this.source.return ? this.source.return(value) : { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<unknown>> {
    this.end();
    if (this.source.throw) return this.source.throw(error);
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * Counts each subscription while it streams, by transport, until its stream ends however it ends
 * (completed, client gone, socket closed): `return()` reaches the source at once, so a leak shows as
 * a gauge that does not come back down (trap T2, docs/traps.md).
 */
export function useSubscriptionGauge(gauge: Gauge<'transport'>): Plugin {
  // One hook object for every subscription: envelop keeps what a subscribe returned while its stream lives.
  const hooks: SubscribeHooks = {
    onSubscribeResult({ args, result, setResult }) {
      if (!result || typeof result !== 'object' || !(Symbol.asyncIterator in result)) return;
      const transport: Transport = (args.contextValue as { transport?: Transport }).transport ?? 'sse';
      setResult(new Counted(result as unknown as AsyncIterator<unknown>, gauge, transport) as never);
    },
  };
  return {
    onSubscribe() {
      return hooks;
    },
  };
}
