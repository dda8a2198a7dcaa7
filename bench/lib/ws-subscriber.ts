import WebSocket from 'ws';
import { nowUs } from './stamp.js';

/**
 * A minimal graphql-transport-ws client (connection_init, subscribe, complete, pong), one socket
 * each, cheap enough that one load-generator process can hold thousands. While recording it only
 * stamps and keeps each raw frame; parsing waits until the phase is over, so the client's own work
 * adds as little as possible to the latencies it reports.
 */
export interface Received {
  /** Receipt time, µs on the monotonic clock. */
  t: number;
  raw: Buffer;
}

export interface Message {
  type: string;
  id?: string;
  payload?: unknown;
}

const PROTOCOL = 'graphql-transport-ws';

export class Subscriber {
  private seq = 0;
  private subId: string | undefined;
  private recording = false;
  /** Raw frames kept while recording. */
  received: Received[] = [];
  /** The first `next` of the current subscription: the state at subscribe time. */
  first: unknown;
  /** The latest `next` after the first, and how many came (when not recording). */
  last: unknown;
  nextCount = 0;
  completed = false;
  error: unknown;
  /** Settles when the current subscription completes, errors or the socket closes. */
  done: Promise<void> = Promise.resolve();
  private settleFirst: { resolve: (v: unknown) => void; reject: (e: Error) => void } | undefined;
  private settleDone: (() => void) | undefined;

  private constructor(private readonly ws: WebSocket) {}

  static connect(url: string, timeoutMs = 30_000): Promise<Subscriber> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, PROTOCOL, { perMessageDeflate: false });
      const sub = new Subscriber(ws);
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('connection_ack timed out'));
      }, timeoutMs);
      ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
      ws.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      ws.once('close', (code, reason) => {
        clearTimeout(timer);
        const error = new Error(`socket closed ${code} ${reason.toString()}`);
        sub.settleFirst?.reject(error);
        sub.settleDone?.();
        reject(error);
      });
      ws.on('message', (raw: Buffer) => {
        const t = nowUs();
        if (sub.recording) {
          sub.received.push({ t, raw });
          return;
        }
        const message = JSON.parse(raw.toString()) as Message;
        if (message.type === 'connection_ack') {
          clearTimeout(timer);
          resolve(sub);
        } else {
          sub.handle(message);
        }
      });
    });
  }

  private handle(message: Message): void {
    if (message.type === 'ping') return void this.ws.send(JSON.stringify({ type: 'pong' }));
    if (message.id !== this.subId) return;
    if (message.type === 'next') {
      if (this.first === undefined) {
        this.first = message.payload;
        this.settleFirst?.resolve(message.payload);
      } else {
        this.last = message.payload;
        this.nextCount++;
      }
    } else if (message.type === 'error') {
      this.error = message.payload;
      this.settleFirst?.reject(new Error(`subscription error: ${JSON.stringify(message.payload)}`));
      this.settleDone?.();
    } else if (message.type === 'complete') {
      this.completed = true;
      this.settleDone?.();
    }
  }

  /** Subscribes (ending the previous subscription); resolves with the first `next`. */
  subscribe(query: string, variables: Record<string, unknown>): Promise<unknown> {
    if (this.subId !== undefined && !this.completed) this.ws.send(JSON.stringify({ id: this.subId, type: 'complete' }));
    this.subId = String(++this.seq);
    this.received = [];
    this.first = undefined;
    this.last = undefined;
    this.nextCount = 0;
    this.completed = false;
    this.error = undefined;
    this.done = new Promise<void>((resolve) => (this.settleDone = resolve));
    const first = new Promise<unknown>((resolve, reject) => (this.settleFirst = { resolve, reject }));
    this.ws.send(JSON.stringify({ id: this.subId, type: 'subscribe', payload: { query, variables } }));
    return first;
  }

  /** From now on keep frames raw with their receipt times. */
  startRecording(): void {
    this.recording = true;
  }

  /** The id of the current subscription (frames of an earlier one may still arrive). */
  get currentId(): string | undefined {
    return this.subId;
  }

  get recordedCount(): number {
    return this.received.length;
  }

  /** Stops recording and returns the frames parsed, with their receipt times. */
  stopRecording(): { t: number; message: Message }[] {
    this.recording = false;
    const frames = this.received.map((frame) => ({ t: frame.t, message: JSON.parse(frame.raw.toString()) as Message }));
    this.received = [];
    for (const frame of frames) if (frame.message.type !== 'next') this.handle(frame.message);
    return frames;
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Opens `count` connections, `parallel` handshakes at a time. */
export async function connectMany(url: string, count: number, parallel = 64): Promise<Subscriber[]> {
  const subscribers: Subscriber[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      subscribers[i] = await Subscriber.connect(url);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return subscribers;
}

/**
 * Subscribes every client, `parallel` at a time; resolves when each has its first `next`. A first
 * state that does not come within `timeoutMs` fails the run, naming the client, rather than
 * leaving it waiting for ever.
 */
export async function subscribeAll(
  subscribers: readonly Subscriber[],
  query: string,
  variablesOf: (index: number) => Record<string, unknown>,
  parallel = 256,
  timeoutMs = 60_000,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < subscribers.length) {
      const i = next++;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`client ${i}: no first state within ${timeoutMs} ms of subscribing`)), timeoutMs);
      });
      try {
        await Promise.race([subscribers[i]!.subscribe(query, variablesOf(i)), late]);
      } finally {
        clearTimeout(timer);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, subscribers.length) }, worker));
}

export function closeAll(subscribers: readonly (Subscriber | undefined)[]): void {
  for (const s of subscribers) s?.close();
}
