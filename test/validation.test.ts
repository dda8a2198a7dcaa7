import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variableErrorField } from '../src/server/variable-errors.js';
import { collect, gql, startHarness, wsClient, type Harness } from './support/harness.js';

describe('every problem with a create at once', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const create = (type: string, field: string, input: unknown) =>
    gql(h.url, `mutation($input: ${type}!) { ${field}(input: $input) { id } }`, { input });

  it('reports field limits and model rules together, in one BAD_USER_INPUT, and creates nothing', async () => {
    const before = h.sandbox.creates().length;
    const res = await create('TextToVideoInput', 'createTextToVideo', {
      prompt: 'x'.repeat(2501),
      model: 'kling-v1-6',
      duration: 7,
      cfgScale: 1.5,
      externalTaskId: 'k'.repeat(129),
      voiceIds: ['v1'],
    });
    expect(res.data).toBeNull();
    expect(res.errors).toHaveLength(1);
    const error = res.errors![0]!;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (error.extensions!.issues as { field: string }[]).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['input.prompt', 'input.cfgScale', 'input.externalTaskId', 'input.duration', 'input.voiceIds']));
    expect(fields).toHaveLength(5);
    expect(error.message).toMatch(/and 4 more/);
    expect(h.sandbox.creates().length).toBe(before);
  });

  it('reaches into nested inputs and lists, with each path', async () => {
    const res = await create('TextToVideoInput', 'createTextToVideo', {
      duration: 10,
      multiShot: { shotType: 'CUSTOMIZE', shots: [{ prompt: 'y'.repeat(513), duration: 3 }, { prompt: '', duration: 0 }] },
      cameraControl: { type: 'SIMPLE', config: { zoom: 11, pan: 2 } },
    });
    const fields = (res.errors![0]!.extensions!.issues as { field: string }[]).map((i) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'input.multiShot.shots[0].prompt',
        'input.multiShot.shots[1].prompt',
        'input.multiShot.shots[1].duration',
        'input.multiShot.shots',
        'input.cameraControl.config.zoom',
        'input.cameraControl.config',
      ]),
    );
  });

  it('names the path of each value of the wrong type, all in one answer', async () => {
    const res = await create('TextToVideoInput', 'createTextToVideo', { prompt: 'p', duration: 'five', cfgScale: 'high', multiShot: { shotType: 'CUSTOMIZE', shots: [{ prompt: 1, duration: 5 }] } });
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.cfgScale'],
      ['BAD_USER_INPUT', 'input.duration'],
      ['BAD_USER_INPUT', 'input.multiShot.shots[0].prompt'],
    ]);
    const missing = await create('MultiImageToVideoInput', 'createMultiImageToVideo', { images: ['a'], colour: 'red' });
    expect(missing.errors?.map((e) => e.extensions?.field).sort()).toEqual(['input.colour', 'input.prompt']);
  });
});

describe('the field a value written in the operation names', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('points at each wrongly typed, missing or unknown field, over HTTP and WebSocket alike', async () => {
    const query = `mutation {
      a: createTextToVideo(input: { prompt: "p", duration: "five", multiShot: { shotType: CUSTOMIZE, shots: [{ prompt: 1, duration: 5 }] } }) { id }
      b: createMultiImageToVideo(input: { images: ["a"], colour: "red" }) { id }
    }`;
    const res = await gql(h.url, query);
    const fields = res.errors?.map((e) => e.extensions?.field).sort();
    expect(fields).toEqual(['input.colour', 'input.duration', 'input.multiShot.shots[0].prompt', 'input.prompt']);
    expect(res.errors?.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);

    const client = wsClient(h.url);
    const over = await collect(client, query, {}).done;
    const wsFields = ((over.error ?? over.results[0]!.errors) as { extensions?: { field?: string } }[]).map((e) => e.extensions?.field).sort();
    expect(wsFields).toEqual(fields);
    await client.dispose();
  });
});

describe('the field a variable error names', () => {
  it.each([
    ['Variable "$input" got invalid value "x" at "input.duration"; Int cannot represent non-integer value: "x"', 'input.duration'],
    ['Variable "$input" got invalid value 1 at "input.shots[0].p"; String cannot represent a non string value: 1', 'input.shots[0].p'],
    ['Variable "$input" got invalid value { a: 1 }; Field "prompt" of required type "String!" was not provided.', 'input.prompt'],
    ['Variable "$input" got invalid value { d: 1 } at "input.shots[0]"; Field "p" of required type "String!" was not provided.', 'input.shots[0].p'],
    ['Variable "$input" got invalid value { foo: 1 }; Field "foo" is not defined by type "I".', 'input.foo'],
    ['Variable "$id" of required type "ID!" was not provided.', 'id'],
    ['Cannot query field "x" on type "Query".', undefined],
  ])('%s', (message, field) => {
    expect(variableErrorField(message)).toBe(field);
  });
});
