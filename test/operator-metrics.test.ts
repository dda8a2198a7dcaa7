import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/server/http.js';
import { everyField } from './support/every-field.js';
import { collect, CREATE_T2V, eventually, gql, startHarness, WATCH, wsClient, type Harness } from './support/harness.js';

const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sandbox: { renderMs: 60_000 } });
});
afterAll(() => h.close());

async function metric(url: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('metrics an operator needs', () => {
  it('counts active subscriptions by transport, back to 0 when clients leave', async () => {
    const id = (await gql(h.url, CREATE_T2V, { input: { prompt: 'watched two ways' } })).data!.createTextToVideo.id as string;
    const client = wsClient(h.url);
    const ws = collect(client, WATCH, { id });
    const abort = new AbortController();
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: WATCH, variables: { id } }),
      signal: abort.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    await eventually(() => ws.results.length > 0, 5000, 'ws state');
    await eventually(async () => (await metric(h.url, 'kling_gateway_active_subscriptions', '{transport="ws"}')) === 1, 5000, 'ws gauge 1');
    await eventually(async () => (await metric(h.url, 'kling_gateway_active_subscriptions', '{transport="sse"}')) === 1, 5000, 'sse gauge 1');

    ws.dispose();
    await client.dispose();
    abort.abort();
    await reader.cancel().catch(() => undefined);
    await eventually(async () => (await metric(h.url, 'kling_gateway_active_subscriptions', '{transport="ws"}')) === 0, 2000, 'ws gauge 0');
    await eventually(async () => (await metric(h.url, 'kling_gateway_active_subscriptions', '{transport="sse"}')) === 0, 2000, 'sse gauge 0');
  });

  it('counts requests refused, by the limit that refused them', async () => {
    const counts = async () =>
      Object.fromEntries(
        await Promise.all(
          ['body_size', 'cross_site', 'aliases', 'cost'].map(async (limit) => [limit, await metric(h.url, 'kling_gateway_refusals_total', `{limit="${limit}"}`)]),
        ),
      ) as Record<string, number>;
    const before = await counts();
    await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20),
    });
    await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    await gql(h.url, `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    // Full pages by a variable (the cost counts it); few enough aliases and tokens that only the cost refuses it.
    const page = `videoTasks(first: $n) { edges { node { ${everyField(schema, 'VideoTask')} } } }`;
    const costly = await gql(h.url, `query($n: Int) { ${Array.from({ length: 3 }, (_, i) => `p${i}: ${page}`).join(' ')} }`, { n: 100 });
    expect(costly.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    const after = await counts();
    for (const limit of Object.keys(before)) expect(after[limit]! - before[limit]!, limit).toBe(1);
  });

  it('shows the drain', async () => {
    const own = await startHarness();
    expect(await metric(own.url, 'kling_gateway_draining')).toBe(0);
    const stopped = own.app.stop({ graceMs: 1500 });
    expect(await metric(own.url, 'kling_gateway_draining')).toBe(1);
    await stopped;
    await own.close();
  });
});
