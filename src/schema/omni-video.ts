import { z } from 'zod';
import { CAPABILITY_SPECS } from '../kling/capabilities.js';
import type { OmniImageInput, OmniVideoInput, OmniVideoReferenceInput } from '../resolvers/inputs.js';
import { omniVideoIssues } from '../resolvers/validation.js';
import { builder } from './builder.js';
import { addCreateMutation, commonInputFields } from './create-mutation.js';
import { AspectRatioEnum, FrameTypeEnum, VideoModeEnum, VideoReferTypeEnum } from './enums.js';
import { check, rules } from './input-checks.js';
import { limits, MultiShotInputRef } from './shared-inputs.js';

const spec = CAPABILITY_SPECS.OMNI_VIDEO;

export const OmniImageInputRef = builder.inputRef<OmniImageInput>('OmniImageInput').implement({
  description: 'A reference image, referenced in the prompt as <<<image_N>>> (N = position in the list).',
  fields: (t) => ({
    url: t.string({ required: true, description: 'A URL or Base64.', ...check(limits.media) }),
    frame: t.field({ type: FrameTypeEnum, description: 'Use it as the first or last frame; leave out for a plain reference.' }),
  }),
});

export const OmniVideoReferenceInputRef = builder.inputRef<OmniVideoReferenceInput>('OmniVideoReferenceInput').implement({
  fields: (t) => ({
    url: t.string({ required: true, description: 'An mp4/mov URL, 3 to 10 s (15 s on kling-v3-omni).', ...check(limits.media) }),
    referType: t.field({ type: VideoReferTypeEnum, description: 'Kling\'s default: BASE.' }),
    keepOriginalSound: t.boolean(),
  }),
});

export const OmniVideoInputRef = builder.inputRef<OmniVideoInput>('OmniVideoInput').implement({
  ...rules(omniVideoIssues),
  fields: (t) => ({
    ...commonInputFields(t, 'omni video', spec.defaultModel),
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

addCreateMutation('createOmniVideo', 'OMNI_VIDEO', OmniVideoInputRef, 'Start an omni video: multi-shot, element, image and video references.');
