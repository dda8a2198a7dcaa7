import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { bearerAuth } from '../src/kling/auth.js';
import { createKlingClient } from '../src/kling/client.js';
import { startSandbox } from '../src/sandbox/server.js';
import { collect, CREATE_T2V, eventually, gql, SANDBOX_KEY, startHarness, WATCH, wsClient, type Harness } from './helpers.js';

describe('the HTTP surface around /graphql', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { renderMs: 200 } });
  });
  afterAll(() => h.close());

  it('serves GraphiQL to a browser, opening with a create and a subscription', async () => {
    const res = await fetch(`${h.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('createTextToVideo');
    expect(page).toContain('videoTaskUpdated');
    // Everything inline: no script, stylesheet or font from a CDN (the browser test proves it loads offline).
    expect(page).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });

  it('sends GraphiQL compressed, and a 304 to a browser that has it', async () => {
    const res = await fetch(`${h.url}/graphql`, { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const etag = res.headers.get('etag')!;
    await res.arrayBuffer();
    const again = await fetch(`${h.url}/graphql`, { headers: { accept: 'text/html', 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
  });

  it('counts upstream polls and creates on /metrics', async () => {
    const created = await gql(h.url, CREATE_T2V, { input: { prompt: 'metrics' } });
    const id = created.data!.createTextToVideo.id as string;
    await eventually(async () => {
      const res = await gql(h.url, `query($id: ID!) { videoTask(id: $id) { status } }`, { id });
      return res.data?.videoTask?.status === 'SUCCEEDED';
    });
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(text).toMatch(/kling_gateway_tasks_created_total\{capability="TEXT_TO_VIDEO",outcome="created"\} [1-9]/);
    expect(text).toMatch(/kling_gateway_upstream_polls_total\{outcome="changed"\} [1-9]/);
    expect(text).toContain('kling_gateway_live_tasks 0');
  });

  it('refuses a body over the cap before reading it', async () => {
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) },
      body: '{}',
      duplex: 'half',
    } as RequestInit).catch((error: unknown) => error);
    // Either the 413 arrives, or the server closed the socket on the mismatched length: never a 200.
    if (res instanceof Response) expect(res.status).toBe(413);
  });
});

describe('tenants (GATEWAY_API_KEYS)', () => {
  let h: Harness;
  const alice = { authorization: 'Bearer alice-key' };
  const bob = { authorization: 'Bearer bob-key' };
  beforeAll(async () => {
    h = await startHarness({ env: { GATEWAY_API_KEYS: 'alice:alice-key,bob:bob-key' }, sandbox: { renderMs: 400 } });
  });
  afterAll(() => h.close());

  it('refuses HTTP requests without a known key, with UNAUTHENTICATED and no upstream call', async () => {
    const before = h.sandbox.creates().length;
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'alice-key' }] as Record<string, string>[]) {
      const res = await gql(h.url, CREATE_T2V, { input: { prompt: 'x' } }, headers);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(res)).not.toContain('alice-key');
    }
    expect(h.sandbox.creates().length).toBe(before);
  });

  it("keeps each tenant's tasks and idempotency keys to itself", async () => {
    const a = await gql(h.url, CREATE_T2V, { input: { prompt: 'a', externalTaskId: 'same-key' } }, alice);
    const b = await gql(h.url, CREATE_T2V, { input: { prompt: 'b', externalTaskId: 'same-key' } }, bob);
    const aId = a.data!.createTextToVideo.id as string;
    const bId = b.data!.createTextToVideo.id as string;
    expect(aId).not.toBe(bId);

    const read = `query($id: ID!, $ids: [ID!]!) { videoTask(id: $id) { id } node(id: $id) { id } nodes(ids: $ids) { id } }`;
    const asBob = await gql(h.url, read, { id: aId, ids: [aId, bId] }, bob);
    expect(asBob.errors).toBeUndefined();
    expect(asBob.data).toEqual({ videoTask: null, node: null, nodes: [null, { id: bId }] });
  });

  it('closes a WebSocket without a known key with 4403, and serves one with it', async () => {
    const refused = wsClient(h.url, { authorization: 'Bearer nope' });
    const { done } = collect(refused, WATCH, { id: 'VmlkZW9UYXNrOng=' });
    const outcome = await done;
    expect((outcome.error as { code?: number }).code).toBe(4403);
    await refused.dispose();

    const created = await gql(h.url, CREATE_T2V, { input: { prompt: 'ws' } }, alice);
    const id = created.data!.createTextToVideo.id as string;
    const asBob = wsClient(h.url, bob);
    const stolen = await collect(asBob, WATCH, { id }).done;
    const errors = (stolen.error ?? stolen.results[0]?.errors) as { extensions?: { code?: string } }[];
    expect(errors[0]?.extensions?.code).toBe('NOT_FOUND');
    await asBob.dispose();

    const asAlice = wsClient(h.url, alice);
    const own = await collect(asAlice, WATCH, { id }).done;
    expect(own.error).toBeUndefined();
    expect(own.results.at(-1)?.data?.videoTaskUpdated.status).toBe('SUCCEEDED');
    await asAlice.dispose();
  });
});

describe('secrets', () => {
  it('never appear in logs, even at trace level, nor in errors', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, next) {
        lines.push(String(chunk));
        next();
      },
    });
    const sandbox = await startSandbox({ apiKey: SANDBOX_KEY, renderMs: 100 });
    // A wrong upstream key makes every call fail, so the error paths log too.
    const kling = createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth('upstream-secret-xyz'), retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', GATEWAY_API_KEYS: 't:client-secret-abc', PUBLIC_URL: 'https://gw.example' });
    const app = await startApp(config, { kling, log: createLogger('trace', sink) });
    try {
      const res = await gql(app.url, CREATE_T2V, { input: { prompt: 'x' } }, { authorization: 'Bearer client-secret-abc' });
      expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_AUTH');
      await gql(app.url, CREATE_T2V, { input: { prompt: 'x' } }, { authorization: 'Bearer wrong-client-secret' });
      const everything = lines.join('') + JSON.stringify(res);
      expect(lines.length).toBeGreaterThan(0);
      // The callback path is a secret too: it must not show outside the request to Kling.
      expect(sandbox.creates().at(-1)?.body).toMatchObject({ callback_url: expect.stringMatching(/^https:\/\/gw\.example\/kling\/callback\/.{32}$/) });
      for (const secret of ['upstream-secret-xyz', 'client-secret-abc', 'wrong-client-secret', '/kling/callback/']) {
        expect(everything).not.toContain(secret);
      }
    } finally {
      await app.stop();
      await sandbox.close();
    }
  });
});

describe('videoTasks history', () => {
  let h: Harness;
  const me = { authorization: 'Bearer me-key' };
  beforeAll(async () => {
    h = await startHarness({ env: { GATEWAY_API_KEYS: 'me:me-key,you:you-key' }, sandbox: { renderMs: 60_000 } });
  });
  afterAll(() => h.close());

  const LIST = `query($first: Int, $after: String, $status: TaskStatus, $capability: VideoCapability) {
    videoTasks(first: $first, after: $after, status: $status, capability: $capability) {
      edges { cursor node { id capability status } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  it('pages a tenant history newest first, filters it, and refuses foreign cursors', async () => {
    const ids: string[] = [];
    for (const prompt of ['one', 'two', 'three']) {
      const res = await gql(h.url, CREATE_T2V, { input: { prompt } }, me);
      ids.push(res.data!.createTextToVideo.id as string);
    }
    await gql(h.url, CREATE_T2V, { input: { prompt: 'not mine' } }, { authorization: 'Bearer you-key' });
    await gql(h.url, `mutation { createMultiImageToVideo(input: { prompt: "m", images: ["https://x/a.png"] }) { id } }`, {}, me).then((res) => {
      if (res.data) ids.push(res.data.createMultiImageToVideo.id as string);
    });
    const newestFirst = [...ids].reverse();

    const first = await gql(h.url, LIST, { first: 2 }, me);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.videoTasks;
    expect(page1.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(newestFirst.slice(0, 2));
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await gql(h.url, LIST, { first: 10, after: page1.pageInfo.endCursor }, me);
    expect(second.data!.videoTasks.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(newestFirst.slice(2));
    expect(second.data!.videoTasks.pageInfo.hasNextPage).toBe(false);

    const t2v = await gql(h.url, LIST, { capability: 'TEXT_TO_VIDEO' }, me);
    expect(t2v.data!.videoTasks.edges).toHaveLength(3);
    const done = await gql(h.url, LIST, { status: 'SUCCEEDED' }, me);
    expect(done.data!.videoTasks.edges).toEqual([]);

    const bad = await gql(h.url, LIST, { after: 'bm9wZQ' }, me);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const tooMany = await gql(h.url, LIST, { first: 1000 }, me);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('every error carries a code, limits included', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('names the variable of the wrong type, the id of another type, and the unknown field', async () => {
    const variable = await gql(h.url, `query($n: Int) { videoTasks(first: $n) { edges { cursor } } }`, { n: 'ten' });
    expect(variable.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'n' });
    const foreign = Buffer.from('Invoice:1').toString('base64');
    const id = await gql(h.url, `query($id: ID!) { node(id: $id) { id } }`, { id: foreign });
    expect(id.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    const field = await gql(h.url, `{ videoTasks { edges { nope } } }`);
    expect(field.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a query over the armor limits with LIMIT_EXCEEDED and runs nothing', async () => {
    // Nothing in the schema nests deeper than the depth limit; aliases are the cheap amplifier.
    const aliased = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: videoTask(id: "VmlkZW9UYXNrOng=") { id }`).join(' ')} }`;
    const res = await gql(h.url, aliased);
    expect(res.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(res.errors?.[0]?.message).toMatch(/alias/i);
    expect(res.data ?? null).toBeNull();
  });
});

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
