import { z } from 'zod';
import { builder } from '../../schema/builder.js';
import { commonInputFields, type CapabilitySchema } from '../../schema/create-mutation.js';
import { AspectRatioEnum, FrameTypeEnum, VideoModeEnum, VideoReferTypeEnum } from '../../schema/enums.js';
import { check, rules } from '../../schema/input-checks.js';
import { limits, MultiShotInputRef } from '../../schema/shared-inputs.js';
import { MediaReference, mediaView, mode, MultiShot, opt, VideoTaskRequest, type View } from '../../schema/video-task-request.js';
import { omniVideo, type OmniImageInput, type OmniVideoInput, type OmniVideoReferenceInput } from './index.js';

const OmniImageInputRef = builder.inputRef<OmniImageInput>('OmniImageInput').implement({
  description: 'A reference image, referenced in the prompt as <<<image_N>>> (N = position in the list).',
  fields: (t) => ({
    url: t.string({ required: true, description: 'A URL or Base64.', ...check(limits.media) }),
    frame: t.field({ type: FrameTypeEnum, description: 'Use it as the first or last frame; leave out for a plain reference.' }),
  }),
});

const OmniVideoReferenceInputRef = builder.inputRef<OmniVideoReferenceInput>('OmniVideoReferenceInput').implement({
  fields: (t) => ({
    url: t.string({ required: true, description: 'An mp4/mov URL, 3 to 10 s (15 s on kling-v3-omni).', ...check(limits.media) }),
    referType: t.field({ type: VideoReferTypeEnum, description: 'Kling\'s default: BASE.' }),
    keepOriginalSound: t.boolean(),
  }),
});

const input = builder.inputRef<OmniVideoInput>('OmniVideoInput').implement({
  ...rules(omniVideo.rules),
  fields: (t) => ({
    ...commonInputFields(t, 'omni video', omniVideo),
    prompt: t.string({ description: 'Reference inputs as <<<image_1>>>, <<<element_1>>>, <<<video_1>>>.', ...check(limits.prompt) }),
    multiShot: t.field({ type: MultiShotInputRef, description: 'kling-v3-omni only.' }),
    images: t.field({ type: [OmniImageInputRef] }),
    elementIds: t.idList({ ...check(z.array(z.string().regex(/^\d+$/, 'Element ids are numbers.'))) }),
    video: t.field({ type: OmniVideoReferenceInputRef, description: 'One reference video.' }),
    sound: t.boolean({ description: 'kling-v3-omni; must be off with a reference video.' }),
    mode: t.field({ type: VideoModeEnum, description: 'Kling\'s default here: PRO.' }),
    aspectRatio: t.field({ type: AspectRatioEnum, description: 'Required unless a FIRST_FRAME image or a BASE video sets it.' }),
    duration: t.int({ description: 'Seconds: 3 to 10 on kling-video-o1, 3 to 15 on kling-v3-omni.' }),
  }),
});

const OmniImage = builder.objectRef<OmniImageInput>('OmniImage').implement({
  fields: (t) => ({
    image: t.field({ type: MediaReference, resolve: (i) => mediaView(i.url)! }),
    frame: t.field({ type: FrameTypeEnum, nullable: true, resolve: (i) => opt(i.frame) }),
  }),
});

const OmniVideoReference = builder.objectRef<OmniVideoReferenceInput>('OmniVideoReference').implement({
  fields: (t) => ({
    video: t.field({ type: MediaReference, resolve: (v) => mediaView(v.url)! }),
    referType: t.field({ type: VideoReferTypeEnum, nullable: true, resolve: (v) => opt(v.referType) }),
    keepOriginalSound: t.boolean({ nullable: true, resolve: (v) => opt(v.keepOriginalSound) }),
  }),
});

builder.objectRef<View<OmniVideoInput>>('OmniVideoRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    multiShot: t.field({ type: MultiShot, nullable: true, resolve: (r) => opt(r.multiShot) }),
    // Named apart from the input's `images` and `video`: other requests have fields of those names
    // with other types, and one history query must be able to ask for all of them.
    referenceImages: t.field({ type: [OmniImage], nullable: true, description: 'The input\'s images.', resolve: (r) => opt(r.images) }),
    elementIds: t.idList({ nullable: true, resolve: (r) => opt(r.elementIds) }),
    referenceVideo: t.field({ type: OmniVideoReference, nullable: true, description: 'The input\'s video.', resolve: (r) => opt(r.video) }),
    sound: t.boolean({ nullable: true, resolve: (r) => opt(r.sound) }),
    mode: t.field({ type: VideoModeEnum, nullable: true, resolve: (r) => mode(r.mode) }),
    aspectRatio: t.field({ type: AspectRatioEnum, nullable: true, resolve: (r) => opt(r.aspectRatio) }),
    duration: t.int({ nullable: true, description: 'Seconds; null means Kling\'s default, 5.', resolve: (r) => opt(r.duration) }),
  }),
});

export const omniVideoSchema: CapabilitySchema = { input };
