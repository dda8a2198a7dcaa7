import { readFileSync } from 'node:fs';
import { buildSchema, Kind, parse, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUERY_COST, operationCost } from '../src/server/cost-limit.js';
import { MAX_NODES } from '../src/schema/nodes.js';
import { collect, gql, startHarness, wsClient, type Harness } from './support/harness.js';
import { everyField } from './support/every-field.js';

const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
const TASK = everyField(schema, 'VideoTask');
const pageWith = (first: string, task = TASK) => `videoTasks(first: ${first}) { edges { cursor node { ${task} } } pageInfo { hasNextPage endCursor } }`;
const LITERAL_PAGE = `{ ${pageWith('100')} }`;
const VARIABLE_PAGE = `query($n: Int) { ${pageWith('$n')} }`;
const DEFAULT_PAGE = `query($n: Int = 100) { ${pageWith('$n')} }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on VideoTask { ${TASK} } } }`;
/**
 * Enough pages, under the alias and token limits, to go over the cost limit. Their tasks leave out
 * `request`: its one fragment per capability adds many tokens and, being alternatives, little cost.
 */
const LEAN_TASK = everyField(schema, 'VideoTask', 0, ['request']);
const PAGES = Math.ceil(MAX_QUERY_COST / operationCost(parse(`{ ${pageWith('100', LEAN_TASK)} }`), null, null, schema)) + 1;
const TOO_COSTLY = `query($n: Int) { ${Array.from({ length: PAGES }, (_, i) => `p${i}: ${pageWith('$n', LEAN_TASK)}`).join(' ')} }`;

describe('operationCost', () => {
  it('counts a page size given by a variable, a default or a literal alike', () => {
    const literal = operationCost(parse(LITERAL_PAGE));
    expect(operationCost(parse(VARIABLE_PAGE), null, { n: 100 })).toBe(literal);
    expect(operationCost(parse(DEFAULT_PAGE), null, {})).toBe(literal);
    expect(operationCost(parse(VARIABLE_PAGE), null, { n: 1 })).toBeLessThan(literal / 50);
  });

  it('counts nodes(ids) by the number of ids', () => {
    const one = operationCost(parse(NODES), null, { ids: ['a'] });
    expect(operationCost(parse(NODES), null, { ids: Array(100).fill('a') })).toBeGreaterThan(one * 50);
  });

  it('costs a fragment as if it were written out, and a chain of fragments in linear time', () => {
    const inline = operationCost(parse(LITERAL_PAGE));
    const spread = operationCost(parse(`{ ...Page } fragment Page on Query { ${pageWith('100')} }`));
    expect(spread).toBe(inline);
    // 30 fragments each spreading the next 10 times: 10^30 paths, counted once per fragment.
    const chain = Array.from({ length: 30 }, (_, i) => `fragment F${i} on VideoTask { ${Array(10).fill(i < 29 ? `...F${i + 1}` : 'id').join(' ')} }`).join(' ');
    const started = performance.now();
    const cost = operationCost(parse(`{ videoTask(id: "x") { ...F0 } } ${chain}`));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(cost).toBeGreaterThan(MAX_QUERY_COST);
  });
});

describe('operationCost with the schema', () => {
  const REQUEST_TYPES = ['TextToVideoRequest', 'ImageToVideoRequest', 'MultiImageToVideoRequest', 'MotionControlRequest', 'OmniVideoRequest'];
  const fragmentOn = (type: string) => `... on ${type} { ${everyField(schema, type)} }`;
  const withRequest = (fragments: string[]) => `{ videoTask(id: "x") { id request { model ${fragments.join(' ')} } } }`;

  it('counts fragments on different object types as alternatives: the dearest, not their sum', () => {
    const each = REQUEST_TYPES.map((type) => operationCost(parse(withRequest([fragmentOn(type)])), null, null, schema));
    const all = operationCost(parse(withRequest(REQUEST_TYPES.map(fragmentOn))), null, null, schema);
    expect(all).toBe(Math.max(...each));
    // Without the schema nothing says they exclude each other: they add up.
    expect(operationCost(parse(withRequest(REQUEST_TYPES.map(fragmentOn))))).toBeGreaterThan(all);
  });

  it('adds up fragments that can apply together: the same type twice, or an interface beside a type', () => {
    const once = operationCost(parse(withRequest([fragmentOn('TextToVideoRequest')])), null, null, schema);
    const twice = operationCost(parse(withRequest([fragmentOn('TextToVideoRequest'), fragmentOn('TextToVideoRequest')])), null, null, schema);
    expect(twice).toBeGreaterThan(once);
    const beside = operationCost(parse(withRequest([fragmentOn('TextToVideoRequest'), '... on VideoTaskRequest { model prompt watermark }'])), null, null, schema);
    expect(beside).toBeGreaterThan(once);
  });
});

describe('the cost limit, over a real server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('lets every documented operation through, the largest page and 100 nodes with every field included', async () => {
    const examples = parse(readFileSync(new URL('../examples/operations.graphql', import.meta.url), 'utf8'));
    const costs: Record<string, number> = {
      'videoTasks(first: 100), every field': operationCost(parse(LITERAL_PAGE), null, null, schema),
      [`nodes(${MAX_NODES} ids), every field`]: operationCost(parse(NODES), null, { ids: Array(MAX_NODES).fill('x') }, schema),
    };
    for (const definition of examples.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      costs[definition.name!.value] = operationCost({ kind: Kind.DOCUMENT, definitions: [definition] } as DocumentNode, null, null, schema);
    }
    console.info(`operation costs (limit ${MAX_QUERY_COST}): ${JSON.stringify(costs)}`);
    for (const cost of Object.values(costs)) expect(cost).toBeLessThanOrEqual(MAX_QUERY_COST);

    for (const [query, variables] of [
      [LITERAL_PAGE, {}],
      [VARIABLE_PAGE, { n: 100 }],
    ] as const) {
      const res = await gql(h.url, query, variables);
      expect(res.errors).toBeUndefined();
    }
  });

  it('refuses an operation over it with LIMIT_EXCEEDED, whether the page size is a literal or a variable, over HTTP and WebSocket', async () => {
    const res = await gql(h.url, TOO_COSTLY, { n: 100 });
    expect(res.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(res.errors?.[0]?.message).toMatch(/^Query cost limit of \d+ exceeded, found \d+\.$/);
    expect(res.data ?? null).toBeNull();
    const literal = await gql(h.url, TOO_COSTLY.replace('query($n: Int)', '').replaceAll('$n', '100'));
    expect(literal.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');

    const client = wsClient(h.url);
    const outcome = await collect(client, TOO_COSTLY, { n: 100 }).done;
    await client.dispose();
    const errors = (outcome.results[0]?.errors ?? outcome.error) as { extensions?: { code?: string } }[];
    expect(errors[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
  });

  it('counts __typename aliases, and calls a limit a limit, not a syntax error', async () => {
    const res = await gql(h.url, `{ ${Array.from({ length: 16 }, (_, i) => `t${i}: __typename`).join(' ')} }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(res.errors?.[0]?.message).toBe('Aliases limit of 15 exceeded, found 16.');
    const tokens = await gql(h.url, `{ ${Array.from({ length: 1100 }, () => '__typename').join(' ')} }`);
    expect(tokens.errors?.[0]?.message).not.toMatch(/^Syntax Error/);
  });
});
