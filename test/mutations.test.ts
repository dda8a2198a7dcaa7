import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, gql, startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  // Slots configured: the injected 1303s below then lower the pool only until a task ends, where a
  // learned limit would stay at what was in flight and queue the creates of later tests.
  h = await startHarness({ env: { KLING_CONCURRENCY: '50' }, sandbox: { renderMs: 300 } });
});
afterAll(() => h.close());

let createsBefore = 0;
beforeEach(async () => {
  h.sandbox.clearFaults();
  // Each test starts with every slot free: one test's tasks never queue the next one's create.
  await eventually(async () => (await h.app.services.dispatcher.poolStates()).every((pool) => pool.inFlight === 0), 10_000, 'every slot free');
  createsBefore = h.sandbox.creates().length;
});
const newCreates = () => h.sandbox.creates().slice(createsBefore);

const TASK_FIELDS = 'id taskId status model capability externalTaskId';
/** Without a caller's key, Kling still gets one made from the gateway id, to find a lost create by. */
const GENERATED_EXTERNAL_ID = expect.stringMatching(/^default\/[0-9a-f-]{36}$/);

describe('each create mutation sends Kling the right wire body', () => {
  it('createTextToVideo', async () => {
    const res = await gql(h.url, `mutation($i: TextToVideoInput!) { createTextToVideo(input: $i) { ${TASK_FIELDS} } }`, {
      i: {
        prompt: 'a rabbit racing a car',
        negativePrompt: 'blur',
        mode: 'PRO',
        aspectRatio: 'RATIO_1_1',
        duration: 10,
        sound: true,
        cameraControl: { type: 'SIMPLE', config: { zoom: 5 } },
        watermark: true,
        externalTaskId: 'wire-t2v-1',
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createTextToVideo).toMatchObject({ status: 'SUBMITTED', model: 'kling-v3', capability: 'TEXT_TO_VIDEO', externalTaskId: 'wire-t2v-1' });
    const [sent] = newCreates();
    expect(sent!.path).toBe('/v1/videos/text2video');
    expect(sent!.body).toEqual({
      model_name: 'kling-v3',
      prompt: 'a rabbit racing a car',
      negative_prompt: 'blur',
      mode: 'pro',
      aspect_ratio: '1:1',
      duration: '10',
      sound: 'on',
      camera_control: { type: 'simple', config: { zoom: 5 } },
      watermark_info: { enabled: true },
      external_task_id: 'default:wire-t2v-1',
    });
    expect(res.data!.createTextToVideo.taskId).toMatch(/^\d{18}$/);
  });

  it('createTextToVideo with custom multi-shot', async () => {
    const res = await gql(h.url, `mutation($i: TextToVideoInput!) { createTextToVideo(input: $i) { id } }`, {
      i: { duration: 8, multiShot: { shotType: 'CUSTOMIZE', shots: [{ prompt: 'wide', duration: 3 }, { prompt: 'close', duration: 5 }] } },
    });
    expect(res.errors).toBeUndefined();
    expect(newCreates()[0]!.body).toEqual({
      model_name: 'kling-v3',
      external_task_id: GENERATED_EXTERNAL_ID,
      duration: '8',
      multi_shot: true,
      shot_type: 'customize',
      multi_prompt: [
        { index: 1, prompt: 'wide', duration: '3' },
        { index: 2, prompt: 'close', duration: '5' },
      ],
    });
  });

  it('createImageToVideo with image_tail', async () => {
    const res = await gql(h.url, `mutation($i: ImageToVideoInput!) { createImageToVideo(input: $i) { ${TASK_FIELDS} } }`, {
      i: { model: 'kling-v2-5-turbo', image: 'https://example.test/a.png', imageTail: 'https://example.test/b.png', prompt: 'morph', mode: 'PRO', duration: 5 },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createImageToVideo.capability).toBe('IMAGE_TO_VIDEO');
    const [sent] = newCreates();
    expect(sent!.path).toBe('/v1/videos/image2video');
    expect(sent!.body).toEqual({
      model_name: 'kling-v2-5-turbo',
      external_task_id: GENERATED_EXTERNAL_ID,
      image: 'https://example.test/a.png',
      image_tail: 'https://example.test/b.png',
      prompt: 'morph',
      mode: 'pro',
      duration: '5',
    });
  });

  it('createMultiImageToVideo', async () => {
    const res = await gql(h.url, `mutation($i: MultiImageToVideoInput!) { createMultiImageToVideo(input: $i) { ${TASK_FIELDS} } }`, {
      i: { images: ['https://example.test/1.png', 'aGVsbG8='], prompt: 'two friends', aspectRatio: 'RATIO_9_16' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createMultiImageToVideo.model).toBe('kling-v1-6');
    const [sent] = newCreates();
    expect(sent!.path).toBe('/v1/videos/multi-image2video');
    expect(sent!.body).toEqual({
      model_name: 'kling-v1-6',
      external_task_id: GENERATED_EXTERNAL_ID,
      image_list: [{ image: 'https://example.test/1.png' }, { image: 'aGVsbG8=' }],
      prompt: 'two friends',
      aspect_ratio: '9:16',
    });
  });

  it('createMotionControl', async () => {
    const res = await gql(h.url, `mutation($i: MotionControlInput!) { createMotionControl(input: $i) { ${TASK_FIELDS} } }`, {
      i: { image: 'https://example.test/c.png', video: 'https://example.test/d.mp4', characterOrientation: 'VIDEO', mode: 'STD', keepOriginalSound: false },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createMotionControl.model).toBe('kling-v2-6');
    const [sent] = newCreates();
    expect(sent!.path).toBe('/v1/videos/motion-control');
    expect(sent!.body).toEqual({
      model_name: 'kling-v2-6',
      external_task_id: GENERATED_EXTERNAL_ID,
      image_url: 'https://example.test/c.png',
      video_url: 'https://example.test/d.mp4',
      character_orientation: 'video',
      mode: 'std',
      keep_original_sound: 'no',
    });
  });

  it('createOmniVideo with frames, elements and a reference video', async () => {
    const res = await gql(h.url, `mutation($i: OmniVideoInput!) { createOmniVideo(input: $i) { ${TASK_FIELDS} } }`, {
      i: {
        prompt: '<<<image_1>>> walks into <<<video_1>>>',
        images: [{ url: 'https://example.test/f.png', frame: 'FIRST_FRAME' }, { url: 'https://example.test/r.png' }],
        elementIds: ['123'],
        video: { url: 'https://example.test/v.mp4', referType: 'FEATURE', keepOriginalSound: true },
        duration: 5,
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createOmniVideo.model).toBe('kling-video-o1');
    const [sent] = newCreates();
    expect(sent!.path).toBe('/v1/videos/omni-video');
    expect(sent!.body).toEqual({
      model_name: 'kling-video-o1',
      external_task_id: GENERATED_EXTERNAL_ID,
      prompt: '<<<image_1>>> walks into <<<video_1>>>',
      image_list: [{ image_url: 'https://example.test/f.png', type: 'first_frame' }, { image_url: 'https://example.test/r.png' }],
      element_list: [{ element_id: 123 }],
      video_list: [{ video_url: 'https://example.test/v.mp4', refer_type: 'feature', keep_original_sound: 'yes' }],
      duration: '5',
    });
  });

  it('createOmniVideo multi-shot on kling-v3-omni', async () => {
    const res = await gql(h.url, `mutation($i: OmniVideoInput!) { createOmniVideo(input: $i) { id } }`, {
      i: { model: 'kling-v3-omni', aspectRatio: 'RATIO_16_9', duration: 12, multiShot: { shotType: 'CUSTOMIZE', shots: [{ prompt: 'a', duration: 6 }, { prompt: 'b', duration: 6 }] } },
    });
    expect(res.errors).toBeUndefined();
    expect(newCreates()[0]!.body).toMatchObject({ model_name: 'kling-v3-omni', duration: '12', multi_shot: true, shot_type: 'customize', aspect_ratio: '16:9' });
  });
});

describe('bad input is a BAD_USER_INPUT naming the field, and nothing reaches Kling', () => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    ['prompt too long', 'TextToVideoInput', { prompt: 'x'.repeat(2501) }, 'input.prompt'],
    ['unknown model', 'TextToVideoInput', { prompt: 'p', model: 'kling-v9' }, 'input.model'],
    ['duration not allowed for the model', 'TextToVideoInput', { prompt: 'p', model: 'kling-v1-6', duration: 7 }, 'input.duration'],
    ['duration out of kling-v3 range', 'TextToVideoInput', { prompt: 'p', duration: 16 }, 'input.duration'],
    ['no prompt', 'TextToVideoInput', { mode: 'STD' }, 'input.prompt'],
    ['cfgScale out of range', 'TextToVideoInput', { prompt: 'p', model: 'kling-v1', cfgScale: 1.5 }, 'input.cfgScale'],
    ['cfgScale on kling-v2', 'TextToVideoInput', { prompt: 'p', model: 'kling-v2-master', cfgScale: 0.5 }, 'input.cfgScale'],
    ['simple camera with two axes', 'TextToVideoInput', { prompt: 'p', cameraControl: { type: 'SIMPLE', config: { zoom: 1, pan: 2 } } }, 'input.cameraControl.config'],
    ['7 shots', 'TextToVideoInput', { duration: 7, multiShot: { shotType: 'CUSTOMIZE', shots: Array.from({ length: 7 }, () => ({ prompt: 's', duration: 1 })) } }, 'input.multiShot.shots'],
    ['shot prompt too long', 'TextToVideoInput', { duration: 5, multiShot: { shotType: 'CUSTOMIZE', shots: [{ prompt: 'y'.repeat(513), duration: 5 }] } }, 'input.multiShot.shots[0].prompt'],
    ['shots not summing to the duration', 'TextToVideoInput', { duration: 10, multiShot: { shotType: 'CUSTOMIZE', shots: [{ prompt: 'a', duration: 3 }, { prompt: 'b', duration: 3 }] } }, 'input.multiShot.shots'],
    ['multi-shot on a model without it', 'TextToVideoInput', { prompt: 'p', model: 'kling-v1-6', multiShot: { shotType: 'INTELLIGENCE' } }, 'input.multiShot'],
    ['image2video with neither image', 'ImageToVideoInput', { prompt: 'p' }, 'input.image'],
    ['image2video mixing imageTail and camera', 'ImageToVideoInput', { image: 'i', imageTail: 't', cameraControl: { type: 'DOWN_BACK' } }, 'input.cameraControl'],
    ['multi-image with 5 images', 'MultiImageToVideoInput', { images: ['a', 'b', 'c', 'd', 'e'], prompt: 'p' }, 'input.images'],
    ['omni sound with a video', 'OmniVideoInput', { model: 'kling-v3-omni', prompt: 'p', aspectRatio: 'RATIO_1_1', sound: true, video: { url: 'v', referType: 'FEATURE' } }, 'input.sound'],
    ['omni too many references with a video', 'OmniVideoInput', { prompt: 'p', aspectRatio: 'RATIO_1_1', images: [{ url: '1' }, { url: '2' }, { url: '3' }], elementIds: ['1', '2'], video: { url: 'v', referType: 'FEATURE' } }, 'input.images'],
    ['omni end frame without first', 'OmniVideoInput', { prompt: 'p', aspectRatio: 'RATIO_1_1', images: [{ url: '1', frame: 'END_FRAME' }] }, 'input.images'],
    ['omni without aspect ratio', 'OmniVideoInput', { prompt: 'p' }, 'input.aspectRatio'],
    ['motion control elements on kling-v2-6', 'MotionControlInput', { image: 'i', video: 'v', characterOrientation: 'VIDEO', mode: 'STD', elementIds: ['1'] }, 'input.elementIds'],
  ];
  const mutationFor: Record<string, string> = {
    TextToVideoInput: 'createTextToVideo',
    ImageToVideoInput: 'createImageToVideo',
    MultiImageToVideoInput: 'createMultiImageToVideo',
    MotionControlInput: 'createMotionControl',
    OmniVideoInput: 'createOmniVideo',
  };

  it.each(cases)('%s', async (_name, type, input, field) => {
    const res = await gql(h.url, `mutation($i: ${type}!) { ${mutationFor[type]}(input: $i) { id } }`, { i: input });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe(field);
    expect(newCreates()).toHaveLength(0);
  });

  it('an enum value outside the schema is refused by GraphQL itself', async () => {
    const res = await gql(h.url, `mutation { createTextToVideo(input: { prompt: "p", mode: ULTRA }) { id } }`);
    expect(res.errors?.[0]?.message).toMatch(/ULTRA/);
    expect(newCreates()).toHaveLength(0);
  });
});

describe('Kling error codes become contract codes, with klingCode', () => {
  const families: [number, number, string][] = [
    [401, 1002, 'UPSTREAM_AUTH'],
    [429, 1102, 'UPSTREAM_BALANCE'],
    [400, 1201, 'UPSTREAM_BAD_REQUEST'],
    [400, 1301, 'CONTENT_REJECTED'],
  ];
  it.each(families)('HTTP %i code %i -> %s, and the task is not kept', async (httpStatus, code, expected) => {
    h.sandbox.injectFault({ on: 'create', httpStatus, code, times: 3 });
    const res = await gql(h.url, `mutation { createTextToVideo(input: { prompt: "p" }) { id } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe(expected);
    expect(res.errors?.[0]?.extensions?.klingCode).toBe(code);
    expect(JSON.stringify(res)).not.toContain('test-sandbox-key');
    const listed = await gql(h.url, `{ videoTasks(first: 50) { edges { node { status } } } }`);
    expect(listed.data!.videoTasks.edges.map((e: { node: { status: string } }) => e.node.status)).not.toContain('QUEUED');
  });

  // A transient fault never fails a task: one that outlasts the client's retries leaves it queued.
  it.each([
    [429, 1303],
    [500, 5000],
  ])('HTTP %i code %i after every retry: the task stays QUEUED and is submitted later', async (httpStatus, code) => {
    h.sandbox.injectFault({ on: 'create', httpStatus, code, times: 3 });
    const res = await gql(h.url, `mutation { createTextToVideo(input: { prompt: "p" }) { id status taskId } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.createTextToVideo).toMatchObject({ status: 'QUEUED', taskId: null });
    const id = res.data!.createTextToVideo.id as string;
    await eventually(
      async () => (await gql(h.url, `query($id: ID!) { videoTask(id: $id) { status } }`, { id })).data!.videoTask.status === 'SUCCEEDED',
      10_000,
      'the queued task to succeed',
    );
    expect(newCreates()).toHaveLength(4);
  });

  it('a retryable code that clears up is retried and the create succeeds', async () => {
    h.sandbox.injectFault({ on: 'create', httpStatus: 429, code: 1303, times: 1 });
    const res = await gql(h.url, `mutation { createTextToVideo(input: { prompt: "p" }) { status } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.createTextToVideo.status).toBe('SUBMITTED');
    expect(newCreates()).toHaveLength(2);
  });

  it('a billing code is never retried', async () => {
    h.sandbox.injectFault({ on: 'create', httpStatus: 429, code: 1101, times: 3 });
    const res = await gql(h.url, `mutation { createTextToVideo(input: { prompt: "p" }) { status } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BALANCE');
    expect(newCreates()).toHaveLength(1);
  });
});

describe('a create whose answer is lost', () => {
  it('is found again by its external id: one upstream task, and the caller gets it', async () => {
    const slow = await startHarness({ sandbox: { renderMs: 60_000 }, klingTimeoutMs: 200 });
    try {
      // Kling takes the create, but answers after the gateway stopped waiting.
      slow.sandbox.injectFault({ on: 'create', delayMs: 600 });
      const res = await gql(slow.url, `mutation { createTextToVideo(input: { prompt: "late answer" }) { id taskId status } }`);
      expect(res.errors).toBeUndefined();
      expect(slow.sandbox.creates()).toHaveLength(1);
      const sent = slow.sandbox.creates()[0]!.body as { external_task_id: string };
      // The look-up used the external id the create carried.
      expect(slow.sandbox.requests.some((r) => r.method === 'GET' && r.path.endsWith(`/${encodeURIComponent(sent.external_task_id)}`))).toBe(true);
      const again = await gql(slow.url, `query($id: ID!) { videoTask(id: $id) { taskId } }`, { id: res.data!.createTextToVideo.id });
      expect(again.data!.videoTask.taskId).toBe(res.data!.createTextToVideo.taskId);
    } finally {
      await slow.close();
    }
  });
});

describe('externalTaskId makes a create idempotent per tenant', () => {
  it('ten concurrent creates with one key make one upstream task', async () => {
    const query = `mutation($i: TextToVideoInput!) { createTextToVideo(input: $i) { id taskId } }`;
    const input = { i: { prompt: 'once only', externalTaskId: 'idem-concurrent-1' } };
    const results = await Promise.all(Array.from({ length: 10 }, () => gql(h.url, query, input)));
    for (const res of results) expect(res.errors).toBeUndefined();
    const ids = new Set(results.map((r) => r.data!.createTextToVideo.id));
    expect(ids.size).toBe(1);
    expect(newCreates()).toHaveLength(1);
    const again = await gql(h.url, query, input);
    expect(again.data!.createTextToVideo.id).toBe([...ids][0]);
    expect(newCreates()).toHaveLength(1);
  });

  it('a failed create gives its key back, so a retry creates the task', async () => {
    const query = `mutation($i: TextToVideoInput!) { createTextToVideo(input: $i) { id } }`;
    const input = { i: { prompt: 'second time lucky', externalTaskId: 'idem-retry-1' } };
    h.sandbox.injectFault({ on: 'create', httpStatus: 400, code: 1201, times: 1 });
    const first = await gql(h.url, query, input);
    expect(first.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_REQUEST');
    const second = await gql(h.url, query, input);
    expect(second.errors).toBeUndefined();
    expect(newCreates()).toHaveLength(2);
  });
});

describe('reads', () => {
  it('videoTask, node and nodes: order kept, null for unknown, one store batch', async () => {
    const made = await Promise.all(
      ['r1', 'r2', 'r3'].map((p) => gql(h.url, `mutation { createTextToVideo(input: { prompt: "${p}" }) { id } }`)),
    );
    const ids = made.map((m) => m.data!.createTextToVideo.id as string);
    const unknown = Buffer.from('VideoTask:nope').toString('base64');
    const store = h.app.services.store;
    const original = store.getMany.bind(store);
    let batches = 0;
    store.getMany = async (keys) => {
      batches++;
      return original(keys);
    };
    try {
      const res = await gql(
        h.url,
        `query($ids: [ID!]!, $one: ID!) {
          nodes(ids: $ids) { id ... on VideoTask { status } }
          videoTask(id: $one) { id }
          node(id: $one) { id }
        }`,
        { ids: [ids[2], unknown, ids[0], ids[1]], one: ids[1] },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.nodes.map((n: { id: string } | null) => n?.id ?? null)).toEqual([ids[2], null, ids[0], ids[1]]);
      expect(res.data!.videoTask.id).toBe(ids[1]);
      expect(res.data!.node.id).toBe(ids[1]);
      expect(batches).toBe(1);
    } finally {
      store.getMany = original;
    }
  });

  it('a malformed id is BAD_USER_INPUT', async () => {
    const res = await gql(h.url, `{ videoTask(id: "not-an-id") { id } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
