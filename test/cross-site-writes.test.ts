import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../src/server/cross-site.js';
import { CREATE_T2V, gql, sse, startHarness, type Harness } from './support/harness.js';

/** What a page on another site can make a browser send without a preflight. */
const MUTATION = 'mutation { createTextToVideo(input: { prompt: "paid for by someone else" }) { id } }';
const EVIL = { origin: 'https://evil.example', referer: 'https://evil.example/page' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sandbox: { renderMs: 300 } });
});
afterAll(() => h.close());

async function send(init: RequestInit & { path?: string }) {
  const res = await fetch(`${h.url}${init.path ?? '/graphql'}`, init);
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }) : undefined };
}

describe('cross-site requests (open mode: no keys)', () => {
  it.each([
    ['a form post', 'application/x-www-form-urlencoded', `query=${encodeURIComponent(MUTATION)}`],
    ['a text/plain post', 'text/plain', JSON.stringify({ query: MUTATION })],
    ['a text/plain post with a charset', 'text/plain;charset=UTF-8', JSON.stringify({ query: MUTATION })],
    ['a multipart form post', 'multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${MUTATION}\r\n--x--\r\n`],
  ])('refuses %s with 403 FORBIDDEN and creates nothing upstream', async (_name, contentType, body) => {
    const before = h.sandbox.creates().length;
    const res = await send({ method: 'POST', headers: { ...EVIL, 'content-type': contentType }, body });
    expect(res.status).toBe(403);
    expect(res.body?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(h.sandbox.creates().length).toBe(before);
  });

  it('refuses a GET without the CSRF header, and serves it with the header', async () => {
    const query = encodeURIComponent('{ videoTasks(first: 1) { edges { cursor } } }');
    const bare = await send({ method: 'GET', path: `/graphql?query=${query}`, headers: { ...EVIL, accept: 'application/json' } });
    expect(bare.status).toBe(403);
    expect(bare.body?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const marked = await send({ method: 'GET', path: `/graphql?query=${query}`, headers: { accept: 'application/json', [CSRF_HEADER]: '1' } });
    expect(marked.status).toBe(200);
  });

  it('still refuses a mutation over GET (405) and batches (400), header or not', async () => {
    const get = await send({
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent(MUTATION)}`,
      headers: { accept: 'application/json', [CSRF_HEADER]: '1' },
    });
    expect(get.status).toBe(405);
    const batch = await send({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(batch.status).toBe(400);
  });

  it('still runs a JSON POST (GraphiQL, the web app), serves GraphiQL and streams SSE', async () => {
    const created = await gql(h.url, CREATE_T2V, { input: { prompt: 'a json post' } });
    expect(created.errors).toBeUndefined();
    const page = await fetch(`${h.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const { events } = await sse(h.url, 'subscription($id: ID!) { videoTaskUpdated(id: $id) { status } }', {
      id: created.data!.createTextToVideo.id,
    });
    expect(events.at(-1)?.data).toEqual({ videoTaskUpdated: { status: 'SUCCEEDED' } });
  });
});
