import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import pino from 'pino';
import { startApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { bearerAuth } from '../src/kling/auth.js';
import { createKlingClient } from '../src/kling/client.js';
import { SANDBOX_FAILURE_MESSAGE, startSandbox } from '../src/sandbox/server.js';
import { CREATE_T2V, gql, SANDBOX_KEY, startHarness, type Harness } from './support/harness.js';
import { launchChromium, offlinePage, type OfflinePage } from './support/browser.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';

/**
 * The web app at `/`, driven in headless Chromium as a person would use it, with every request
 * outside the gateway and the sandbox refused. Screenshots go to artifacts/ (git-ignored).
 */
const ARTIFACTS = 'artifacts';
let browser: Browser;
let h: Harness;
beforeAll(async () => {
  // What `npm run build` does for the web app (a no-op when nothing changed).
  execFileSync(process.execPath, ['web/build.mjs'], { stdio: 'ignore' });
  mkdirSync(ARTIFACTS, { recursive: true });
  [browser, h] = await Promise.all([launchChromium(), startHarness({ sandbox: { renderMs: 3000 } })]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true };

async function open(harness: Harness, options: Parameters<typeof offlinePage>[2] = {}): Promise<OfflinePage> {
  const p = await offlinePage(browser, [harness.url, harness.sandbox.url], options);
  await p.page.goto(`${harness.url}/`);
  await p.page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
  return p;
}

function clean(p: OfflinePage): void {
  expect(p.blocked).toEqual([]);
  expect(p.errors).toEqual([]);
}

/** The card of the task the page created most recently. */
const newest = (page: Page) => page.locator('.task-list > li').first().locator('article');

/** Waits for the task's card to show the status, and returns the card. */
async function cardWithStatus(page: Page, id: string, status: string) {
  await page.locator(`article[data-task-id="${id}"][data-status=${status}]`).waitFor({ timeout: 30_000 });
  return page.locator(`article[data-task-id="${id}"]`);
}

const text = (locator: ReturnType<Page['locator']>) => locator.first().textContent();

async function startTextToVideo(page: Page, prompt: string): Promise<void> {
  await page.getByLabel(/^Prompt/).fill(prompt);
  await page.getByRole('button', { name: 'Start video' }).click();
}

/** Plays the card's video and waits until it really advances. */
async function expectPlays(page: Page, card: ReturnType<typeof newest>): Promise<void> {
  const video = card.locator('video');
  await video.waitFor({ timeout: 30_000 });
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await page.waitForFunction((v) => (v as HTMLVideoElement).readyState >= 2, await video.elementHandle(), { timeout: 30_000 });
  const t0 = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await page.waitForFunction((args) => (args[0] as HTMLVideoElement).currentTime > (args[1] as number) + 0.2, [await video.elementHandle(), t0] as const, {
    timeout: 30_000,
  });
}

describe('the web app', () => {
  it('starts a text-to-video, shows it rendering, then plays the video', async () => {
    const p = await open(h);
    try {
      await startTextToVideo(p.page, 'A red fox running through fresh snow at sunrise');
      await newest(p.page).waitFor();
      const id = (await newest(p.page).getAttribute('data-task-id'))!;
      expect(await newest(p.page).getAttribute('data-status')).toMatch(/SUBMITTED|PROCESSING/);
      await newest(p.page).locator('progress').waitFor();
      // The gateway's estimate, as time left.
      await newest(p.page).getByText(/s left|min left|any moment now/).waitFor();
      await p.page.screenshot({ path: `${ARTIFACTS}/web-desktop-rendering.png` });
      const card = await cardWithStatus(p.page, id, 'SUCCEEDED');
      await expectPlays(p.page, card);
      await card.getByText(/available until/).waitFor();
      await p.page.evaluate(() => window.scrollTo(0, 0));
      await p.page.screenshot({ path: `${ARTIFACTS}/web-desktop.png` });
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);

  it('starts an image-to-video with a first and a last frame', async () => {
    const p = await open(h);
    try {
      const before = h.sandbox.creates().length;
      await p.page.getByRole('radio', { name: 'Image to video', exact: true }).check();
      await p.page.getByLabel('First frame image URL').fill('https://images.example/first.png');
      await p.page.getByLabel('Last frame image URL (optional)').fill('https://images.example/last.png');
      await p.page.getByLabel(/^Prompt/).fill('the door opens');
      await p.page.getByRole('button', { name: 'Start video' }).click();
      await expect.poll(() => newest(p.page).getAttribute('data-status'), { timeout: 30_000 }).toMatch(/SUBMITTED|PROCESSING|SUCCEEDED/);
      expect(await text(newest(p.page).getByRole('heading'))).toMatch(/Image to video/);
      // The task carries what it asked for, and the card shows it.
      expect(await text(newest(p.page).locator('.request'))).toMatch(/the door opens.*first frame first\.png · last frame last\.png/);
      const sent = h.sandbox.creates().slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.body).toMatchObject({ image: 'https://images.example/first.png', image_tail: 'https://images.example/last.png' });
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);

  it('sends a picked image inline as Base64, over HTTP when it is too big for a WebSocket message', async () => {
    const p = await open(h);
    try {
      const small = readFileSync('assets/sandbox/poster.jpg');
      // Random bytes do not compress: the message really is over 1 MB.
      const big = randomBytes(1_200_000);
      await p.page.getByRole('radio', { name: 'Image to video', exact: true }).check();
      for (const [file, name, type] of [[small, 'poster.jpg', 'image/jpeg'], [big, 'big.png', 'image/png']] as const) {
        const before = h.sandbox.creates().length;
        await p.page.getByLabel('Or choose a file').first().setInputFiles({ name, mimeType: type, buffer: file });
        await p.page.getByText(name).waitFor();
        await p.page.getByRole('button', { name: 'Start video' }).click();
        await expect.poll(() => h.sandbox.creates().length, { timeout: 30_000 }).toBe(before + 1);
        expect((h.sandbox.creates().at(-1)!.body as { image: string }).image).toBe(file.toString('base64'));
        await p.page.getByRole('button', { name: 'Use a URL instead' }).click();
      }
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);

  it("shows the server's validation error next to the field it names, and starts nothing", async () => {
    const p = await open(h);
    try {
      const before = h.sandbox.creates().length;
      await p.page.getByLabel(/^Prompt/).fill('two shots');
      await p.page.getByLabel('Cut into shots').selectOption('CUSTOMIZE');
      await p.page.getByLabel('Shot 1 prompt').fill('a fox looks up');
      await p.page.getByLabel('Shot 1 seconds').fill('2');
      await p.page.getByRole('button', { name: 'Start video' }).click();
      const error = p.page.locator('#f-multiShot-shots-error');
      await expect.poll(() => text(error), { timeout: 30_000 }).toContain('must add up to the duration, 5 s');
      expect(await text(p.page.getByRole('alert'))).toContain('The video was not started');
      expect(await p.page.getByLabel('Shot 1 prompt').getAttribute('aria-invalid')).toBeNull();
      expect(h.sandbox.creates().length).toBe(before);
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);

  it('says in plain words when Kling refuses the content', async () => {
    const p = await open(h);
    try {
      await startTextToVideo(p.page, 'something [reject]');
      await expect.poll(() => text(p.page.getByRole('alert')), { timeout: 30_000 }).toContain("Kling's content filter refused this request");
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);

  it('adds a task started elsewhere (another tab, another client) to the live list', async () => {
    const p = await open(h);
    try {
      const made = await gql(h.url, CREATE_T2V, { input: { prompt: 'started by a script' } });
      const id = made.data!.createTextToVideo.id as string;
      await cardWithStatus(p.page, id, 'SUCCEEDED');
      expect(await text(p.page.locator(`article[data-task-id="${id}"] .request .prompt`))).toBe('started by a script');
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);

  it('labels every control, and works from the keyboard alone', async () => {
    const p = await open(h);
    try {
      const unlabelled = async () =>
        p.page.evaluate(() =>
          [...document.querySelectorAll<HTMLInputElement>('input, select, textarea')]
            .filter((el) => el.type !== 'hidden' && !(el.labels?.length || el.getAttribute('aria-label')))
            .map((el) => el.outerHTML),
        );
      expect(await unlabelled()).toEqual([]);
      // Arrow keys move through the capabilities, as in any radio group.
      await p.page.getByRole('radio', { name: 'Text to video', exact: true }).focus();
      await p.page.keyboard.press('ArrowRight');
      await p.page.getByLabel('First frame image URL').waitFor();
      expect(await unlabelled()).toEqual([]);
      await p.page.keyboard.press('ArrowRight');
      await p.page.getByLabel('Image 1 URL').waitFor();
      await p.page.keyboard.press('ArrowLeft');
      await p.page.getByLabel('First frame image URL').focus();
      await p.page.keyboard.type('https://images.example/first.png');
      const before = h.sandbox.creates().length;
      await p.page.keyboard.press('Enter');
      await expect.poll(() => h.sandbox.creates().length, { timeout: 30_000 }).toBe(before + 1);
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);

  it('resumes the live view after a reload mid-render', async () => {
    const p = await open(h);
    try {
      await startTextToVideo(p.page, 'reload while rendering');
      await newest(p.page).waitFor();
      const id = (await newest(p.page).getAttribute('data-task-id'))!;
      await p.page.reload();
      await p.page.getByText('Live', { exact: true }).waitFor();
      const card = p.page.locator(`article[data-task-id="${id}"]`);
      await card.waitFor();
      expect(await card.getAttribute('data-status')).toMatch(/SUBMITTED|PROCESSING/);
      await cardWithStatus(p.page, id, 'SUCCEEDED');
      await expectPlays(p.page, card);
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);

  it('shows a failed task with its reason', async () => {
    const p = await open(h);
    try {
      await startTextToVideo(p.page, 'this one breaks [fail]');
      await newest(p.page).waitFor();
      const card = await cardWithStatus(p.page, (await newest(p.page).getAttribute('data-task-id'))!, 'FAILED');
      expect(await text(card.locator('.task-message'))).toBe(SANDBOX_FAILURE_MESSAGE);
      expect(await text(card.getByRole('status'))).toBe('Failed');
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);

  it('works the same at 375 px wide, with nothing wider than the screen', async () => {
    const p = await open(h, PHONE);
    try {
      await startTextToVideo(p.page, 'a phone-sized fox');
      await newest(p.page).waitFor();
      const card = await cardWithStatus(p.page, (await newest(p.page).getAttribute('data-task-id'))!, 'SUCCEEDED');
      await expectPlays(p.page, card);
      expect(await p.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await card.scrollIntoViewIfNeeded();
      await p.page.screenshot({ path: `${ARTIFACTS}/web-phone.png` });
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);
});

describe('the web app with keys configured', () => {
  let keyed: Harness;
  beforeAll(async () => {
    keyed = await startHarness({ env: { GATEWAY_API_KEYS: 'acme:key-acme' }, sandbox: { renderMs: 100 } });
    const auth = { authorization: 'Bearer key-acme' };
    for (let i = 0; i < 23; i++) await gql(keyed.url, CREATE_T2V, { input: { prompt: `history ${i}` } }, auth);
    for (let i = 0; i < 2; i++) await gql(keyed.url, CREATE_T2V, { input: { prompt: `broken ${i} [fail]` } }, auth);
  }, 60_000);
  afterAll(() => keyed?.close());

  it('asks for a key, then pages through the history as it scrolls, and filters it', async () => {
    const p = await offlinePage(browser, [keyed.url, keyed.sandbox.url]);
    try {
      await p.page.goto(`${keyed.url}/`);
      await expect.poll(() => text(p.page.getByRole('alert')), { timeout: 30_000 }).toContain('Sign in');
      await p.page.getByLabel('API key or token').fill('key-acme');
      await p.page.getByRole('button', { name: 'Sign in', exact: true }).click();
      const cards = p.page.locator('.task-list article');
      await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(20);
      await p.page.locator('.sentinel').scrollIntoViewIfNeeded();
      await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(25);
      await expect.poll(() => p.page.getByRole('button', { name: 'Load older videos' }).count()).toBe(0);

      await p.page.getByLabel('Status').selectOption('FAILED');
      await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(2);
      expect(await text(cards.first().locator('.task-message'))).toBe(SANDBOX_FAILURE_MESSAGE);
      expect(await text(cards.first().locator('.request .prompt'))).toBe('broken 1 [fail]');
      // The key stays in this tab's sessionStorage, never in localStorage.
      expect(await p.page.evaluate(() => [sessionStorage.length, localStorage.length])).toEqual([1, 0]);
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);
});

describe('the web app signed in with an end-user token', () => {
  const SECRET = 'a shared secret of at least thirty-two characters';
  let tenant: Harness;
  let dir: string;
  const token = (sub: string) =>
    new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('acme').setSubject(sub).setAudience('kling-gateway')
      .setExpirationTime('10m').sign(new TextEncoder().encode(SECRET));
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kg-web-'));
    const settings = { tenants: { acme: { keys: ['acme-key-0123456789abcdef'], tokens: { secret: SECRET } } } };
    writeFileSync(join(dir, 'tenants.json'), JSON.stringify(settings));
    tenant = await startHarness({ env: { GATEWAY_TENANTS_FILE: join(dir, 'tenants.json') }, sandbox: { renderMs: 300 } });
  }, 60_000);
  afterAll(async () => {
    await tenant?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows the user's own tasks only, and starts new ones as that user", async () => {
    await gql(tenant.url, CREATE_T2V, { input: { prompt: "bob's video" } }, { authorization: `Bearer ${await token('bob')}` });
    await gql(tenant.url, CREATE_T2V, { input: { prompt: "alice's video" } }, { authorization: `Bearer ${await token('alice')}` });
    const p = await offlinePage(browser, [tenant.url, tenant.sandbox.url]);
    try {
      await p.page.goto(`${tenant.url}/`);
      await p.page.getByLabel('API key or token').fill(await token('alice'));
      await p.page.getByRole('button', { name: 'Sign in', exact: true }).click();
      const prompts = p.page.locator('.task-list article .request .prompt');
      await expect.poll(() => prompts.allTextContents(), { timeout: 30_000 }).toEqual(["alice's video"]);
      await startTextToVideo(p.page, 'another one by alice');
      await expect.poll(() => prompts.allTextContents(), { timeout: 30_000 }).toEqual(['another one by alice', "alice's video"]);
      // The tenant's key sees both users' tasks; the new one is alice's.
      const all = await gql(tenant.url, '{ videoTasks { edges { node { request { prompt } } } } }', {}, { authorization: 'Bearer acme-key-0123456789abcdef' });
      expect(all.data!.videoTasks.edges).toHaveLength(3);
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);
});

describe('the web app with one Kling slot', () => {
  let one: Harness;
  beforeAll(async () => {
    one = await startHarness({ env: { KLING_CONCURRENCY: '1' }, sandbox: { renderMs: 4000 } });
  }, 60_000);
  afterAll(() => one?.close());

  it('shows a queued task with its place in line, cancels it, and tries it again', async () => {
    const holder = await gql(one.url, CREATE_T2V, { input: { prompt: 'holds the slot' } });
    expect(holder.data!.createTextToVideo.status).toBe('SUBMITTED');
    const p = await open(one);
    try {
      await startTextToVideo(p.page, 'waits for the slot');
      await newest(p.page).waitFor();
      const id = (await newest(p.page).getAttribute('data-task-id'))!;
      const card = await cardWithStatus(p.page, id, 'QUEUED');
      await card.getByText(/next in line/).waitFor();
      await card.getByRole('button', { name: 'Cancel' }).click();
      await cardWithStatus(p.page, id, 'CANCELLED');
      expect(one.sandbox.creates()).toHaveLength(1);

      await card.getByRole('button', { name: 'Try again' }).click();
      await expect.poll(async () => newest(p.page).getAttribute('data-task-id'), { timeout: 30_000 }).not.toBe(id);
      const retried = (await newest(p.page).getAttribute('data-task-id'))!;
      // Once the holder's slot frees, the new task goes to Kling and finishes.
      await cardWithStatus(p.page, retried, 'SUCCEEDED');
      expect((one.sandbox.creates().at(-1)!.body as { prompt: string }).prompt).toBe('waits for the slot');
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);
});

describe('the web app with a daily quota', () => {
  let quota: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kg-web-'));
    writeFileSync(join(dir, 'tenants.yaml'), 'defaults:\n  dailyVideoSeconds: 10\ntenants: {}\n');
    quota = await startHarness({ env: { GATEWAY_TENANTS_FILE: join(dir, 'tenants.yaml') }, sandbox: { renderMs: 500 } });
  }, 60_000);
  afterAll(async () => {
    await quota?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says in plain words when a create would go over the quota', async () => {
    const p = await open(quota);
    try {
      for (const prompt of ['first five seconds', 'second five seconds']) {
        await startTextToVideo(p.page, prompt);
        await expect.poll(() => p.page.locator('.task-list article').count(), { timeout: 30_000 }).toBe(prompt.startsWith('first') ? 1 : 2);
      }
      await startTextToVideo(p.page, 'one too many');
      await expect.poll(() => text(p.page.locator('#create-errors')), { timeout: 30_000 }).toContain("This video would take you over today's 10 seconds of video.");
      expect(quota.sandbox.creates()).toHaveLength(2);
      clean(p);
    } finally {
      await p.close();
    }
  }, 90_000);
});

describe('the web app across a gateway restart', () => {
  it('shows the outage, reconnects by itself and resumes the live view', async () => {
    const prefix = testPrefix();
    const sandbox = await startSandbox({ apiKey: SANDBOX_KEY, renderMs: 6000 });
    const kling = createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth(SANDBOX_KEY) });
    const start = (port: number) =>
      startApp(
        loadConfig({ PORT: String(port), HOST: '127.0.0.1', REDIS_URL, REDIS_PREFIX: prefix, POLL_INTERVAL_MS: '50', POLL_MAX_INTERVAL_MS: '200' }),
        { kling, log: pino({ level: 'silent' }) },
      );
    let app: App = await start(0);
    const p = await offlinePage(browser, [app.url, sandbox.url]);
    try {
      await p.page.goto(`${app.url}/`);
      await p.page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
      await startTextToVideo(p.page, 'across a restart');
      await newest(p.page).waitFor();
      const id = (await newest(p.page).getAttribute('data-task-id'))!;

      await app.stop();
      await p.page.getByText('Reconnecting…').waitFor({ timeout: 30_000 });
      // State is in Redis: the new process knows the task and polls it on.
      app = await start(Number(new URL(app.url).port));
      await p.page.getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
      const card = await cardWithStatus(p.page, id, 'SUCCEEDED');
      await expectPlays(p.page, card);
      expect(p.blocked).toEqual([]);
      // While the gateway was down, Chromium itself logs each refused WebSocket attempt; nothing else.
      expect(p.errors.filter((e) => !/WebSocket connection to '.*' failed/.test(e))).toEqual([]);
    } finally {
      await p.close();
      await app.stop();
      kling.close();
      await sandbox.close();
      await dropPrefix(prefix);
    }
  }, 90_000);
});
