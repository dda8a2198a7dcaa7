import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, CREATE_T2V, gql, startHarness, WATCH, wsClient, type Harness } from './support/harness.js';

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
