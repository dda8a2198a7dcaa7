import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_RETENTION_MS } from '../src/model/task.js';
import { mediaView } from '../src/schema/video-task-request.js';
import { collect, gql, startHarness, wsClient, type Harness } from './support/harness.js';

const REQUEST = /* GraphQL */ `
  fragment Asked on VideoTaskRequest {
    __typename
    model
    prompt
    watermark
    ... on TextToVideoRequest { negativePrompt mode aspectRatio duration cameraControl { type config { zoom pan } } }
    ... on ImageToVideoRequest { image { url inlineBytes } imageTail { url } duration }
    ... on MultiImageToVideoRequest { images { url inlineBytes } aspectRatio }
    ... on MotionControlRequest { image { url } video { url } characterOrientation mode }
    ... on OmniVideoRequest { referenceImages { image { url } frame } referenceVideo { video { url } referType } aspectRatio duration multiShot { shotType shots { prompt duration } } }
  }
`;

// 300 bytes of Base64 (400 characters, no padding).
const INLINE_IMAGE = 'A'.repeat(400);

describe('VideoTask.request', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { renderMs: 400 } });
  });
  afterAll(() => h.close());

  it('reads back what each capability was asked, typed per capability, in a history list', async () => {
    const creates: [string, string, Record<string, unknown>][] = [
      ['createTextToVideo', 'TextToVideoInput', { prompt: 'a fox', negativePrompt: 'blur', mode: 'PRO', aspectRatio: 'RATIO_9_16', duration: 10, watermark: true, cameraControl: { type: 'SIMPLE', config: { zoom: 5 } } }],
      ['createImageToVideo', 'ImageToVideoInput', { image: INLINE_IMAGE, imageTail: 'https://img.example/tail.png', prompt: 'zoom out' }],
      ['createMultiImageToVideo', 'MultiImageToVideoInput', { images: ['https://img.example/1.png', INLINE_IMAGE], prompt: 'together', aspectRatio: 'RATIO_1_1' }],
      ['createMotionControl', 'MotionControlInput', { image: 'https://img.example/c.png', video: 'https://vid.example/m.mp4', characterOrientation: 'VIDEO', mode: 'STD' }],
      [
        'createOmniVideo',
        'OmniVideoInput',
        {
          model: 'kling-v3-omni',
          prompt: 'two shots',
          images: [{ url: 'https://img.example/f.png', frame: 'FIRST_FRAME' }],
          multiShot: { shotType: 'CUSTOMIZE', shots: [{ prompt: 'one', duration: 2 }, { prompt: 'two', duration: 3 }] },
        },
      ],
    ];
    for (const [field, type, input] of creates) {
      const res = await gql(h.url, `mutation($input: ${type}!) { ${field}(input: $input) { id } }`, { input });
      expect(res.errors, field).toBeUndefined();
    }

    // A history list needs no fragments for the fields every request has.
    const list = await gql(h.url, `{ videoTasks(first: 5) { edges { node { id capability request { model prompt } } } } }`);
    expect(list.errors).toBeUndefined();
    const nodes = (list.data!.videoTasks.edges as { node: { id: string; capability: string; request: Record<string, unknown> } }[]).map((e) => e.node);
    expect(nodes.map((n) => n.request.prompt)).toEqual(['two shots', null, 'together', 'zoom out', 'a fox']);

    const asked: Record<string, Record<string, unknown>> = {};
    for (const node of nodes) {
      const res = await gql(h.url, `${REQUEST} query($id: ID!) { videoTask(id: $id) { request { ...Asked } } }`, { id: node.id });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      asked[node.capability] = res.data!.videoTask.request;
    }
    expect(asked.TEXT_TO_VIDEO).toEqual({
      __typename: 'TextToVideoRequest',
      model: 'kling-v3',
      prompt: 'a fox',
      watermark: true,
      negativePrompt: 'blur',
      mode: 'PRO',
      aspectRatio: 'RATIO_9_16',
      duration: 10,
      cameraControl: { type: 'SIMPLE', config: { zoom: 5, pan: null } },
    });
    expect(asked.IMAGE_TO_VIDEO).toEqual({
      __typename: 'ImageToVideoRequest',
      model: 'kling-v3',
      prompt: 'zoom out',
      watermark: null,
      image: { url: null, inlineBytes: 300 },
      imageTail: { url: 'https://img.example/tail.png' },
      duration: null,
    });
    expect(asked.MULTI_IMAGE_TO_VIDEO).toMatchObject({
      __typename: 'MultiImageToVideoRequest',
      model: 'kling-v1-6',
      images: [{ url: 'https://img.example/1.png', inlineBytes: null }, { url: null, inlineBytes: 300 }],
      aspectRatio: 'RATIO_1_1',
    });
    expect(asked.MOTION_CONTROL).toMatchObject({ __typename: 'MotionControlRequest', model: 'kling-v2-6', characterOrientation: 'VIDEO', mode: 'STD', video: { url: 'https://vid.example/m.mp4' } });
    expect(asked.OMNI_VIDEO).toMatchObject({
      __typename: 'OmniVideoRequest',
      model: 'kling-v3-omni',
      referenceImages: [{ image: { url: 'https://img.example/f.png' }, frame: 'FIRST_FRAME' }],
      referenceVideo: null,
      multiShot: { shotType: 'CUSTOMIZE', shots: [{ prompt: 'one', duration: 2 }, { prompt: 'two', duration: 3 }] },
    });
  });

  it('gives a finished video its watermarked copy when one was asked, and when Kling deletes it', async () => {
    const create = `mutation($input: TextToVideoInput!) { createTextToVideo(input: $input) { id } }`;
    const watch = `subscription($id: ID!) { videoTaskUpdated(id: $id) { status updatedAt videos { url watermarkUrl expiresAt } } }`;
    const client = wsClient(h.url);
    for (const watermark of [true, false]) {
      const id = (await gql(h.url, create, { input: { prompt: `watermark ${watermark}`, watermark } })).data!.createTextToVideo.id;
      const { results } = await collect(client, watch, { id }).done;
      const last = results.at(-1)!.data!.videoTaskUpdated;
      expect(last.status).toBe('SUCCEEDED');
      const video = last.videos[0];
      if (watermark) expect(video.watermarkUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/videos\/\d+\.mp4\?watermark=1$/);
      else expect(video.watermarkUrl).toBeNull();
      expect(Date.parse(video.expiresAt) - Date.parse(last.updatedAt)).toBe(RESULT_RETENTION_MS);
    }
    const sent = h.sandbox.creates().map((r) => (r.body as { watermark_info?: unknown }).watermark_info);
    expect(sent).toContainEqual({ enabled: true });
    await client.dispose();
  });
});

describe('media in a request', () => {
  it.each([
    ['https://img.example/a.png', { url: 'https://img.example/a.png', inlineBytes: null }],
    ['HTTP://IMG.EXAMPLE/A.PNG', { url: 'HTTP://IMG.EXAMPLE/A.PNG', inlineBytes: null }],
    ['QUJD', { url: null, inlineBytes: 3 }],
    ['QUI=', { url: null, inlineBytes: 2 }],
    ['QQ==', { url: null, inlineBytes: 1 }],
    [null, null],
  ])('%s reads as %j', (value, expected) => {
    expect(mediaView(value)).toEqual(expected);
  });
});
