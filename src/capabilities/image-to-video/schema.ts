import { z } from 'zod';
import { builder } from '../../schema/builder.js';
import { commonInputFields, type CapabilitySchema } from '../../schema/create-mutation.js';
import { VideoModeEnum } from '../../schema/enums.js';
import { check, rules } from '../../schema/input-checks.js';
import { CameraControlInputRef, DynamicMaskInputRef, limits, MultiShotInputRef } from '../../schema/shared-inputs.js';
import { CameraControl, DynamicMask, MediaReference, mediaView, mode, MultiShot, opt, VideoTaskRequest, type View } from '../../schema/video-task-request.js';
import { imageToVideo, type ImageToVideoInput } from './index.js';

const input = builder.inputRef<ImageToVideoInput>('ImageToVideoInput').implement({
  description: 'Choose one of: imageTail, motion masks, cameraControl.',
  ...rules(imageToVideo.rules),
  fields: (t) => ({
    ...commonInputFields(t, 'image to video', imageToVideo),
    image: t.string({ description: 'First frame: a URL or Base64 (no data: prefix); jpg/png, up to 10 MB.', ...check(limits.media) }),
    imageTail: t.string({ description: 'Last frame, same formats.', ...check(limits.media) }),
    prompt: t.string({ ...check(limits.prompt) }),
    negativePrompt: t.string({ ...check(limits.prompt) }),
    cfgScale: t.float({ ...check(limits.cfgScale) }),
    mode: t.field({ type: VideoModeEnum }),
    sound: t.boolean(),
    voiceIds: t.stringList({ ...check(limits.voiceIds) }),
    elementIds: t.idList({ description: 'Up to 3 elements from your element library (kling-v3).', ...check(z.array(z.string().regex(/^\d+$/, 'Element ids are numbers.')).max(3, 'At most 3 elements.')) }),
    staticMask: t.string({ description: 'Motion brush: the area that stays still.', ...check(limits.media) }),
    dynamicMasks: t.field({ type: [DynamicMaskInputRef], description: 'Motion brush: up to 6 areas with their paths.', ...check(z.array(z.any()).max(6, 'At most 6 masks.')) }),
    cameraControl: t.field({ type: CameraControlInputRef }),
    duration: t.int({ description: 'Seconds: 5 or 10; 3 to 15 on kling-v3.' }),
    multiShot: t.field({ type: MultiShotInputRef }),
  }),
});

builder.objectRef<View<ImageToVideoInput>>('ImageToVideoRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    image: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.image) }),
    imageTail: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.imageTail) }),
    negativePrompt: t.string({ nullable: true, resolve: (r) => opt(r.negativePrompt) }),
    cfgScale: t.float({ nullable: true, resolve: (r) => opt(r.cfgScale) }),
    mode: t.field({ type: VideoModeEnum, nullable: true, resolve: (r) => mode(r.mode) }),
    sound: t.boolean({ nullable: true, resolve: (r) => opt(r.sound) }),
    voiceIds: t.stringList({ nullable: true, resolve: (r) => opt(r.voiceIds) }),
    elementIds: t.idList({ nullable: true, resolve: (r) => opt(r.elementIds) }),
    staticMask: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.staticMask) }),
    dynamicMasks: t.field({ type: [DynamicMask], nullable: true, resolve: (r) => opt(r.dynamicMasks) }),
    cameraControl: t.field({ type: CameraControl, nullable: true, resolve: (r) => opt(r.cameraControl) }),
    duration: t.int({ nullable: true, description: 'Seconds; null means Kling\'s default, 5.', resolve: (r) => opt(r.duration) }),
    multiShot: t.field({ type: MultiShot, nullable: true, resolve: (r) => opt(r.multiShot) }),
  }),
});

export const imageToVideoSchema: CapabilitySchema = { input };
