import { builder } from '../../schema/builder.js';
import { commonInputFields, type CapabilitySchema } from '../../schema/create-mutation.js';
import { AspectRatioEnum, VideoModeEnum } from '../../schema/enums.js';
import { check, rules } from '../../schema/input-checks.js';
import { CameraControlInputRef, limits, MultiShotInputRef } from '../../schema/shared-inputs.js';
import { CameraControl, mode, MultiShot, opt, VideoTaskRequest, type View } from '../../schema/video-task-request.js';
import { textToVideo, type TextToVideoInput } from './index.js';

const input = builder.inputRef<TextToVideoInput>('TextToVideoInput').implement({
  ...rules(textToVideo.rules),
  fields: (t) => ({
    ...commonInputFields(t, 'text to video', textToVideo),
    prompt: t.string({ description: 'What happens: subject, motion, camera, light. Up to 2500 characters.', ...check(limits.prompt) }),
    negativePrompt: t.string({ ...check(limits.prompt) }),
    cfgScale: t.float({ description: 'Prompt adherence, 0 to 1 (not for kling-v2.x).', ...check(limits.cfgScale) }),
    mode: t.field({ type: VideoModeEnum }),
    sound: t.boolean({ description: 'Generate sound (kling-v2-6, kling-v3).' }),
    voiceIds: t.stringList({ description: 'Up to 2 voices, referenced in the prompt as <<<voice_1>>>; needs sound.', ...check(limits.voiceIds) }),
    cameraControl: t.field({ type: CameraControlInputRef }),
    aspectRatio: t.field({ type: AspectRatioEnum }),
    duration: t.int({ description: 'Seconds: 5 or 10; 3 to 15 on kling-v3.' }),
    multiShot: t.field({ type: MultiShotInputRef }),
  }),
});

builder.objectRef<View<TextToVideoInput>>('TextToVideoRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    negativePrompt: t.string({ nullable: true, resolve: (r) => opt(r.negativePrompt) }),
    cfgScale: t.float({ nullable: true, resolve: (r) => opt(r.cfgScale) }),
    mode: t.field({ type: VideoModeEnum, nullable: true, resolve: (r) => mode(r.mode) }),
    sound: t.boolean({ nullable: true, resolve: (r) => opt(r.sound) }),
    voiceIds: t.stringList({ nullable: true, resolve: (r) => opt(r.voiceIds) }),
    cameraControl: t.field({ type: CameraControl, nullable: true, resolve: (r) => opt(r.cameraControl) }),
    aspectRatio: t.field({ type: AspectRatioEnum, nullable: true, resolve: (r) => opt(r.aspectRatio) }),
    duration: t.int({ nullable: true, description: 'Seconds; null means Kling\'s default, 5.', resolve: (r) => opt(r.duration) }),
    multiShot: t.field({ type: MultiShot, nullable: true, resolve: (r) => opt(r.multiShot) }),
  }),
});

export const textToVideoSchema: CapabilitySchema = { input };
