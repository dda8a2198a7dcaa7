import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startHarness, type Harness, CREATE_T2V, eventually } from './support/harness.js';

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
