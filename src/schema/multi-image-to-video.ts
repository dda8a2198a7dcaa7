import { z } from 'zod';
import { CAPABILITY_SPECS } from '../kling/capabilities.js';
import type { MultiImageToVideoInput } from '../resolvers/inputs.js';
import { multiImageToVideoIssues } from '../resolvers/validation.js';
import { builder } from './builder.js';
import { addCreateMutation, commonInputFields } from './create-mutation.js';
import { AspectRatioEnum, VideoModeEnum } from './enums.js';
import { check, rules } from './input-checks.js';
import { limits } from './shared-inputs.js';

const spec = CAPABILITY_SPECS.MULTI_IMAGE_TO_VIDEO;

export const MultiImageToVideoInputRef = builder.inputRef<MultiImageToVideoInput>('MultiImageToVideoInput').implement({
  ...rules(multiImageToVideoIssues),
  fields: (t) => ({
    ...commonInputFields(t, 'multi-image to video', spec.defaultModel),
    images: t.stringList({
      required: true,
      description: '1 to 4 reference images: URLs or Base64.',
      ...check(z.array(limits.media).min(1, 'At least 1 image.').max(4, 'At most 4 images.')),
    }),
    prompt: t.string({ required: true, ...check(limits.prompt.min(1, 'A prompt is required.')) }),
    negativePrompt: t.string({ ...check(limits.prompt) }),
    mode: t.field({ type: VideoModeEnum }),
    duration: t.int({ description: 'Seconds: 5 or 10.' }),
    aspectRatio: t.field({ type: AspectRatioEnum }),
  }),
});

addCreateMutation('createMultiImageToVideo', 'MULTI_IMAGE_TO_VIDEO', MultiImageToVideoInputRef, 'Start a video from up to 4 reference images.');
