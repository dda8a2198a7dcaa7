import { readFileSync } from 'node:fs';
import type { GraphQLInputObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPABILITIES, capabilityModule, type Capability } from '../src/capabilities/registry.js';
import { schema } from '../src/schema/index.js';
import { checkCreateRequest } from '../src/sandbox/checks.js';
import { capabilityTable } from '../src/capabilities/table.js';
import { eventually, gql, startHarness, type Harness } from './support/harness.js';

/*
 * The matrix every capability module is put through: its example reaches Kling as the module says,
 * its task ends with its kind of result, its invalid cases are refused naming the field, and the
 * schema and the README have it. A new module is covered by being in the registry.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sandbox: { renderMs: 300 } });
});
afterAll(() => h.close());

const create = (capability: Capability, input: Record<string, unknown>, fields = 'id status model capability') => {
  const { mutation, input: type } = capabilityModule(capability).graphql;
  return gql(h.url, `mutation($i: ${type}!) { ${mutation}(input: $i) { ${fields} } }`, { i: input });
};

describe.each(CAPABILITIES)('%s', (capability) => {
  const module = capabilityModule(capability);

  it('sends its example to its endpoint as the wire body the module gives, and the task ends with its result', async () => {
    const before = h.sandbox.creates().length;
    const key = `matrix-${capability}`;
    const res = await create(capability, { ...module.example.input, externalTaskId: key });
    expect(res.errors).toBeUndefined();
    const task = (res.data as Record<string, { id: string; capability: string; model: string }>)[module.graphql.mutation]!;
    expect(task.capability).toBe(capability);
    const sent = h.sandbox.creates().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe(module.path);
    expect(sent[0]!.body).toEqual({
      ...module.example.wire,
      ...(module.models ? { model_name: task.model } : {}),
      external_task_id: `default:${key}`,
    });
    let finished: Record<string, unknown> = {};
    await eventually(
      async () => {
        const read = await gql(h.url, `query($id: ID!) { videoTask(id: $id) { status videos { url } audios { url wavUrl } request { model } } }`, { id: task.id });
        finished = read.data!.videoTask;
        return finished.status === 'SUCCEEDED';
      },
      10_000,
      `the ${capability} task to succeed`,
    );
    const results = finished[module.results] as unknown[];
    expect(results.length).toBeGreaterThan(0);
    expect((finished.request as { model: string }).model).toBe(task.model);
  });

  it.each(module.invalid)('refuses %s naming %s, and nothing reaches Kling', async (_name, input, field) => {
    const before = h.sandbox.creates().length;
    const res = await create(capability, input);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe(field);
    expect(h.sandbox.creates().length).toBe(before);
  });

  it('the sandbox accepts its example body and refuses an empty one', () => {
    const body = { ...module.example.wire, ...(module.models ? { model_name: module.models.defaultModel } : {}) };
    expect(checkCreateRequest(capability, body)).toBeUndefined();
    expect(checkCreateRequest(capability, {})).toMatchObject({ code: 1201 });
  });

  it('has its mutation, input and request types in the schema', () => {
    expect(schema.getMutationType()!.getFields()[module.graphql.mutation]).toBeDefined();
    expect(schema.getType(module.graphql.input)).toBeDefined();
    expect(schema.getType(module.graphql.request)).toBeDefined();
    expect(Boolean((schema.getType(module.graphql.input) as GraphQLInputObjectType).getFields().model)).toBe(Boolean(module.models));
  });
});

it("the README's capability table is the registry's", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  // When this fails, paste the table below into README.md ("Capabilities").
  expect(readme, capabilityTable()).toContain(capabilityTable());
});
