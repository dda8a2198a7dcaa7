import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../src/kling/webhook-signature.js';
import { collect, CREATE_T2V, eventually, gql, startHarness, WATCH, wsClient, type Harness } from './support/harness.js';

const SECRET = 'whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0MTI=';
const OTHER_SECRET = 'whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldG90aGVyc2VjcmV0';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A gateway reachable at PUBLIC_URL, polling so rarely (60 s) that only callbacks can move a task. */
async function gatewayWithCallbacks(gatewaySecret: string | undefined, sandboxSecret: string | undefined) {
  const port = await freePort();
  h = await startHarness({
    env: {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      POLL_INTERVAL_MS: '60000',
      POLL_MAX_INTERVAL_MS: '60000',
      ...(gatewaySecret ? { KLING_WEBHOOK_SECRET: gatewaySecret } : {}),
    },
    sandbox: { renderMs: 400, submittedMs: 100, webhookSecret: sandboxSecret },
  });
  return h;
}

describe('a callback that reports an end frees the slot', () => {
  it('the next queued task is submitted at once, without waiting for a poll', async () => {
    const port = await freePort();
    h = await startHarness({
      env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, POLL_INTERVAL_MS: '60000', POLL_MAX_INTERVAL_MS: '60000', KLING_CONCURRENCY: '1' },
      sandbox: { renderMs: 400, submittedMs: 100, concurrency: 1 },
    });
    const first = await gql(h.url, CREATE_T2V, { input: { prompt: 'first' } });
    const second = await gql(h.url, CREATE_T2V, { input: { prompt: 'second' } });
    expect([first.data!.createTextToVideo.status, second.data!.createTextToVideo.status]).toEqual(['SUBMITTED', 'QUEUED']);
    // No poll for 60 s: only the first task's end callback can free its slot for the second.
    await eventually(() => h!.sandbox.creates().length === 2, 5000, 'the second create');
    const id = second.data!.createTextToVideo.id as string;
    await eventually(
      async () => (await gql(h!.url, `query($id: ID!) { videoTask(id: $id) { status } }`, { id })).data!.videoTask.status === 'SUCCEEDED',
      5000,
      'the second task to end by callback',
    );
  });
});

describe('Standard Webhooks signatures', () => {
  it("pass Kling's published test vector", () => {
    const body = '{"id":"1234567890","status":"succeeded","message":"","create_time":1781080778802,"update_time":1781080794151}';
    const signature = 'v1,UsKlJP00XoQyOn410NM9xv34sP+Gl0jnOO9Lcpr7NJ4=';
    expect(signWebhook(SECRET, '9876543210', 1781080794, body)).toBe(signature);
    const headers = { id: '9876543210', timestamp: '1781080794', signature: `v1,bm90IGl0 ${signature}` };
    expect(verifyWebhook(SECRET, headers, body, 1781080794)).toEqual({ ok: true });
    expect(verifyWebhook(SECRET, headers, `${body} `, 1781080794)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyWebhook(SECRET, headers, body, 1781080794 + 301)).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verifyWebhook(SECRET, { ...headers, signature: undefined }, body, 1781080794)).toEqual({ ok: false, reason: 'missing-headers' });
  });
});

describe('Kling callbacks', () => {
  it('with a valid signature, move a task to SUCCEEDED with no poll at all', async () => {
    const g = await gatewayWithCallbacks(SECRET, SECRET);
    const created = await gql(g.url, CREATE_T2V, { input: { prompt: 'pushed' } });
    const task = created.data!.createTextToVideo as { id: string; taskId: string };
    const sent = g.sandbox.creates().at(-1)!.body as { callback_url: string };
    expect(sent.callback_url).toMatch(new RegExp(`^${g.url}/kling/callback/[\\w-]{32}$`));

    const client = wsClient(g.url);
    const { results } = await collect(client, WATCH, { id: task.id }).done;
    await client.dispose();
    expect(results.map((r) => r.data!.videoTaskUpdated.status)).toEqual(['SUBMITTED', 'PROCESSING', 'SUCCEEDED']);
    expect(g.sandbox.getsFor(task.taskId)).toHaveLength(0);
    expect(g.sandbox.callbacks.map((c) => c.status)).toEqual([200, 200]);

    // A late or replayed callback after the end changes nothing.
    const before = (await gql(g.url, `query($id: ID!) { videoTask(id: $id) { status updatedAt } }`, { id: task.id })).data!.videoTask;
    const late = JSON.stringify({ task_id: task.taskId, task_status: 'processing', created_at: 1, updated_at: Date.now() });
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(sent.callback_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'late', 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(SECRET, 'late', ts, late) },
      body: late,
    });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    const after = (await gql(g.url, `query($id: ID!) { videoTask(id: $id) { status updatedAt } }`, { id: task.id })).data!.videoTask;
    expect(after).toEqual(before);
    const metrics = await (await fetch(`${g.url}/metrics`)).text();
    expect(metrics).toMatch(/kling_gateway_callbacks_total\{outcome="unchanged"\} 1/);
  });

  it.each([
    ['a wrong signature', OTHER_SECRET],
    ['no signature, when the gateway expects one', undefined],
  ])('with %s, are refused with 401 and change nothing', async (_case, sandboxSecret) => {
    const g = await gatewayWithCallbacks(SECRET, sandboxSecret);
    const created = await gql(g.url, CREATE_T2V, { input: { prompt: 'not from Kling' } });
    const task = created.data!.createTextToVideo as { id: string };
    await eventually(() => g.sandbox.callbacks.length === 2 && g.sandbox.callbacks.every((c) => c.status !== 0), 3000, 'callbacks');
    expect(g.sandbox.callbacks.map((c) => c.status)).toEqual([401, 401]);
    const now = await gql(g.url, `query($id: ID!) { videoTask(id: $id) { status } }`, { id: task.id });
    expect(now.data!.videoTask.status).toBe('SUBMITTED');
  });

  it('on a path without the secret, are not found', async () => {
    const g = await gatewayWithCallbacks(undefined, undefined);
    const res = await fetch(`${g.url}/kling/callback/guess`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});
