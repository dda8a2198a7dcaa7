import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TaskRecord } from '../src/model/task.js';
import { StateStream } from '../src/pubsub/state-stream.js';
import { whenSettled, type Settled } from '../src/server/shared-execution.js';
import { eventually, startHarness, type Harness } from './support/harness.js';

/**
 * States of `videoTaskUpdated` are written straight to the socket in the publish's own pass
 * (src/server/shared-execution.ts), beside graphql-ws's own path. These tests hold that to what the
 * protocol and the subscription promise: every state once and in order, across both paths; nothing
 * after `complete`, from either side; one frame per operation with that operation's selection.
 */

let h: Harness;
beforeAll(async () => {
  // The poller never touches these hand-made tasks.
  h = await startHarness({ env: { POLL_INTERVAL_MS: '3600000', POLL_MAX_INTERVAL_MS: '3600000' } });
});
afterAll(() => h.close());

const globalId = (id: string) => Buffer.from(`VideoTask:${id}`).toString('base64');

async function seed(): Promise<TaskRecord> {
  const now = Date.now();
  const record: TaskRecord = {
    id: randomUUID(),
    tenant: 'default',
    taskId: String(Math.floor(Math.random() * 1e15)),
    capability: 'TEXT_TO_VIDEO',
    model: 'kling-v3',
    request: { prompt: 'a fox' },
    status: 'PROCESSING',
    statusMessage: 'v1',
    externalTaskId: null,
    videos: [],
    createdAt: now,
    updatedAt: now,
    submittedAt: now,
    startedAt: now,
    finishedAt: null,
    estimate: null,
    version: 1,
  };
  await h.app.services.store.insert(record);
  return record;
}

/** A change the way the poller makes one: compare-and-set, then publish. */
async function change(record: TaskRecord, patch: Partial<TaskRecord> = {}): Promise<TaskRecord> {
  const next = { ...record, statusMessage: `v${record.version + 1}`, updatedAt: Date.now(), ...patch, version: record.version + 1 };
  expect(await h.app.services.store.replace(next)).toBe(true);
  await h.app.services.events.publish(next);
  return next;
}

interface Frame {
  id?: string;
  type: string;
  payload?: { data?: { videoTaskUpdated?: Record<string, unknown> } | null; errors?: { message: string }[] } & Record<string, unknown>;
}

/** A raw graphql-transport-ws client that keeps every frame in the order it came. */
async function rawClient(): Promise<{ ws: WebSocket; frames: Frame[]; send(message: object): void }> {
  const ws = new WebSocket(`${h.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const frames: Frame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  await eventually(() => frames.some((f) => f.type === 'connection_ack'), 5000, 'connection_ack');
  return { ws, frames, send: (message) => ws.send(JSON.stringify(message)) };
}

const subscribe = (query: string, id: string, taskId: string) => ({ id, type: 'subscribe', payload: { query, variables: { id: globalId(taskId) } } });
const FULL = 'subscription W($id: ID!) { videoTaskUpdated(id: $id) { id status statusMessage videos { id url } } }';
const messagesOf = (frames: Frame[], id: string) =>
  frames.filter((f) => f.id === id && f.type === 'next').map((f) => f.payload?.data?.videoTaskUpdated?.statusMessage ?? f.payload?.errors?.[0]?.message);

describe('states written straight to the socket', () => {
  it('sends 200 back-to-back changes to 20 watchers once each, in order, then completes after the terminal one', async () => {
    let task = await seed();
    const clients = await Promise.all(Array.from({ length: 20 }, () => rawClient()));
    for (const [i, c] of clients.entries()) c.send(subscribe(FULL, `op-${i}`, task.id));
    await eventually(() => clients.every((c) => messagesOf(c.frames, c.frames.find((f) => f.type === 'next')?.id ?? '').length > 0), 5000, 'first states');
    for (let i = 0; i < 199; i++) task = await change(task);
    task = await change(task, { status: 'SUCCEEDED', statusMessage: 'done', finishedAt: Date.now() });
    await eventually(() => clients.every((c) => c.frames.some((f) => f.type === 'complete')), 10_000, 'complete');
    const expected = [...Array.from({ length: 200 }, (_, i) => `v${i + 1}`), 'done'];
    clients.forEach((c, i) => {
      const ops = c.frames.filter((f) => f.id === `op-${i}`);
      expect(messagesOf(ops, `op-${i}`)).toEqual(expected);
      // The frame graphql-ws would have sent: the same keys, the same payload shape.
      expect(Object.keys(ops[0]!)).toEqual(['id', 'type', 'payload']);
      expect(ops[0]!.payload).toEqual({ data: { videoTaskUpdated: { id: globalId(task.id), status: 'PROCESSING', statusMessage: 'v1', videos: [] } } });
      expect(ops.at(-1)!.type).toBe('complete');
      c.ws.close();
    });
    await eventually(() => h.app.services.events.listenerCount() === 0, 5000, 'listeners released');
  });

  it('keeps order when a state with errors goes through graphql-ws in between', async () => {
    let task = await seed();
    const c = await rawClient();
    c.send(subscribe(FULL, 'a', task.id));
    await eventually(() => messagesOf(c.frames, 'a').length === 1, 5000, 'first state');
    // A state the schema cannot serialise: its result carries an error, so it takes graphql-ws's
    // path (onNext, masking). The valid states around it go straight; none may overtake it. The
    // changes come a timer apart, as the poller's do: that path waits for each write, and a client
    // more than 16 states behind it would lose the oldest (the sliding buffer).
    const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
    task = await change(task);
    task = await change(task, { status: 'NOT_A_STATUS' as TaskRecord['status'] });
    for (let i = 0; i < 20; i++) {
      await tick();
      task = await change(task, { status: 'PROCESSING' });
    }
    await eventually(() => messagesOf(c.frames, 'a').length === 23, 5000, '23 states');
    const seen = messagesOf(c.frames, 'a');
    expect(seen.slice(0, 2)).toEqual(['v1', 'v2']);
    expect(seen[2]).toMatch(/TaskStatus|Enum/);
    expect(seen.slice(3)).toEqual(Array.from({ length: 20 }, (_, i) => `v${i + 4}`));
    c.ws.close();
    await eventually(() => h.app.services.events.listenerCount() === 0, 5000, 'listeners released');
  });

  it('a client that stops reading falls behind by states, not by memory: newest last, in order, then complete', async () => {
    let task = await seed();
    const c = await rawClient();
    c.send(subscribe(FULL, 's', task.id));
    await eventually(() => messagesOf(c.frames, 's').length === 1, 5000, 'first state');
    const socket = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    // 20 MB of states, more than the loopback buffers hold: past 64 KB unsent the states go
    // through graphql-ws, which waits for each write, and the sliding buffer drops the oldest.
    const padding = 'x'.repeat(4000);
    const total = 5000;
    for (let i = 0; i < total; i++) {
      task = await change(task, { statusMessage: `v${task.version + 1} ${padding}` });
      if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    task = await change(task, { status: 'SUCCEEDED', statusMessage: 'done', finishedAt: Date.now() });
    socket.resume();
    await eventually(() => c.frames.some((f) => f.id === 's' && f.type === 'complete'), 30_000, 'complete');
    const seen = messagesOf(c.frames, 's').map((m) => (m === 'done' ? Number.POSITIVE_INFINITY : Number(String(m).split(' ')[0]!.slice(1))));
    expect(seen.at(-1)).toBe(Number.POSITIVE_INFINITY);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
    console.log(`slow client: ${seen.length} of ${total + 2} states`);
    // Some states were dropped for it: the paced path took over.
    expect(seen.length).toBeLessThan(total + 2);
    c.ws.close();
    await eventually(() => h.app.services.events.listenerCount() === 0, 5000, 'listeners released');
  }, 60_000);

  it('writes nothing for an operation after its complete, and releases its listener (T2)', async () => {
    let task = await seed();
    // Every earlier socket is gone: the count below is this test's alone.
    await eventually(() => h.app.services.events.listenerCount() === 0, 5000, 'no listeners');
    const before = 0;
    const c = await rawClient();
    c.send(subscribe(FULL, 'gone', task.id));
    c.send(subscribe('subscription W($id: ID!) { videoTaskUpdated(id: $id) { status } }', 'stays', task.id));
    await eventually(() => messagesOf(c.frames, 'gone').length === 1 && c.frames.some((f) => f.id === 'stays'), 5000, 'first states');
    task = await change(task);
    c.send({ id: 'gone', type: 'complete' });
    await eventually(() => h.app.services.events.listenerCount() === before + 1, 5000, 'one listener released');
    for (let i = 0; i < 10; i++) task = await change(task);
    await eventually(() => c.frames.filter((f) => f.id === 'stays' && f.type === 'next').length === 12, 5000, 'the other operation goes on');
    expect(messagesOf(c.frames, 'gone')).toEqual(['v1', 'v2']);
    // Each operation got its own selection.
    const stays = c.frames.filter((f) => f.id === 'stays' && f.type === 'next');
    expect(stays.every((f) => Object.keys(f.payload!.data!.videoTaskUpdated!).join() === 'status')).toBe(true);
    c.ws.close();
    await eventually(() => h.app.services.events.listenerCount() === before, 5000, 'listeners released on close');
  });
});

describe('StateStream', () => {
  it('keeps the newest states for a reader, ends after them, and runs onEnd once', async () => {
    let ends = 0;
    const s = new StateStream<number>(3, () => ends++);
    for (let i = 1; i <= 5; i++) s.push(i);
    s.stop();
    s.stop();
    const read: number[] = [];
    for await (const v of s) read.push(v);
    expect(read).toEqual([3, 4, 5]);
    expect(ends).toBe(1);
  });

  it('hands buffered then live states to a tap synchronously, then the end', () => {
    const got: (number | string)[] = [];
    const s = new StateStream<number>(16, () => got.push('onEnd'));
    s.push(1);
    expect(s.tap({ value: (v) => got.push(v), end: (e) => got.push(`end:${String(e)}`) })).toBe(true);
    s.push(2);
    s.stop(new Error('x'));
    s.push(3);
    expect(got).toEqual([1, 2, 'onEnd', 'end:Error: x']);
  });

  it('return() ends a waiting reader at once and runs onEnd; a read stream cannot be tapped', async () => {
    let ends = 0;
    const s = new StateStream<number>(16, () => ends++);
    const waiting = s.next();
    expect(s.tap({ value: () => {}, end: () => {} })).toBe(false);
    await s.return();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(ends).toBe(1);
    s.push(1);
    expect(await s.next()).toEqual({ done: true, value: undefined });
  });

  it('a stopped stream with an error throws it after its buffered states', async () => {
    const s = new StateStream<number>(16, () => {});
    s.push(1);
    s.stop(new Error('store down'));
    expect(await s.next()).toEqual({ done: false, value: 1 });
    await expect(s.next()).rejects.toThrow('store down');
  });
});

describe('whenSettled (one shared execution, many subscribers)', () => {
  it('calls every waiter once, in order, and one that comes after the execution settled at once', async () => {
    const calls: string[] = [];
    const result = Promise.resolve({ data: { n: 1 } });
    const note = (name: string) => (settled: Settled) => calls.push(`${name}:${'result' in settled ? JSON.stringify(settled.result.data) : 'error'}`);
    whenSettled(result, note('a'));
    whenSettled(result, note('b'));
    expect(calls).toEqual([]);
    await result;
    await Promise.resolve();
    expect(calls).toEqual(['a:{"n":1}', 'b:{"n":1}']);
    // A state buffered before its stream was tapped meets the execution after it settled: the
    // waiter must still run, or that subscriber would never see another state.
    whenSettled(result, note('late'));
    expect(calls).toEqual(['a:{"n":1}', 'b:{"n":1}', 'late:{"n":1}']);
  });

  it('hands a failed execution to every waiter as an error', async () => {
    const failed = Promise.reject(new Error('boom'));
    const seen: unknown[] = [];
    whenSettled(failed, (s) => seen.push('error' in s ? (s.error as Error).message : 'result'));
    await failed.catch(() => undefined);
    await Promise.resolve();
    whenSettled(failed, (s) => seen.push('error' in s ? (s.error as Error).message : 'result'));
    expect(seen).toEqual(['boom', 'boom']);
  });
});
