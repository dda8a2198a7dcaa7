import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { bearerAuth } from '../src/kling/auth.js';
import { createKlingClient, type KlingClient } from '../src/kling/client.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../src/sandbox/server.js';

/** Render times the sandbox draws, read back as Kling would show them: updated_at - created_at at the end. */
let sandbox: Sandbox | undefined;
let kling: KlingClient | undefined;
afterEach(async () => {
  kling?.close();
  await sandbox?.close();
});

async function renderTimes(options: SandboxOptions, models: string[]): Promise<number[]> {
  sandbox = await startSandbox({ apiKey: 'k', concurrency: 1000, ...options });
  kling = createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth('k') });
  const created = [];
  for (const model of models) created.push(await kling.createTask('TEXT_TO_VIDEO', { model_name: model, prompt: 'p' } as never));
  const longest = Math.max(options.renderMs ?? 0, ...Object.values(options.renderModels ?? {}).map((m) => m.medianMs)) * 4;
  await new Promise((resolve) => setTimeout(resolve, longest));
  const done = await Promise.all(created.map((c) => kling!.getTask('TEXT_TO_VIDEO', c.task_id)));
  for (const d of done) expect(d.task_status).toBe('succeed');
  return done.map((d) => d.updated_at! - d.created_at!);
}

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('sandbox render times', () => {
  it('take exactly renderMs with no spread (the default)', async () => {
    expect(await renderTimes({ renderMs: 60 }, Array(5).fill('kling-v3'))).toEqual([60, 60, 60, 60, 60]);
  });

  it('are log-normal around renderMs with a spread, and repeat for a seed', async () => {
    const first = await renderTimes({ renderMs: 100, renderSpread: 0.4, seed: 3 }, Array(40).fill('kling-v3'));
    await sandbox!.close();
    kling!.close();
    const again = await renderTimes({ renderMs: 100, renderSpread: 0.4, seed: 3 }, Array(40).fill('kling-v3'));
    expect(again).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(20);
    expect(medianOf(first)).toBeGreaterThan(75);
    expect(medianOf(first)).toBeLessThan(135);
  });

  it('per model: a model of its own renders at its own median', async () => {
    const times = await renderTimes({ renderMs: 40, renderModels: { 'kling-v2-5-turbo': { medianMs: 120 } } }, ['kling-v3', 'kling-v2-5-turbo']);
    expect(times).toEqual([40, 120]);
  });

  it('report updated_at as the time of the last status change, not the time of the answer', async () => {
    sandbox = await startSandbox({ apiKey: 'k', renderMs: 2000, submittedMs: 100 });
    kling = createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth('k') });
    const created = await kling.createTask('TEXT_TO_VIDEO', { prompt: 'p' } as never);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const processing = await kling.getTask('TEXT_TO_VIDEO', created.task_id);
    expect(processing).toMatchObject({ task_status: 'processing', updated_at: created.created_at! + 100 });
  });
});

describe('configuration', () => {
  it('reads the sandbox distribution and the poll schedule', () => {
    const config = loadConfig({ SANDBOX_RENDER_MS: '3000', SANDBOX_RENDER_SPREAD: '0.3', SANDBOX_RENDER_MODELS: 'kling-v2-5-turbo=1500/0.2, kling-v3=6000' });
    expect(config.upstream).toEqual({
      kind: 'sandbox',
      renderMs: 3000,
      renderSpread: 0.3,
      renderModels: { 'kling-v2-5-turbo': { medianMs: 1500, spread: 0.2 }, 'kling-v3': { medianMs: 6000 } },
    });
    expect(loadConfig({})).toMatchObject({ pollSchedule: 'estimate', pollEstimateSpacing: 0.03 });
    expect(loadConfig({ POLL_SCHEDULE: 'backoff' }).pollSchedule).toBe('backoff');
  });

  it.each([
    ['SANDBOX_RENDER_MODELS', 'kling-v3:6000'],
    ['SANDBOX_RENDER_SPREAD', '-1'],
    ['POLL_SCHEDULE', 'sometimes'],
    ['POLL_ESTIMATE_SPACING', '0'],
  ])('refuses a bad %s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
