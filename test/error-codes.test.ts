import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startHarness, type Harness } from './support/harness.js';

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
