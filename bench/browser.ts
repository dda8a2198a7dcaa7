import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium, offlinePage } from '../test/support/browser.js';

/**
 * `npm run bench:browser`: what a person at a browser waits for, with the network blocked outside
 * loopback. Prints the web app's bundle size (gzip), how long GraphiQL (9 MB, inlined) and the web app
 * take to load, side by side in the same run, and the time from `npm start` to a playing video in
 * sandbox mode (with the default 10 s render and with a 1 s one).
 */
const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_BROWSER_RUNS ?? 5);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function bundleSizes(): { file: string; raw: number; gzip: number }[] {
  const dir = join(ROOT, 'dist/web');
  const files = ['index.html', ...readdirSync(join(dir, 'assets')).map((f) => `assets/${f}`)];
  return files.map((file) => {
    const bytes = readFileSync(join(dir, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

interface Started {
  url: string;
  /** Where the embedded sandbox serves its videos. */
  sandboxUrl: string;
  bannerMs: number;
  stop(): Promise<void>;
}

/** `npm start` as a person runs it (PORT=0 so it never clashes), until the banner names the URL. */
function npmStart(env: Record<string, string>, t0: number): Promise<Started> {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /web app: (http:\/\/\S+?)\/,/.exec(out);
      const sandbox = /sandbox upstream at (http:\/\/[^\s;]+)/.exec(out);
      if (match && sandbox) {
        resolve({
          url: match[1]!,
          sandboxUrl: sandbox[1]!,
          bannerMs: performance.now() - t0,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              process.kill(-child.pid!, 'SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${out}`)));
  });
}

async function startToPlaying(browser: Browser, env: Record<string, string>) {
  const t0 = performance.now();
  const gateway = await npmStart(env, t0);
  try {
    const p = await offlinePage(browser, [gateway.url, gateway.sandboxUrl]);
    await p.page.goto(`${gateway.url}/`);
    await p.page.getByText('Live', { exact: true }).waitFor({ timeout: 60_000 });
    const pageMs = performance.now() - t0;
    await p.page.getByLabel(/^Prompt/).fill('A red fox in fresh snow');
    await p.page.getByRole('button', { name: 'Start video' }).click();
    const video = p.page.locator('.task-list article').first().locator('video');
    await video.waitFor({ timeout: 120_000 });
    await video.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await p.page.waitForFunction((v) => (v as HTMLVideoElement).currentTime > 0, await video.elementHandle(), { timeout: 60_000 });
    const playingMs = performance.now() - t0;
    await p.close();
    return { bannerMs: gateway.bannerMs, pageMs, playingMs };
  } finally {
    await gateway.stop();
  }
}

async function loadTimes(browser: Browser, url: string, ready: (page: import('playwright-core').Page) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const p = await offlinePage(browser, [url]);
    const t0 = performance.now();
    await p.page.goto(url);
    await ready(p.page);
    times.push(performance.now() - t0);
    if (p.blocked.length) throw new Error(`requests left loopback: ${p.blocked.join(', ')}`);
    await p.close();
  }
  return times;
}

const buildStart = performance.now();
execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
const buildMs = performance.now() - buildStart;
const noopStart = performance.now();
execFileSync(process.execPath, ['web/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
const noopWebBuildMs = performance.now() - noopStart;

const browser = await launchChromium();
try {
  const sizes = bundleSizes();
  const total = sizes.reduce((acc, s) => ({ raw: acc.raw + s.raw, gzip: acc.gzip + s.gzip }), { raw: 0, gzip: 0 });

  const gateway = await npmStart({}, performance.now());
  let graphiql: number[];
  let webApp: number[];
  let graphiqlBytes: number;
  try {
    // The first GraphiQL visit renders and compresses the page once; measure what every visitor gets.
    graphiqlBytes = (await (await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } })).arrayBuffer()).byteLength;
    const raw = await (await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    graphiqlBytes = Math.min(graphiqlBytes, gzipSync(raw).length);
    graphiql = await loadTimes(browser, `${gateway.url}/graphql`, (page) =>
      page.getByRole('button', { name: /Execute query/ }).waitFor({ timeout: 60_000 }),
    );
    webApp = await loadTimes(browser, `${gateway.url}/`, (page) => page.getByText('Live', { exact: true }).waitFor({ timeout: 60_000 }));
  } finally {
    await gateway.stop();
  }

  const slow = await startToPlaying(browser, {});
  const fast = await startToPlaying(browser, { SANDBOX_RENDER_MS: '1000' });

  const lines = [
    `web app bundle: ${sizes.map((s) => `${s.file} ${kb(s.raw)} (${kb(s.gzip)} gzip)`).join('; ')}`,
    `web app total: ${kb(total.raw)} raw, ${kb(total.gzip)} gzip`,
    `npm run build: ${Math.round(buildMs)} ms; web build with nothing changed: ${Math.round(noopWebBuildMs)} ms`,
    `load with the network blocked (median of ${RUNS}, to a usable page): GraphiQL ${Math.round(median(graphiql))} ms ` +
      `(${kb(graphiqlBytes)} gzip) beside the web app ${Math.round(median(webApp))} ms`,
    `npm start -> banner / page live / video playing, sandbox 10 s render: ${Math.round(slow.bannerMs)} / ${Math.round(slow.pageMs)} / ${Math.round(slow.playingMs)} ms`,
    `npm start -> banner / page live / video playing, sandbox 1 s render:  ${Math.round(fast.bannerMs)} / ${Math.round(fast.pageMs)} / ${Math.round(fast.playingMs)} ms`,
  ];
  for (const line of lines) console.log(line);
} finally {
  await browser.close();
}
