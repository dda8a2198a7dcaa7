import { Agent, request } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyRefusal, HTTP_TIMEOUTS, MAX_BODY_BYTES } from '../src/server/http.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const OVER = Buffer.alloc(MAX_BODY_BYTES + 1024 * 1024, 0x20);

describe('bodyRefusal', () => {
  it.each([
    [{ 'content-length': String(MAX_BODY_BYTES) }, 'POST', undefined],
    [{ 'content-length': String(MAX_BODY_BYTES + 1) }, 'POST', 413],
    [{ 'transfer-encoding': 'chunked' }, 'POST', 411],
    [{ 'content-length': '10', 'transfer-encoding': 'chunked' }, 'POST', undefined],
    [{ 'content-length': String(MAX_BODY_BYTES + 1) }, 'GET', undefined],
  ] as const)('%j %s -> %s', (headers, method, status) => {
    expect(bodyRefusal(headers, method)?.status).toBe(status);
  });
});

describe('a body over the cap', () => {
  it('gets a readable 413 with plain fetch while it is still being sent, every time', async () => {
    const outcomes: (number | string)[] = [];
    for (let i = 0; i < 5; i++) {
      const outcome = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: OVER }).then(
        async (res) => {
          const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
          return `${res.status} ${body.errors[0]!.extensions.code}`;
        },
        (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
      );
      outcomes.push(outcome);
    }
    console.info(`a ${OVER.length}-byte body with plain fetch, 5 tries: ${outcomes.join(', ')}`);
    expect(outcomes).toEqual(Array(5).fill('413 LIMIT_EXCEEDED'));
  });

  it('gets 413 instead of "100 Continue" with Expect: 100-continue, and is never sent', async () => {
    const { status, continued } = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = request(`${h.url}/graphql`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': OVER.length, expect: '100-continue' },
      });
      req.on('continue', () => {
        continued = true;
        req.end(OVER);
      });
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, continued });
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(413);
    expect(continued).toBe(false);
  });

  it('answers a chunked body (no length) with a readable 411', async () => {
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([JSON.stringify({ query: '{ __typename }' })]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(411);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });
});

describe('slow clients', () => {
  it('are cut off after the headers timeout, while normal requests, and idle keep-alive connections, go on', async () => {
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<{ status: number; socket: Socket; ms: number }>((resolve, reject) => {
        const started = performance.now();
        const req = request(`${h.url}${path}`, { agent: keepAlive }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, socket: req.socket as Socket, ms: performance.now() - started }));
        });
        req.on('error', reject);
        req.end();
      });
    const first = await get('/healthz');

    let duringMs = 0;
    // 200 clients that send their headers one byte a second.
    const started = performance.now();
    const slow = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const socket = createConnection(Number(new URL(h.url).port), '127.0.0.1');
        socket.on('error', () => undefined);
        socket.resume();
        const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now() - started)));
        const text = `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(100)}`;
        let i = 0;
        const drip = setInterval(() => (i < text.length && !socket.destroyed ? socket.write(text[i++]!) : clearInterval(drip)), 1000);
        const after = await closed;
        clearInterval(drip);
        return after;
      }).map(async (closedAfter, i) => {
        if (i === 0) {
          // Meanwhile a normal request is served at once.
          await new Promise((r) => setTimeout(r, 2000));
          const at = performance.now();
          const during = await fetch(`${h.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ videoTasks(first: 1) { edges { cursor } } }' }),
          });
          expect(during.status).toBe(200);
          duringMs = performance.now() - at;
        }
        return closedAfter;
      }),
    );
    const last = Math.max(...slow);
    console.info(`200 one-byte-a-second clients: all cut off by ${Math.round(last)} ms (headers timeout ${HTTP_TIMEOUTS.headersTimeoutMs} ms; node's default 60000 ms); a query meanwhile answered in ${Math.round(duringMs)} ms`);
    expect(last).toBeLessThan(HTTP_TIMEOUTS.headersTimeoutMs + HTTP_TIMEOUTS.checkIntervalMs + 3000);
    expect(Math.min(...slow)).toBeGreaterThanOrEqual(HTTP_TIMEOUTS.headersTimeoutMs - 1000);

    // A keep-alive connection idle for longer than the headers timeout is still good.
    const again = await get('/healthz');
    expect(again.status).toBe(200);
    expect(again.socket).toBe(first.socket);
    keepAlive.destroy();
  }, 30_000);
});
