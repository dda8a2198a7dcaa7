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

  it('never repeats a create whose answer was lost: Kling may have the task', async () => {
    sandbox.injectFault({ on: 'create', drop: true });
    const before = sandbox.creates().length;
    await expect(kling.createTask('TEXT_TO_VIDEO', { model_name: 'kling-v3', prompt: 'p' })).rejects.toBeInstanceOf(KlingUnavailableError);
    expect(sandbox.creates().length - before).toBe(1);
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

  it('turns an unknown task into a typed error with Kling\'s code', async () => {
    const error = await kling.getTask('TEXT_TO_VIDEO', '404404404').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KlingError);
    expect((error as KlingError).klingCode).toBe(1203);
  });
});
