import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, gql, startHarness, wsClient, type Harness } from './support/harness.js';

/** Every place graphql-js makes a "Did you mean" hint: validation, then coercion of variables. */
const CASES: { name: string; query: string; variables?: Record<string, unknown>; mentions: string }[] = [
  { name: 'misspelt field', query: '{ videoTasks { edgs { cursor } } }', mentions: 'edgs' },
  { name: 'misspelt argument', query: '{ videoTasks(frist: 1) { edges { cursor } } }', mentions: 'frist' },
  { name: 'misspelt type', query: 'query($s: TaskStatuss) { videoTasks(status: $s) { edges { cursor } } }', mentions: 'TaskStatuss' },
  { name: 'enum literal', query: '{ videoTasks(status: SUCCEEDD) { edges { cursor } } }', mentions: 'SUCCEEDD' },
  {
    name: 'enum value in a variable',
    query: 'query($s: TaskStatus) { videoTasks(status: $s) { edges { cursor } } }',
    variables: { s: 'SUCCEEDD' },
    mentions: 'SUCCEEDD',
  },
  {
    name: 'misspelt input field in a literal',
    query: 'mutation { createTextToVideo(input: { promt: "x" }) { id } }',
    mentions: 'promt',
  },
  {
    name: 'misspelt input field in a variable',
    query: 'mutation($input: TextToVideoInput!) { createTextToVideo(input: $input) { id } }',
    variables: { input: { promt: 'x' } },
    mentions: 'promt',
  },
  {
    name: 'misspelt field in a subscription',
    query: 'subscription { videoTaskUpdated(id: "VmlkZW9UYXNrOng=") { stauts } }',
    mentions: 'stauts',
  },
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function overHttp(query: string, variables?: Record<string, unknown>): Promise<string> {
  return JSON.stringify(await gql(h.url, query, variables));
}

async function overSse(query: string, variables?: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${h.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
  });
  return res.text();
}

async function overWebSocket(query: string, variables?: Record<string, unknown>): Promise<string> {
  const client = wsClient(h.url);
  const outcome = await collect(client, query, variables ?? {}).done;
  await client.dispose();
  return JSON.stringify(outcome.error ?? outcome.results);
}

describe.each([
  ['HTTP', overHttp],
  ['SSE', overSse],
  ['WebSocket', overWebSocket],
])('no "Did you mean" hints over %s', (_transport, send) => {
  it.each(CASES)('$name', async ({ query, variables, mentions }) => {
    const answer = await send(query, variables);
    // The error is there, and names what was wrong; only the hint is gone.
    expect(answer).toContain(mentions);
    expect(answer).not.toMatch(/did you mean/i);
    expect(answer).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
  });
});

describe('introspection', () => {
  it('stays on by default (GraphiQL and codegen need it)', async () => {
    const res = await gql(h.url, '{ __schema { queryType { name } } }');
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('is refused with GRAPHQL_INTROSPECTION=false', async () => {
    const closed = await startHarness({ env: { GRAPHQL_INTROSPECTION: 'false' } });
    try {
      const res = await gql(closed.url, '{ __schema { queryType { name } } }');
      expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.data ?? null).toBeNull();
      expect((await gql(closed.url, '{ videoTasks { edges { cursor } } }')).errors).toBeUndefined();
    } finally {
      await closed.close();
    }
  });
});

describe('withoutHints', () => {
  it.each([
    ['Cannot query field "edgs" on type "VideoTaskConnection". Did you mean "edges"?', 'Cannot query field "edges" on type "VideoTaskConnection".'.replace('edges', 'edgs')],
    ['Unknown argument "frist". Did you mean "first" or "after"?', 'Unknown argument "frist".'],
    ['Value "SUCCEEDD" does not exist in "TaskStatus" enum. Did you mean the enum value "SUCCEEDED"?', 'Value "SUCCEEDD" does not exist in "TaskStatus" enum.'],
    ['Field "promt" is not defined by type "TextToVideoInput". Did you mean "prompt"? And more.', 'Field "promt" is not defined by type "TextToVideoInput". And more.'],
    ['No hint here.', 'No hint here.'],
  ])('%s', async (message, expected) => {
    const { withoutHints } = await import('../src/server/schema-discovery.js');
    expect(withoutHints(message)).toBe(expected);
  });
});
