import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, gql, startHarness, type Harness } from './support/harness.js';

describe('createVideoExtend from a gateway task', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { renderMs: 300 }, env: { GATEWAY_API_KEYS: 'acme:acme-key-0123456789,globex:globex-key-0123456789' } });
  });
  afterAll(() => h.close());
  const acme = { authorization: 'Bearer acme-key-0123456789' };
  const globex = { authorization: 'Bearer globex-key-0123456789' };
  const extend = (input: Record<string, unknown>, headers = acme) =>
    gql(h.url, `mutation($i: VideoExtendInput!) { createVideoExtend(input: $i) { id status model capability request { ... on VideoExtendRequest { sourceTask videoId } } } }`, { i: input }, headers);

  it('sends the Kling id of the task\'s video, and refuses a task that has not finished or is another tenant\'s', async () => {
    const made = await gql(h.url, `mutation { createTextToVideo(input: { prompt: "a kite" }) { id } }`, {}, acme);
    const source = made.data!.createTextToVideo.id as string;

    const early = await extend({ sourceTask: source });
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.sourceTask' });

    let videoId = '';
    await eventually(async () => {
      const read = await gql(h.url, `query($id: ID!) { videoTask(id: $id) { status videos { id } } }`, { id: source }, acme);
      videoId = read.data!.videoTask.videos[0]?.id ?? '';
      return read.data!.videoTask.status === 'SUCCEEDED';
    }, 10_000, 'the source video');

    const stranger = await extend({ sourceTask: source }, globex);
    expect(stranger.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.sourceTask' });

    const before = h.sandbox.creates().length;
    const res = await extend({ sourceTask: source, prompt: 'higher' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createVideoExtend).toMatchObject({ model: 'video-extend', capability: 'VIDEO_EXTEND', request: { sourceTask: source, videoId } });
    const sent = h.sandbox.creates().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe('/v1/videos/video-extend');
    expect(sent[0]!.body).toEqual({ video_id: videoId, prompt: 'higher', external_task_id: expect.stringMatching(/^acme\//) });
  });
});

describe('lip-sync: identifyFaces, then createLipSync', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { renderMs: 300 } });
  });
  afterAll(() => h.close());

  // First in this block: no task of its own is being polled, so the fault meets identify-face.
  it('passes on Kling\'s refusal with its code', async () => {
    h.sandbox.injectFault({ on: 'any', httpStatus: 400, code: 1201, message: 'video too long' });
    const res = await gql(h.url, `mutation { identifyFaces(input: { videoId: "860000000000000001" }) { sessionId } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_REQUEST', klingCode: 1201 });
  });

  it('refuses a video given twice, before calling Kling', async () => {
    const calls = () => h.sandbox.requests.filter((r) => r.path === '/v1/videos/identify-face').length;
    const before = calls();
    const res = await gql(h.url, `mutation { identifyFaces(input: { videoId: "1", videoUrl: "https://example.test/a.mp4" }) { sessionId } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.sourceTask' });
    expect(calls()).toBe(before);
  });

  it('answers the session and faces at once, and a lip-sync task with them reaches advanced-lip-sync', async () => {
    const found = await gql(h.url, `mutation { identifyFaces(input: { videoUrl: "https://example.test/talk.mp4" }) { sessionId faces { faceId imageUrl startMs endMs } } }`);
    expect(found.errors).toBeUndefined();
    const { sessionId, faces } = found.data!.identifyFaces;
    expect(sessionId).toMatch(/^session-/);
    expect(faces).toEqual([{ faceId: '0', imageUrl: expect.stringContaining('/sandbox/faces/'), startMs: 0, endMs: 5000 }]);
    expect(h.sandbox.requests.at(-1)).toMatchObject({ path: '/v1/videos/identify-face', body: { video_url: 'https://example.test/talk.mp4' } });

    const res = await gql(h.url, `mutation($i: LipSyncInput!) { createLipSync(input: $i) { status capability } }`, {
      i: { sessionId, faceId: faces[0].faceId, audioId: 'tts-1', soundStartMs: 0, soundEndMs: 2500, soundInsertMs: 0 },
    });
    expect(res.errors).toBeUndefined();
    expect(h.sandbox.creates().at(-1)).toMatchObject({ path: '/v1/videos/advanced-lip-sync', body: { session_id: sessionId } });
  });
});
