import type { TypedEvent, TypedEventListenerOrEventListenerObject, TypedEventTarget } from '@graphql-yoga/typed-event-target';
import type { Logger } from 'pino';
import type { RedisClient } from '../redis/connection.js';

export type RedisEvent = TypedEvent<string, unknown>;
type Listener = TypedEventListenerOrEventListenerObject<RedisEvent>;

/**
 * An event target over Redis pub/sub that yoga's `createPubSub` accepts, written instead of
 * `@graphql-yoga/redis-event-target` because that one fires its commands and forgets them: an
 * outage then crashes the process (trap T5), and nothing says when a SUBSCRIBE took effect (T3).
 * Here every command is awaited and its failure caught, SUBSCRIBE is refcounted per channel and
 * its acknowledgement can be awaited, and after a reconnect `onResubscribed` listeners run once
 * every channel is subscribed again, so callers can re-read what they may have missed (T4).
 *
 * On a Redis Cluster (`sharded`), channels are shard channels: SPUBLISH reaches only the shard that
 * owns the channel's slot, and ioredis keeps one SSUBSCRIBE connection per master. After a failover
 * or a reshard ioredis rebuilds those connections and says so with `subscribersReady`; that is the
 * cluster's "reconnect", after which channels are subscribed again (awaited) and listeners resync.
 */
export interface RedisEventTarget extends TypedEventTarget<RedisEvent> {
  /** Resolves once Redis has acknowledged the SUBSCRIBE for `type`; rejects if it failed. */
  subscribed(type: string): Promise<void>;
  /**
   * PUBLISH to each of `types` (one channel or several), awaited; `detail` is serialised once for
   * all of them. Rejects when Redis is unreachable; the caller decides what that means.
   */
  publish(types: string | readonly string[], detail: unknown): Promise<void>;
  /** Channels with listeners on this process. */
  channels(): string[];
  onResubscribed(callback: () => void): void;
  close(): Promise<void>;
}

export interface RedisEventTargetOptions {
  /** Any connection; PUBLISH goes over it. */
  publisher: RedisClient;
  /** A connection of its own: in subscriber mode it can do nothing else. With `sharded`, a cluster client made with sharded subscribers. */
  subscriber: RedisClient;
  log: Logger;
  /** Shard channels (SPUBLISH/SSUBSCRIBE), for a Redis Cluster. */
  sharded?: boolean;
}

interface Channel {
  listeners: Set<Listener>;
  ack: Promise<void>;
}

const call = (listener: Listener, event: RedisEvent) =>
  typeof listener === 'function' ? listener(event) : listener.handleEvent(event);

/** The commands and events of plain or sharded pub/sub, behind one shape. */
function pubSubOf(publisher: RedisClient, subscriber: RedisClient, sharded: boolean) {
  return sharded
    ? {
        message: 'smessage',
        reconnected: 'subscribersReady',
        // A cluster subscribes channels of one slot per command: one command per channel.
        subscribe: (names: string[]) => Promise.all(names.map((name) => subscriber.ssubscribe(name))),
        unsubscribe: (names: string[]) => Promise.all(names.map((name) => subscriber.sunsubscribe(name))),
        publish: (name: string, message: string) => publisher.spublish(name, message),
      }
    : {
        message: 'message',
        reconnected: 'ready',
        subscribe: (names: string[]) => subscriber.subscribe(...names),
        unsubscribe: (names: string[]) => subscriber.unsubscribe(...names),
        publish: (name: string, message: string) => publisher.publish(name, message),
      };
}

export function createRedisEventTarget({ publisher, subscriber, log, sharded = false }: RedisEventTargetOptions): RedisEventTarget {
  const bus = pubSubOf(publisher, subscriber, sharded);
  const channels = new Map<string, Channel>();
  const resubscribed = new Set<() => void>();
  /** Channels whose UNSUBSCRIBE failed (Redis was away): ioredis would resubscribe them on reconnect. */
  const stale = new Set<string>();
  // A cluster's first `subscribersReady` comes with its first connection: nothing to resync then,
  // but nothing is lost by resyncing either, so only a plain connection skips its first `ready`.
  let everReady = sharded || subscriber.status === 'ready';

  subscriber.on(bus.message, (channel: string, message: string) => {
    const entry = channels.get(channel);
    if (!entry) return;
    let detail: unknown;
    try {
      detail = JSON.parse(message);
    } catch {
      return log.warn({ channel }, 'unreadable pub/sub message dropped');
    }
    const event = new CustomEvent(channel, { detail }) as RedisEvent;
    for (const listener of [...entry.listeners]) {
      try {
        call(listener, event);
      } catch (error) {
        log.error({ err: String(error), channel }, 'event listener threw');
      }
    }
  });

  // A cluster in failover says `subscribersReady` many times within a second: one resubscribe runs
  // at a time, and the burst behind it becomes one more, so listeners resync twice, not per event.
  let resubscribing = false;
  let pending = false;
  function resubscribeAll(): void {
    if (resubscribing) {
      pending = true;
      return;
    }
    resubscribing = true;
    // ioredis resubscribes by itself, but says nothing when that is done; subscribing again is
    // harmless and awaitable, so listeners re-read state only once nothing more can be missed.
    const leftovers = [...stale].filter((name) => !channels.has(name));
    stale.clear();
    if (leftovers.length > 0) unsubscribe(leftovers);
    const names = [...channels.keys()];
    const again = names.length > 0 ? bus.subscribe(names) : Promise.resolve(0);
    again
      .then(
        () => {
          for (const callback of resubscribed) callback();
        },
        (error: Error) => log.warn({ err: error.message }, 'resubscribe after reconnect failed'),
      )
      .finally(() => {
        resubscribing = false;
        if (!pending) return;
        pending = false;
        resubscribeAll();
      });
  }

  subscriber.on(bus.reconnected, () => {
    if (!everReady) {
      everReady = true;
      return;
    }
    resubscribeAll();
  });

  function unsubscribe(names: string[]): void {
    bus.unsubscribe(names).catch((error: Error) => {
      for (const name of names) stale.add(name);
      log.debug({ err: error.message }, 'unsubscribe failed; retried after reconnecting');
    });
  }

  function subscribeChannel(channel: string): Channel {
    stale.delete(channel);
    const entry: Channel = { listeners: new Set(), ack: Promise.resolve() };
    entry.ack = bus.subscribe([channel]).then(
      () => undefined,
      (error: Error) => {
        if (channels.get(channel) === entry) channels.delete(channel);
        throw new Error(`subscribe failed: ${error.message}`);
      },
    );
    // Someone may never await the ack; its failure is reported through `subscribed()` only.
    entry.ack.catch(() => undefined);
    channels.set(channel, entry);
    return entry;
  }

  const target: RedisEventTarget = {
    addEventListener(type: string, listener: Listener | null) {
      if (!listener) return;
      const entry = channels.get(type) ?? subscribeChannel(type);
      entry.listeners.add(listener);
    },
    removeEventListener(type: string, listener: Listener | null) {
      const entry = channels.get(type);
      if (!entry || !listener) return;
      entry.listeners.delete(listener);
      if (entry.listeners.size > 0) return;
      channels.delete(type);
      unsubscribe([type]);
    },
    dispatchEvent(event: RedisEvent) {
      target.publish(event.type, event.detail).catch((error: Error) => log.warn({ err: error.message }, 'publish failed'));
      return true;
    },
    async subscribed(type) {
      const entry = channels.get(type);
      if (!entry) throw new Error(`no listener on ${type}`);
      await entry.ack;
    },
    async publish(types, detail) {
      const message = JSON.stringify(detail);
      if (typeof types === 'string') await bus.publish(types, message);
      else await Promise.all(types.map((type) => bus.publish(type, message)));
    },
    channels: () => [...channels.keys()],
    onResubscribed: (callback) => void resubscribed.add(callback),
    async close() {
      channels.clear();
      resubscribed.clear();
    },
  };
  return target;
}
