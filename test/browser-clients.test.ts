import { gql as apolloGql } from '@apollo/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApolloClient } from '../examples/browser/apollo.js';
import { createSseClient } from '../examples/browser/graphql-sse.js';
import { createWsClient } from '../examples/browser/graphql-ws.js';
import { createUrqlClient } from '../examples/browser/urql.js';
import { CREATE_T2V, eventually, gql, startHarness, WATCH, type Harness } from './support/harness.js';
import { hsToken, tenantsFile } from './support/tokens.js';

/*
 * The client set-ups the README shows (examples/browser/), run as a browser app would run them,
 * against a gateway that takes end-user tokens. Node has no WebSocket global before v22: give it the
 * one browsers have.
 */
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const SECRET = 'browser-token-secret-0123456789abcdefgh';
const token = (expiresIn = 300) => hsToken(SECRET, { iss: 'acme', sub: 'browser-user', aud: 'kling-gateway', expiresIn });

let h: Harness;
let url: string;
beforeAll(async () => {
  const file = await tenantsFile({ acme: { tokens: { secret: SECRET } } });
  h = await startHarness({ env: { GATEWAY_API_KEYS: 'acme:acme-key', GATEWAY_TENANTS_FILE: file }, sandbox: { renderMs: 500 } });
  url = `${h.url}/graphql`;
});
afterAll(() => h.close());

async function createTask(prompt: string): Promise<string> {
  const res = await gql(h.url, CREATE_T2V, { input: { prompt } }, { authorization: `Bearer ${await token()}` });
  return res.data!.createTextToVideo.id as string;
}

describe('browser clients from the README', () => {
  it('graphql-ws: reconnects with a fresh token after the gateway closes an expired one, and the feed goes on', async () => {
    let calls = 0;
    // The first token runs out in 2 s; the app's backend hands out a fresh one when asked again.
    const client = createWsClient(url, async () => (++calls === 1 ? token(2) : token()));
    const seen: string[] = [];
    const dispose = client.subscribe(
      { query: 'subscription { videoTasksUpdated { id status } }' },
      { next: (r) => seen.push((r.data as { videoTasksUpdated: { id: string } }).videoTasksUpdated.id), error: () => undefined, complete: () => undefined },
    );
    await eventually(() => calls >= 2, 10_000, 'a reconnect with a fresh token');
    const id = await createTask('after the token was renewed');
    await eventually(() => seen.includes(id), 10_000, 'the feed on the new socket');
    dispose();
    await client.dispose();
  });

  it('graphql-sse: watches a task to its end with the token as a header', async () => {
    const id = await createTask('over graphql-sse');
    const client = createSseClient(url, () => token());
    const statuses: string[] = [];
    for await (const result of client.iterate({ query: WATCH, variables: { id } })) {
      statuses.push((result.data as { videoTaskUpdated: { status: string } }).videoTaskUpdated.status);
    }
    expect(statuses.at(-1)).toBe('SUCCEEDED');
    client.dispose();
  });

  it('Apollo Client: a mutation over HTTP, then a subscription over graphql-ws', async () => {
    const client = createApolloClient(url, () => token());
    const created = await client.mutate<{ createTextToVideo: { id: string } }>({
      mutation: apolloGql`mutation { createTextToVideo(input: { prompt: "from apollo" }) { id status } }`,
    });
    const id = created.data!.createTextToVideo.id;
    const statuses = await new Promise<string[]>((resolve, reject) => {
      const got: string[] = [];
      client.subscribe<{ videoTaskUpdated: { status: string } }>({ query: apolloGql(WATCH), variables: { id } }).subscribe({
        next: (r) => got.push(r.data!.videoTaskUpdated.status),
        error: reject,
        complete: () => resolve(got),
      });
    });
    expect(statuses.at(-1)).toBe('SUCCEEDED');
    client.stop();
  });

  it('urql: a query over HTTP, then a subscription over graphql-ws', async () => {
    const current = await token();
    const client = createUrqlClient(url, () => current);
    const id = await createTask('from urql');
    const read = await client.query(`query($id: ID!) { videoTask(id: $id) { id } }`, { id }).toPromise();
    expect(read.error).toBeUndefined();
    expect(read.data).toMatchObject({ videoTask: { id } });
    const statuses: string[] = [];
    await new Promise<void>((resolve) => {
      const { unsubscribe } = client.subscription(WATCH, { id }).subscribe((r) => {
        const status = (r.data as { videoTaskUpdated: { status: string } } | undefined)?.videoTaskUpdated.status;
        if (status) statuses.push(status);
        if (status === 'SUCCEEDED') {
          unsubscribe();
          resolve();
        }
      });
    });
    expect(statuses.at(-1)).toBe('SUCCEEDED');
  });
});

describe('EventSource (no headers: a gateway without keys)', () => {
  it('gets `next` events, then `complete`, from a GET', async () => {
    const open = await startHarness({ sandbox: { renderMs: 300 } });
    try {
      const res = await gql(open.url, CREATE_T2V, { input: { prompt: 'event source' } });
      const id = res.data!.createTextToVideo.id as string;
      // What `new EventSource(url)` sends (examples/browser/event-source.ts builds this URL).
      const params = new URLSearchParams({ query: WATCH, variables: JSON.stringify({ id }) });
      const stream = await fetch(`${open.url}/graphql?${params}`, { headers: { accept: 'text/event-stream' } });
      expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
      const events = (await stream.text()).split('\n\n').map((block) => /^event: (\w+)/m.exec(block)?.[1]).filter(Boolean);
      expect(events.at(-1)).toBe('complete');
      expect(events.slice(0, -1).every((e) => e === 'next')).toBe(true);
      expect(events.length).toBeGreaterThanOrEqual(3);
    } finally {
      await open.close();
    }
  });
});
