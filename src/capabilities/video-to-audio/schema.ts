import { z } from 'zod';
import { builder } from '../../schema/builder.js';
import { commonInputFields, type CapabilitySchema } from '../../schema/create-mutation.js';
import { check, rules } from '../../schema/input-checks.js';
import { limits } from '../../schema/shared-inputs.js';
import { MediaReference, mediaView, opt, VideoTaskRequest, type View } from '../../schema/video-task-request.js';
import { AUDIO_PROMPT_MAX } from '../text-to-audio/index.js';
import { videoToAudio, type VideoToAudioInput } from './index.js';

const audioPrompt = z.string().max(AUDIO_PROMPT_MAX, `At most ${AUDIO_PROMPT_MAX} characters.`);

const input = builder.inputRef<VideoToAudioInput>('VideoToAudioInput').implement({
  description: 'Give one of sourceTask, videoId and videoUrl.',
  ...rules(videoToAudio.rules),
  fields: (t) => ({
    ...commonInputFields(t, 'video to audio', videoToAudio),
    sourceTask: t.id({ description: 'A task of yours that SUCCEEDED in the last 30 days; its video gets the sound.' }),
    videoId: t.string({ description: 'Kling\'s id of a video it made in the last 30 days (3 to 20 s).', ...check(limits.externalTaskId) }),
    videoUrl: t.string({ description: 'An mp4/mov URL, up to 100 MB, 3 to 20 s.', ...check(limits.media) }),
    soundEffectPrompt: t.string({ ...check(audioPrompt) }),
    bgmPrompt: t.string({ description: 'Background music.', ...check(audioPrompt) }),
    asmrMode: t.boolean({ description: 'Kling\'s default: false.' }),
  }),
});

builder.objectRef<View<VideoToAudioInput>>('VideoToAudioRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    sourceTask: t.id({ nullable: true, resolve: (r) => opt(r.sourceTask) }),
    videoId: t.string({ nullable: true, resolve: (r) => opt(r.videoId) }),
    // Named apart from other requests' `video`, which is not nullable alike everywhere.
    sourceVideo: t.field({ type: MediaReference, nullable: true, description: 'The input\'s videoUrl.', resolve: (r) => mediaView(r.videoUrl) }),
    soundEffectPrompt: t.string({ nullable: true, resolve: (r) => opt(r.soundEffectPrompt) }),
    bgmPrompt: t.string({ nullable: true, resolve: (r) => opt(r.bgmPrompt) }),
    asmrMode: t.boolean({ nullable: true, resolve: (r) => opt(r.asmrMode) }),
  }),
});

export const videoToAudioSchema: CapabilitySchema = { input };
