import { describe, expect, it } from 'vitest';
import { endAtExpiry } from '../src/server/token-expiry.js';

/** A source that never yields by itself, and says when it was released. */
function idle() {
  let released = false;
  const source: AsyncIterableIterator<number> = {
    next: () => new Promise<IteratorResult<number>>(() => undefined),
    return: async () => {
      released = true;
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return source;
    },
  };
  return { source, released: () => released };
}

describe('a subscription opened with a token', () => {
  it('ends at the expiry with one last result, releasing its source', async () => {
    const { source, released } = idle();
    const stream = endAtExpiry(source, Date.now() + 50, () => -1);
    expect(await stream.next()).toEqual({ done: false, value: -1 });
    expect(released()).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('lets the client leave before the expiry, releasing its source at once', async () => {
    const { source, released } = idle();
    const stream = endAtExpiry(source, Date.now() + 60_000, () => -1);
    await stream.return(undefined);
    expect(released()).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
