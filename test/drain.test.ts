import { request } from 'node:http';
import { createConnection } from 'node:net';
import pino from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { bearerAuth } from '../src/kling/auth.js';
import { createKlingClient } from '../src/kling/client.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { WS_LIMITS } from '../src/server/websocket.js';
import { collect, CREATE_T2V, eventually, gql, SANDBOX_KEY, startHarness, WATCH, wsClient } from './support/harness.js';
import { startReplica, type Replica } from './support/replica.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';

/** A request on a connection of its own (no keep-alive pool): what a new client would get. */
function freshStatus(url: string, path: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    req.end();
  });
}

describe('SIGTERM while a paid create is in flight', () => {
  const GRACE_MS = 1500;
  let sandbox: Sandbox;
  let prefix: string;
  let env: Record<string, string>;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: SANDBOX_KEY, renderMs: 60_000, concurrency: 1000 });
    prefix = testPrefix();
    env = {
      KLING_API_KEY: SANDBOX_KEY,
      KLING_BASE_URL: sandbox.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      POLL_INTERVAL_MS: '100',
      POLL_MAX_INTERVAL_MS: '400',
      DRAIN_GRACE_MS: String(GRACE_MS),
      LOG_LEVEL: 'info',
    };
  }, 30_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill()));
    await sandbox.close();
    await dropPrefix(prefix);
  });

  it('answers the client, stores the task, closes sockets with 1001 and exits 0', async () => {
    const [doomed, survivor] = await Promise.all([startReplica(env), startReplica(env)]);
    replicas.push(doomed, survivor);
    const watcher = wsClient(doomed.url);
    // A subscription to some task, so the socket is live when the drain closes it.
    const other = await gql(survivor.url, CREATE_T2V, { input: { prompt: 'watched' } });
    const watch = collect(watcher, WATCH, { id: other.data!.createTextToVideo.id });
    await eventually(() => watch.results.length > 0, 5000, 'first state on the socket');

    // Kling answers this create after 3 s.
    sandbox.injectFault({ on: 'create', delayMs: 3000 });
    const createsBefore = sandbox.creates().length;
    const answer = gql(doomed.url, CREATE_T2V, { input: { prompt: 'a paid task in flight' } }).then((res) => ({
      res,
      at: performance.now(),
    }));
    await eventually(() => sandbox.creates().length > createsBefore, 5000, 'create upstream');
    await new Promise((r) => setTimeout(r, 500));

    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      doomed.child.once('exit', (code) => resolve({ code, at: performance.now() })),
    );
    const sigterm = performance.now();
    doomed.child.kill('SIGTERM');

    // Not ready at once, while everything else is still served through the grace period.
    let notReadyAt = 0;
    await eventually(async () => {
      const status = await freshStatus(doomed.url, '/readyz');
      if (status === 503) notReadyAt = performance.now();
      return status === 503;
    }, 2000, '/readyz 503');
    const duringGrace = await gql(doomed.url, '{ videoTasks(first: 1) { edges { cursor } } }');
    const servedAt = performance.now();
    expect(servedAt - sigterm).toBeLessThan(GRACE_MS);
    expect(duringGrace.status).toBe(200);

    // After the grace period new connections are refused, though the create is still in flight.
    await eventually(async () => typeof (await freshStatus(doomed.url, '/healthz')) === 'string', GRACE_MS + 3000, 'not accepting');
    const refusedAt = performance.now();

    const { res, at: answeredAt } = await answer;
    expect(res.errors).toBeUndefined();
    const created = res.data!.createTextToVideo as { id: string; taskId: string };
    expect(created.taskId).toMatch(/^\d+$/);

    const { results, error } = await watch.done;
    expect(results.length).toBeGreaterThan(0);
    expect((error as { code?: number } | undefined)?.code).toBe(1001);
    await watcher.dispose();

    const { code, at: exitAt } = await exited;
    expect(code).toBe(0);
    const drained = /"msg":"drained"/.test(doomed.output()) ? JSON.parse(doomed.output().split('\n').find((l) => l.includes('"msg":"drained"'))!) : {};
    console.info(
      `drain timeline after SIGTERM (create in flight, Kling answering 3 s after it was sent, grace ${GRACE_MS} ms): ` +
        `/readyz 503 after ${Math.round(notReadyAt - sigterm)} ms; a query served at ${Math.round(servedAt - sigterm)} ms; ` +
        `new connections refused by ${Math.round(refusedAt - sigterm)} ms; the create answered at ${Math.round(answeredAt - sigterm)} ms; ` +
        `exit 0 at ${Math.round(exitAt - sigterm)} ms; gateway's own log: ${JSON.stringify({
          stoppedAcceptingAt: drained.stoppedAcceptingAt,
          settledAt: drained.settledAt,
          closedAt: drained.closedAt,
          abandoned: drained.abandoned,
        })}`,
    );
    expect(drained.abandoned).toBe(0);
    expect(answeredAt).toBeLessThan(exitAt);

    // Stored, and once: the other replica reads it and polls it.
    expect(sandbox.creates().length).toBe(createsBefore + 1);
    const read = await gql(survivor.url, 'query($id: ID!) { videoTask(id: $id) { taskId status } }', { id: created.id });
    expect(read.data?.videoTask).toEqual({ taskId: created.taskId, status: 'SUBMITTED' });
    await eventually(() => sandbox.getsFor(created.taskId).length > 0, 5000, 'the survivor polls it');
  }, 30_000);
});

describe('closing WebSockets on shutdown', () => {
  it('cuts off a peer that stops reading after about the close timeout, not ws’s 30 s', async () => {
    const h = await startHarness({ sandbox: { renderMs: 60_000 } });
    const { port } = new URL(h.url);
    // A hand-made upgrade, then a socket that never reads again: it will never answer the close frame.
    const socket = createConnection({ host: '127.0.0.1', port: Number(port) });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'GET /graphql HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
    );
    const head = await new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    expect(head).toMatch(/^HTTP\/1\.1 101/);
    socket.pause();

    // A well-behaved client beside it gets 1001 Going Away.
    const task = await gql(h.url, CREATE_T2V, { input: { prompt: 'watched through a shutdown' } });
    const polite = wsClient(h.url);
    const watching = collect(polite, WATCH, { id: task.data!.createTextToVideo.id });
    await eventually(() => watching.results.length > 0, 5000, 'first state');
    const started = performance.now();
    await h.close();
    const took = performance.now() - started;
    console.info(`shutdown with a stalled WebSocket peer: ${Math.round(took)} ms (ws's default close timeout: 30000 ms)`);
    // The stalled peer is what it waited for, and only for the close timeout.
    expect(took).toBeGreaterThanOrEqual(WS_LIMITS.closeTimeoutMs - 100);
    expect(took).toBeLessThan(WS_LIMITS.closeTimeoutMs + 3000);
    // Its socket is gone: once it reads again it finds the end.
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined).resume();
    await ended;
    expect(((await watching.done).error as { code?: number }).code).toBe(1001);
    await polite.dispose();
  }, 20_000);

  it('ends SSE streams, so their clients resume elsewhere', async () => {
    const h = await startHarness({ sandbox: { renderMs: 60_000 } });
    const task = await gql(h.url, CREATE_T2V, { input: { prompt: 'watched over SSE through a shutdown' } });
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: WATCH, variables: { id: task.data!.createTextToVideo.id } }),
    });
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBeTypeOf('string');
    const ended = (async () => {
      for (;;) {
        const step = await reader.read().catch(() => ({ done: true }));
        if (step.done) return performance.now();
      }
    })();
    const started = performance.now();
    await h.close();
    expect((await ended) - started).toBeLessThan(3000);
  });

  it('refuses new upgrades while draining, with 503', async () => {
    const h = await startHarness();
    const stopping = h.app.stop({ graceMs: 1500 });
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${h.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => undefined);
    });
    expect(status).toBe(503);
    await stopping;
    await h.close();
  }, 20_000);
});

describe('the drain timeout', () => {
  it('bounds the wait for a create that does not finish, and still shuts down', async () => {
    const h = await startHarness({ sandbox: { renderMs: 60_000 } });
    h.sandbox.injectFault({ on: 'create', delayMs: 5000 });
    const pending = gql(h.url, CREATE_T2V, { input: { prompt: 'too slow to wait for' } }).catch((error: unknown) => error);
    await eventually(() => h.sandbox.creates().length > 0, 5000, 'create upstream');
    const started = performance.now();
    const timeline = await h.app.stop({ graceMs: 0, timeoutMs: 300 });
    const took = performance.now() - started;
    console.info(`drain with a create outlasting DRAIN_TIMEOUT_MS=300: ${JSON.stringify(timeline)}, stop took ${Math.round(took)} ms`);
    expect(timeline.abandoned).toBeGreaterThanOrEqual(1);
    expect(timeline.settledAt).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(3000);
    await pending;
    await h.close();
  }, 20_000);
});

describe('poll leases on shutdown', () => {
  it('hands a task whose poll is in flight to another replica at once, not after the lease', async () => {
    const LEASE_MS = 20_000;
    const prefix = testPrefix();
    const sandbox = await startSandbox({ apiKey: SANDBOX_KEY, renderMs: 120_000 });
    const kling = createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth(SANDBOX_KEY), retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL,
      REDIS_PREFIX: prefix,
      POLL_INTERVAL_MS: '100',
      POLL_MAX_INTERVAL_MS: '200',
      POLL_LEASE_MS: String(LEASE_MS),
    });
    const log = pino({ level: 'silent' });
    const leaving = await startApp(config, { kling, log });
    let staying: App | undefined;
    try {
      const created = await gql(leaving.url, CREATE_T2V, { input: { prompt: 'leased when the replica leaves' } });
      const taskId = created.data!.createTextToVideo.taskId as string;
      await eventually(() => sandbox.getsFor(taskId).length > 0, 5000, 'first poll');
      // Its next poll hangs upstream: the leaving replica holds the lease for LEASE_MS.
      sandbox.injectFault({ on: 'get', delayMs: 60_000 });
      const before = sandbox.getsFor(taskId).length;
      await eventually(() => sandbox.getsFor(taskId).length > before, 5000, 'hanging poll');
      staying = await startApp(config, { kling, log });
      const stoppedAt = performance.now();
      await leaving.stop();
      const takenAt: number = await eventually(() => (sandbox.getsFor(taskId).length > before + 1 ? performance.now() : 0), 5000, 'takeover');
      console.info(`a leased task polled by the other replica ${Math.round(takenAt - stoppedAt)} ms after the drain began (lease ${LEASE_MS} ms)`);
      expect(takenAt - stoppedAt).toBeLessThan(3000);
    } finally {
      await leaving.stop();
      await staying?.stop();
      kling.close();
      await sandbox.close();
      await dropPrefix(prefix);
    }
  }, 30_000);
});
