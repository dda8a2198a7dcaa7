import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerAuth } from '../src/kling/auth.js';
import { createKlingClient, type KlingClient } from '../src/kling/client.js';
import { KlingError, KlingUnavailableError } from '../src/kling/errors.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';

let sandbox: Sandbox;
let kling: KlingClient;
beforeAll(async () => {
  sandbox = await startSandbox({ apiKey: 'k', renderMs: 60_000 });
  kling = createKlingClient({ baseUrl: `${sandbox.url}/`, auth: bearerAuth('k'), timeoutMs: 300, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
});
afterAll(async () => {
  kling.close();
  await sandbox.close();
});

describe('the upstream client', () => {
  it('retries a query after a dropped connection and a timeout, then answers', async () => {
    const task = await kling.createTask('TEXT_TO_VIDEO', { model_name: 'kling-v3', prompt: 'p' });
    sandbox.injectFault({ on: 'get', drop: true });
    sandbox.injectFault({ on: 'get', delayMs: 1000 });
    const before = sandbox.getsFor(task.task_id).length;
    const answer = await kling.getTask('TEXT_TO_VIDEO', task.task_id);
    expect(answer.task_id).toBe(task.task_id);
    expect(sandbox.getsFor(task.task_id).length - before).toBe(3);
  });

  it('never repeats a create whose answer was lost on a fresh connection: Kling may have the task', async () => {
    const fresh = createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth('k'), retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
    sandbox.injectFault({ on: 'create', drop: true });
    const before = sandbox.creates().length;
    await expect(fresh.createTask('TEXT_TO_VIDEO', { model_name: 'kling-v3', prompt: 'p' })).rejects.toBeInstanceOf(KlingUnavailableError);
    expect(sandbox.creates().length - before).toBe(1);
    fresh.close();
  });

  it('gives up on a silent upstream after its deadline, and stops at once when aborted', async () => {
    sandbox.injectFault({ on: 'get', delayMs: 5000, times: 3 });
    const started = performance.now();
    const error = await kling.getTask('TEXT_TO_VIDEO', '1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KlingUnavailableError);
    expect((error as Error).message).toContain('no answer within 300 ms');
    expect(performance.now() - started).toBeLessThan(1500);
    sandbox.clearFaults();

    sandbox.injectFault({ on: 'get', delayMs: 5000 });
    const aborted = await kling.getTask('TEXT_TO_VIDEO', '1', AbortSignal.timeout(50)).catch((e: unknown) => e);
    expect((aborted as Error).name).toMatch(/Abort|Timeout/);
    sandbox.clearFaults();
  });

  it('sends a create again when the kept-alive connection it went out on was already closed', async () => {
    // A server that answers the first request on a connection, then drops the connection as the
    // next request arrives, as an upstream closing idle connections does.
    const served: number[] = [];
    const server = createServer((socket) => {
      let requests = 0;
      socket.on('data', () => {
        requests += 1;
        if (requests > 1) return void socket.resetAndDestroy();
        served.push(requests);
        const body = JSON.stringify({ code: 0, message: 'SUCCEED', request_id: 'r', data: { task_id: '1', task_status: 'submitted', created_at: 1, updated_at: 1 } });
        socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive\r\n\r\n${body}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = createKlingClient({ baseUrl: `http://127.0.0.1:${port}`, auth: bearerAuth('k'), retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    try {
      await client.createTask('TEXT_TO_VIDEO', { model_name: 'kling-v3', prompt: 'first' });
      // Goes out on the kept-alive socket, which the server drops: sent again on a new one.
      const second = await client.createTask('TEXT_TO_VIDEO', { model_name: 'kling-v3', prompt: 'second' });
      expect(second.task_id).toBe('1');
      expect(served).toEqual([1, 1]);
    } finally {
      client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('turns an unknown task into a typed error with Kling\'s code', async () => {
    const error = await kling.getTask('TEXT_TO_VIDEO', '404404404').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KlingError);
    expect((error as KlingError).klingCode).toBe(1203);
  });
});
