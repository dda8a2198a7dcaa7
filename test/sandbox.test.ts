import { afterEach, describe, expect, it } from 'vitest';
import { bearerAuth, jwtAuth, signKlingJwt } from '../src/kling/auth.js';
import { createKlingClient } from '../src/kling/client.js';
import type { KlingError } from '../src/kling/errors.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../src/sandbox/server.js';
import { collect, CREATE_T2V, gql, WATCH, wsClient } from './support/harness.js';
import { startReplica } from './support/replica.js';

/** The sandbox stands in for Kling in development, tests and benchmarks: it must answer as Kling does. */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});
async function start(options: SandboxOptions) {
  sandbox = await startSandbox(options);
  return sandbox;
}

async function post(url: string, body: unknown, authorization?: string) {
  const res = await fetch(`${url}/v1/videos/text2video`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { code: number; message: string; data?: { task_id: string } } };
}

describe('the sandbox upstream', () => {
  it("checks Bearer keys with Kling's codes", async () => {
    const s = await start({ apiKey: 'right' });
    expect(await post(s.url, { prompt: 'p' })).toMatchObject({ status: 401, body: { code: 1001 } });
    expect(await post(s.url, { prompt: 'p' }, 'Bearer wrong')).toMatchObject({ status: 401, body: { code: 1002 } });
    expect(await post(s.url, { prompt: 'p' }, 'Bearer right')).toMatchObject({ status: 200, body: { code: 0, message: 'SUCCEED' } });
  });

  it("checks Kling's JWT: accepted while valid, 1004 once expired", async () => {
    const s = await start({ jwt: { accessKey: 'ak', secretKey: 'sk' } });
    expect((await post(s.url, { prompt: 'p' }, jwtAuth({ accessKey: 'ak', secretKey: 'sk' }).header())).body.code).toBe(0);
    const expired = signKlingJwt('ak', 'sk', Math.floor(Date.now() / 1000) - 3600);
    expect((await post(s.url, { prompt: 'p' }, `Bearer ${expired}`)).body.code).toBe(1004);
    expect((await post(s.url, { prompt: 'p' }, `Bearer ${signKlingJwt('ak', 'other', Math.floor(Date.now() / 1000))}`)).body.code).toBe(1002);
  });

  it("refuses bad parameters with Kling's codes", async () => {
    const s = await start({ apiKey: 'k' });
    const auth = 'Bearer k';
    expect(await post(s.url, { model_name: 'kling-v9', prompt: 'p' }, auth)).toMatchObject({ status: 404, body: { code: 1203 } });
    expect(await post(s.url, { model_name: 'kling-v1', prompt: 'p', duration: '7' }, auth)).toMatchObject({ status: 400, body: { code: 1201 } });
    expect(await post(s.url, { prompt: 'x'.repeat(2501) }, auth)).toMatchObject({ status: 400, body: { code: 1201 } });
    expect(await post(s.url, { prompt: 'p', external_task_id: 'once' }, auth)).toMatchObject({ status: 200 });
    expect(await post(s.url, { prompt: 'p', external_task_id: 'once' }, auth)).toMatchObject({ status: 400, body: { code: 1201 } });
    expect(await post(s.url, { prompt: 'please [reject] this' }, auth)).toMatchObject({ status: 400, body: { code: 1301 } });
  });

  it('answers 1303 once its concurrency limit of live tasks is reached, and frees slots as tasks end', async () => {
    const s = await start({ apiKey: 'k', concurrency: 2, renderMs: 300 });
    expect((await post(s.url, { prompt: 'a' }, 'Bearer k')).body.code).toBe(0);
    expect((await post(s.url, { prompt: 'b' }, 'Bearer k')).body.code).toBe(0);
    expect(await post(s.url, { prompt: 'c' }, 'Bearer k')).toMatchObject({ status: 429, body: { code: 1303 } });
    await new Promise((r) => setTimeout(r, 350));
    expect((await post(s.url, { prompt: 'd' }, 'Bearer k')).body.code).toBe(0);
  });

  it('lowers its slot count at run time (fault control), over HTTP as from npm start, and counts what it saw', async () => {
    const s = await start({ apiKey: 'k', concurrency: 5, renderMs: 2000 });
    expect((await post(s.url, { prompt: 'a' }, 'Bearer k')).body.code).toBe(0);
    const put = (body: unknown) =>
      fetch(`${s.url}/sandbox/concurrency`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put({ slots: -1 })).status).toBe(400);
    expect((await put({ slots: 1 })).status).toBe(200);
    expect(await post(s.url, { prompt: 'b' }, 'Bearer k')).toMatchObject({ status: 429, body: { code: 1303 } });
    s.setConcurrency(2);
    expect((await post(s.url, { prompt: 'c' }, 'Bearer k')).body.code).toBe(0);
    expect(s.concurrencyStats()).toEqual({ maxLive: 2, refusals: 1, live: 2 });
  });

  it('serves the videos it links to', async () => {
    const s = await start({ apiKey: 'k', renderMs: 50 });
    const kling = createKlingClient({ baseUrl: s.url, auth: bearerAuth('k') });
    const created = await kling.createTask('TEXT_TO_VIDEO', { model_name: 'kling-v3', prompt: 'p' });
    await new Promise((r) => setTimeout(r, 80));
    const done = await kling.getTask('TEXT_TO_VIDEO', created.task_id);
    expect(done.task_status).toBe('succeed');
    const video = await fetch(done.task_result!.videos![0]!.url);
    expect(video.status).toBe(200);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    const wrongPath = await kling.getTask('IMAGE_TO_VIDEO', created.task_id).catch((e: unknown) => e);
    expect((wrongPath as KlingError).klingCode).toBe(1203);
    kling.close();
  });
});

describe('a gateway on Kling JWT auth, against an upstream that says "succeeded"', () => {
  it('signs its calls with the access and secret keys and ends the task as SUCCEEDED', async () => {
    const s = await start({ jwt: { accessKey: 'ak-test', secretKey: 'sk-test' }, successStatus: 'succeeded', renderMs: 400 });
    const gateway = await startReplica({ KLING_ACCESS_KEY: 'ak-test', KLING_SECRET_KEY: 'sk-test', KLING_BASE_URL: s.url, POLL_INTERVAL_MS: '50', POLL_MAX_INTERVAL_MS: '100' });
    try {
      expect(gateway.output()).toContain('(jwt auth)');
      const created = await gql(gateway.url, CREATE_T2V, { input: { prompt: 'signed' } });
      expect(created.errors).toBeUndefined();
      const client = wsClient(gateway.url);
      const { results } = await collect(client, WATCH, { id: created.data!.createTextToVideo.id }).done;
      await client.dispose();
      expect(results.at(-1)!.data!.videoTaskUpdated.status).toBe('SUCCEEDED');
      expect(s.requests.every((r) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(String(r.headers.authorization)))).toBe(true);
      expect(gateway.output()).not.toContain('sk-test');
    } finally {
      await gateway.stop();
    }
  });
});
