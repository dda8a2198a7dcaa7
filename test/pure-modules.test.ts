import { describe, expect, it } from 'vitest';
import { avatar } from '../src/capabilities/avatar/index.js';
import { imageToVideo } from '../src/capabilities/image-to-video/index.js';
import { lipSync } from '../src/capabilities/lip-sync/index.js';
import { omniVideo } from '../src/capabilities/omni-video/index.js';
import type { Issue, ReferencedTask } from '../src/capabilities/module.js';
import { textToAudio } from '../src/capabilities/text-to-audio/index.js';
import { textToVideo } from '../src/capabilities/text-to-video/index.js';
import { videoEffects } from '../src/capabilities/video-effects/index.js';
import { videoExtend } from '../src/capabilities/video-extend/index.js';
import { applyObservation, observationFromWire, type TaskRecord } from '../src/model/task.js';
import { checkCreateRequest } from '../src/sandbox/checks.js';

/* Table-driven tests of the pure parts: rules, mappers, observations and the sandbox's checks. */

const paths = (issues: Issue[]) => issues.map((issue) => issue.path.join('.'));

describe('rules: input -> the paths of its issues', () => {
  const cases: [string, () => Issue[], string[]][] = [
    ['t2v with a prompt', () => textToVideo.rules({ prompt: 'p' }), []],
    ['t2v without a prompt', () => textToVideo.rules({}), ['prompt']],
    ['t2v customised shots need no prompt', () => textToVideo.rules({ duration: 5, multiShot: { shotType: 'customize', shots: [{ prompt: 'a', duration: 5 }] } }), []],
    ['t2v shots not adding up', () => textToVideo.rules({ duration: 10, multiShot: { shotType: 'customize', shots: [{ prompt: 'a', duration: 5 }] } }), ['multiShot.shots']],
    ['t2v duration of kling-v1', () => textToVideo.rules({ prompt: 'p', model: 'kling-v1', duration: 7 }), ['duration']],
    ['t2v cfgScale on kling-v2', () => textToVideo.rules({ prompt: 'p', model: 'kling-v2-master', cfgScale: 0.5 }), ['cfgScale']],
    ['t2v sound on kling-v1-6', () => textToVideo.rules({ prompt: 'p', model: 'kling-v1-6', sound: true }), ['sound']],
    ['t2v voices without sound', () => textToVideo.rules({ prompt: 'p', voiceIds: ['v'] }), ['voiceIds']],
    ['t2v simple camera, two axes', () => textToVideo.rules({ prompt: 'p', cameraControl: { type: 'simple', config: { pan: 1, zoom: 1 } } }), ['cameraControl.config']],
    ['i2v nothing to start from', () => imageToVideo.rules({}), ['image']],
    ['i2v tail and camera', () => imageToVideo.rules({ image: 'i', imageTail: 't', cameraControl: { type: 'down_back' } }), ['cameraControl']],
    ['omni end frame alone', () => omniVideo.rules({ prompt: 'p', aspectRatio: '1:1', images: [{ url: 'u', frame: 'end_frame' }] }), ['images']],
    ['extend needs one source', () => videoExtend.rules({}), ['sourceTask']],
    ['effects two-person scene with one image', () => videoEffects.rules({ effectScene: 'hug_pro', image: 'i' }), ['images']],
    ['effects one-image scene', () => videoEffects.rules({ effectScene: 'bloombloom', image: 'i' }), []],
    ['avatar with both sounds', () => avatar.rules({ image: 'i', audioId: 'a', soundFile: 's' }), ['audioId']],
    ['text-to-audio two decimals', () => textToAudio.rules({ prompt: 'p', duration: 3.25 }), ['duration']],
    ['lip-sync sound of 61 s', () => lipSync.rules({ sessionId: 's', faceId: 'f', audioId: 'a', soundStartMs: 0, soundEndMs: 61_000, soundInsertMs: 0 }), ['soundEndMs']],
  ];
  it.each(cases)('%s', (_name, run, expected) => {
    expect(paths(run())).toEqual(expected);
  });
});

describe('mappers: stored input -> wire body', () => {
  const cases: [string, () => object, Record<string, unknown>][] = [
    ['t2v sends only what was set', () => textToVideo.body({ prompt: 'p', sound: false, mode: 'pro' }), { prompt: 'p', sound: 'off', mode: 'pro' }],
    ['t2v customised shots carry the total', () => textToVideo.body({ multiShot: { shotType: 'customize', shots: [{ prompt: 'a', duration: 5 }] } }), { multi_shot: true, shot_type: 'customize', multi_prompt: [{ index: 1, prompt: 'a', duration: '5' }], duration: '5' }],
    ['i2v elements are numbers', () => imageToVideo.body({ image: 'i', elementIds: ['12'] }), { image: 'i', element_list: [{ element_id: 12 }] }],
    ['omni keeps sound as yes/no', () => omniVideo.body({ prompt: 'p', video: { url: 'v', keepOriginalSound: false } }), { prompt: 'p', video_list: [{ video_url: 'v', keep_original_sound: 'no' }] }],
    ['extend', () => videoExtend.body({ videoId: '9', cfgScale: 0.5 }), { video_id: '9', cfg_scale: 0.5 }],
    ['effects with one image', () => videoEffects.body({ effectScene: 'bloombloom', image: 'i' }), { effect_scene: 'bloombloom', input: { image: 'i' } }],
    ['avatar drops an absent sound', () => avatar.body({ image: 'i', audioId: 'a' }), { image: 'i', audio_id: 'a' }],
    ['text-to-audio keeps the duration a number', () => textToAudio.body({ prompt: 'p', duration: 3.5 }), { prompt: 'p', duration: 3.5 }],
    ['lip-sync puts the face in face_choose', () => lipSync.body({ sessionId: 's', faceId: 'f', audioId: 'a', soundStartMs: 0, soundEndMs: 2000, soundInsertMs: 10 }), { session_id: 's', face_choose: [{ face_id: 'f', audio_id: 'a', sound_start_time: 0, sound_end_time: 2000, sound_insert_time: 10 }] }],
  ];
  it.each(cases)('%s', (_name, run, expected) => {
    expect(run()).toEqual(expected);
  });
});

describe('extend resolves a gateway task to its video', () => {
  const finished = (over: Partial<ReferencedTask> = {}): ReferencedTask => ({ status: 'SUCCEEDED', finishedAt: 1_000, videos: [{ id: 'v1', duration: 5 }], ...over });
  const DAY = 24 * 3600 * 1000;
  const cases: [string, ReferencedTask | null, number, string | null][] = [
    ['a finished task', finished(), 2_000, 'v1'],
    ['an unknown task', null, 2_000, null],
    ['a task still processing', finished({ status: 'PROCESSING', videos: [] }), 2_000, null],
    ['a video over 30 days old', finished(), 1_000 + 31 * DAY, null],
    ['a video of 176 s (181 s once extended)', finished({ videos: [{ id: 'v1', duration: 176 }] }), 2_000, null],
    ['a video of 175 s', finished({ videos: [{ id: 'v1', duration: 175 }] }), 2_000, 'v1'],
  ];
  it.each(cases)('%s', async (_name, task, now, videoId) => {
    const resolved = await videoExtend.resolve!({ sourceTask: 'id' }, async () => task, now);
    if (videoId === null) expect(paths(resolved as Issue[])).toEqual(['sourceTask']);
    else expect(resolved).toMatchObject({ videoId });
  });
});

describe('observations: Kling task object -> what the record learns', () => {
  const base: TaskRecord = {
    id: 'g', tenant: 't', taskId: 'k', capability: 'TEXT_TO_AUDIO', model: 'text-to-audio', request: {}, status: 'PROCESSING', statusMessage: null,
    externalTaskId: null, videos: [], createdAt: 0, updatedAt: 0, submittedAt: 0, startedAt: 0, finishedAt: null, estimate: null, version: 3,
  };
  const cases: [string, Record<string, unknown>, Partial<TaskRecord> | undefined][] = [
    ['a sound result', { task_status: 'succeed', task_result: { audios: [{ id: 'a', url_mp3: 'm', url_wav: 'w', duration_mp3: '4.5' }] } }, { status: 'SUCCEEDED', audios: [{ id: 'a', url: 'm', wavUrl: 'w', duration: 4.5, expiresAt: 100 + 30 * 24 * 3600 * 1000 }] }],
    ['a failure with its reason', { task_status: 'failed', task_status_msg: 'bad audio', task_result: {} }, { status: 'FAILED', statusMessage: 'bad audio' }],
    ['nothing new', { task_status: 'processing' }, undefined],
    ['an older status', { task_status: 'submitted' }, undefined],
    ['an unknown status', { task_status: 'paused' }, undefined],
  ];
  it.each(cases)('%s', (_name, wire, expected) => {
    const seen = observationFromWire({ task_id: 'k', created_at: 0, updated_at: 100, ...wire } as never);
    const next = seen && applyObservation(base, seen);
    if (expected === undefined) expect(next).toBeUndefined();
    else expect(next).toMatchObject({ ...expected, version: 4 });
  });
});

describe('sandbox checks: body -> Kling code', () => {
  const cases: [string, Parameters<typeof checkCreateRequest>[0], unknown, number | undefined][] = [
    ['t2v fine', 'TEXT_TO_VIDEO', { model_name: 'kling-v3', prompt: 'p' }, undefined],
    ['t2v unknown model', 'TEXT_TO_VIDEO', { model_name: 'kling-v9', prompt: 'p' }, 1203],
    ['t2v duration the model lacks', 'TEXT_TO_VIDEO', { model_name: 'kling-v1', prompt: 'p', duration: '7' }, 1201],
    ['t2v prompt too long', 'TEXT_TO_VIDEO', { prompt: 'x'.repeat(2501) }, 1201],
    ['not an object', 'TEXT_TO_VIDEO', [], 1201],
    ['motion control without video', 'MOTION_CONTROL', { image_url: 'i', character_orientation: 'image', mode: 'std' }, 1201],
    ['extend fine', 'VIDEO_EXTEND', { video_id: '1' }, undefined],
    ['extend cfg_scale 2', 'VIDEO_EXTEND', { video_id: '1', cfg_scale: 2 }, 1201],
    ['effects with one image for a two-image scene', 'VIDEO_EFFECTS', { effect_scene: 'hug_pro', input: { image: 'i' } }, 1201],
    ['avatar with both sounds', 'AVATAR', { image: 'i', audio_id: 'a', sound_file: 's' }, 1201],
    ['text-to-audio of 12 s', 'TEXT_TO_AUDIO', { prompt: 'p', duration: 12 }, 1201],
    ['video-to-audio without a video', 'VIDEO_TO_AUDIO', { bgm_prompt: 'b' }, 1201],
    ['lip-sync with two faces', 'LIP_SYNC', { session_id: 's', face_choose: [{}, {}] }, 1201],
  ];
  it.each(cases)('%s', (_name, capability, body, code) => {
    expect(checkCreateRequest(capability, body)?.code).toBe(code);
  });
});
