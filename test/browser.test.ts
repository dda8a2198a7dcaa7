import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_T2V, eventually, gql, startHarness, type Harness } from './support/harness.js';
import { launchChromium, offlinePage } from './support/browser.js';
import { startPageServer } from './support/page-server.js';

/**
 * Headless Chromium against a real gateway, with every request outside the gateway, the sandbox and
 * the test's own page refused: what a developer with no internet sees.
 */
let browser: Browser;
let h: Harness;
beforeAll(async () => {
  [browser, h] = await Promise.all([launchChromium(), startHarness({ sandbox: { renderMs: 1500 } })]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('GraphiQL with no internet', () => {
  it('the test page really has no way out: an outside request is refused and recorded', async () => {
    const p = await offlinePage(browser, [h.url]);
    try {
      await expect(p.page.goto('https://unpkg.com/graphiql/graphiql.min.css')).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
      expect(p.blocked).toEqual(['https://unpkg.com/graphiql/graphiql.min.css']);
    } finally {
      await p.close();
    }
  });

  it('loads from the gateway, runs Create then Watch, and shows SUCCEEDED', async () => {
    const p = await offlinePage(browser, [h.url]);
    const { page } = p;
    try {
      await page.goto(`${h.url}/graphql`);
      const run = page.getByRole('button', { name: /Execute query/ });
      await run.click({ timeout: 30_000 });
      const created = page.waitForResponse(
        (r) => r.request().method() === 'POST' && (r.request().postData() ?? '').includes('createTextToVideo'),
      );
      await page.getByRole('menuitem', { name: 'Create' }).click();
      const body = (await (await created).json()) as { data: { createTextToVideo: { id: string; status: string } } };
      expect(body.data.createTextToVideo.status).toBe('SUBMITTED');

      await page.locator('.graphiql-editor-tool .monaco-editor').first().click();
      await page.keyboard.insertText(JSON.stringify({ id: body.data.createTextToVideo.id }));
      await run.click();
      await page.getByRole('menuitem', { name: 'Watch' }).click();
      await page.locator('.graphiql-response').getByText('"SUCCEEDED"').waitFor({ timeout: 30_000 });

      expect(p.blocked).toEqual([]);
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
  }, 90_000);
});

describe('a frontend on another origin', () => {
  it('plays the sandbox video and shows its poster', async () => {
    const created = await gql(h.url, CREATE_T2V, { input: { prompt: 'a video to play' } });
    const id = created.data!.createTextToVideo.id as string;
    const url = await eventually(async () => {
      const res = await gql(h.url, `query($id: ID!) { videoTask(id: $id) { videos { url } } }`, { id });
      return res.data?.videoTask?.videos[0]?.url as string | undefined;
    }, 15_000);
    const site = await startPageServer(`<!doctype html><title>player</title>
      <video id="v" src="${url}" poster="${url.replace(/\.mp4$/, '.jpg')}" crossorigin="anonymous" muted playsinline autoplay loop></video>
      <img id="poster" src="${url.replace(/\.mp4$/, '.jpg')}" crossorigin="anonymous" alt="">`);
    const p = await offlinePage(browser, [site.url, h.url, h.sandbox.url]);
    try {
      await p.page.goto(site.url);
      await p.page.waitForFunction(() => (document.getElementById('v') as HTMLVideoElement).readyState >= 2, null, { timeout: 30_000 });
      const first = await p.page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).currentTime);
      await p.page.waitForFunction(
        (t0) => (document.getElementById('v') as HTMLVideoElement).currentTime > t0 + 0.2,
        first,
        { timeout: 30_000 },
      );
      const media = await p.page.evaluate(() => {
        const v = document.getElementById('v') as HTMLVideoElement;
        const img = document.getElementById('poster') as HTMLImageElement;
        return { error: v.error?.code ?? null, width: v.videoWidth, height: v.videoHeight, duration: v.duration, poster: img.naturalWidth };
      });
      expect(media).toMatchObject({ error: null, width: 320, height: 180, poster: 320 });
      expect(media.duration).toBeGreaterThan(4);
      expect(p.blocked).toEqual([]);
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
      await site.close();
    }
  }, 90_000);

  it('creates a task and follows it over WebSocket and over SSE', async () => {
    // Plain browser APIs, so the page needs nothing but the gateway: the graphql-transport-ws protocol
    // over WebSocket, and the SSE stream read from fetch (events named `next` and `complete`).
    const site = await startPageServer(`<!doctype html><title>watcher</title><script>
      const gateway = ${JSON.stringify(h.url)};
      window.seen = { ws: [], sse: [], wsDone: false, sseDone: false, id: null };
      const query = 'subscription ($id: ID!) { videoTaskUpdated(id: $id) { status videos { url } } }';
      (async () => {
        const res = await fetch(gateway + '/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'mutation { createTextToVideo(input: { prompt: "cross-origin" }) { id } }' }),
        });
        const id = (await res.json()).data.createTextToVideo.id;
        seen.id = id;
        const ws = new WebSocket(gateway.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
        ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
        ws.onmessage = (event) => {
          const message = JSON.parse(event.data);
          if (message.type === 'connection_ack') ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { id } } }));
          if (message.type === 'next') seen.ws.push(message.payload.data.videoTaskUpdated.status);
          if (message.type === 'complete') { seen.wsDone = true; ws.close(1000); }
        };
        // SSE from fetch (a JSON POST, as the gateway's cross-site rule wants), read event by event.
        const stream = await fetch(gateway + '/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ query, variables: { id } }),
        });
        const reader = stream.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\\n\\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: ?(.*)$/m.exec(block)?.[1];
            const data = /^data: ?(.*)$/m.exec(block)?.[1];
            if (event === 'next' && data) seen.sse.push(JSON.parse(data).data.videoTaskUpdated.status);
            if (event === 'complete') seen.sseDone = true;
          }
        }
      })();
    </script>`);
    const p = await offlinePage(browser, [site.url, h.url]);
    try {
      await p.page.goto(site.url);
      await p.page.waitForFunction(() => (window as any).seen.wsDone && (window as any).seen.sseDone, null, { timeout: 30_000 });
      const seen = await p.page.evaluate(() => (window as any).seen as { ws: string[]; sse: string[] });
      for (const statuses of [seen.ws, seen.sse]) {
        expect(statuses.at(-1)).toBe('SUCCEEDED');
        expect(new Set(statuses).size).toBe(statuses.length);
      }
      expect(p.blocked).toEqual([]);
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
      await site.close();
    }
  }, 90_000);
});
