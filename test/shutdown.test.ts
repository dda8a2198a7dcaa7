import { describe, expect, it } from 'vitest';
import { CREATE_T2V, eventually, gql, startHarness } from './support/harness.js';

describe('shutdown', () => {
  it('does not wait on a hanging upstream poll', async () => {
    const h = await startHarness({ sandbox: { renderMs: 60_000 } });
    const created = await gql(h.url, CREATE_T2V, { input: { prompt: 'slow upstream' } });
    const taskId = created.data!.createTextToVideo.taskId as string;
    await eventually(() => h.sandbox.getsFor(taskId).length > 0, 5000, 'first poll');
    h.sandbox.injectFault({ on: 'get', delayMs: 30_000, times: 100 });
    const before = h.sandbox.getsFor(taskId).length;
    await eventually(() => h.sandbox.getsFor(taskId).length > before, 5000, 'hanging poll');
    const started = performance.now();
    await h.app.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    await h.close();
  });
});
