import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NODES } from '../src/schema/nodes.js';
import { collect, CREATE_T2V, gql, startHarness, wsClient, type Harness } from './support/harness.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';

const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on VideoTask { status } } }`;
const prefix = testPrefix();
let h: Harness;
let reads = 0;
let ids: string[];

beforeAll(async () => {
  h = await startHarness({ env: { REDIS_URL, REDIS_PREFIX: prefix }, sandbox: { renderMs: 60_000 } });
  // Counts store round trips: the batch must be one, and a refused call none.
  const store = h.app.services.store;
  const getMany = store.getMany.bind(store);
  store.getMany = (keys) => {
    reads += 1;
    return getMany(keys);
  };
  ids = [];
  for (const prompt of ['one', 'two']) ids.push((await gql(h.url, CREATE_T2V, { input: { prompt } })).data!.createTextToVideo.id);
});
afterAll(async () => {
  await h.close();
  await dropPrefix(prefix);
});

describe('nodes(ids)', () => {
  it(`refuses more than ${MAX_NODES} ids passed as a variable, before reading anything`, async () => {
    const before = reads;
    const many = Array.from({ length: 10_000 }, (_, i) => ids[i % 2]!);
    const res = await gql(h.url, NODES, { ids: many });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    expect(res.data ?? null).toBeNull();
    expect(reads).toBe(before);
  });

  it('refuses 100,000 ids before coercing them (they took a second or more), with the same code', async () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ids[i % 2]!);
    const started = performance.now();
    const res = await gql(h.url, NODES, { ids: many });
    const took = performance.now() - started;
    console.info(`nodes(ids) with 100,000 ids refused in ${Math.round(took)} ms`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    expect(res.errors?.[0]?.message).toBe('nodes takes at most 100 ids; 100000 were sent.');
  });

  it(`refuses them over WebSocket too`, async () => {
    const client = wsClient(h.url);
    const outcome = await collect(client, NODES, { ids: Array.from({ length: MAX_NODES + 1 }, () => ids[0]!) }).done;
    await client.dispose();
    const errors = (outcome.results[0]?.errors ?? outcome.error) as { extensions?: Record<string, unknown> }[];
    expect(errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
  });

  it(`reads ${MAX_NODES} ids in one store round trip, in order`, async () => {
    const before = reads;
    const hundred = Array.from({ length: MAX_NODES }, (_, i) => ids[i % 2]!);
    const res = await gql(h.url, NODES, { ids: hundred });
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes.map((n: { id: string }) => n.id)).toEqual(hundred);
    expect(reads - before).toBe(1);
  });

  it('answers a malformed id with a null entry and an error at its index; the others load', async () => {
    const res = await gql(h.url, NODES, { ids: [ids[0], 'garbage', ids[1], Buffer.from('Invoice:1').toString('base64')] });
    expect(res.status).toBe(200);
    expect(res.data!.nodes).toEqual([
      { id: ids[0], status: 'SUBMITTED' },
      null,
      { id: ids[1], status: 'SUBMITTED' },
      null,
    ]);
    expect(res.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.field])).toEqual([
      [['nodes', 1], 'BAD_USER_INPUT', 'ids[1]'],
      [['nodes', 3], 'BAD_USER_INPUT', 'ids[3]'],
    ]);
  });
});
