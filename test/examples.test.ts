import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { GATEWAY_API_KEYS: 'demo:demo-key' }, sandbox: { renderMs: 400 } });
});
afterAll(() => h.close());

it('examples/watch-video.ts, typed by the generated documents, starts a video and watches it to the end', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/watch-video.ts', 'an example fox'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', GATEWAY_URL: h.url, GATEWAY_KEY: 'demo-key' },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code, out).toBe(0);
  expect(out).toMatch(/^created \S+ \(Kling task \d{18}, kling-v3\): SUBMITTED$/m);
  expect(out).toMatch(/ SUCCEEDED$/m);
  // before the end, each state shows progress and the estimated time left
  expect(out).toMatch(/ \d+%, ETA \d+:\d\d (SUBMITTED|PROCESSING)$/m);
  expect(out).toMatch(/video http:\/\/127\.0\.0\.1:\d+\/sandbox\/videos\/\d{18}\.mp4 \(5 s\)/);
});
