import { z } from 'zod';
import { builder } from '../../schema/builder.js';
import { commonInputFields, type CapabilitySchema } from '../../schema/create-mutation.js';
import { AspectRatioEnum, VideoModeEnum } from '../../schema/enums.js';
import { check, rules } from '../../schema/input-checks.js';
import { limits } from '../../schema/shared-inputs.js';
import { MediaReference, mediaView, mode, opt, VideoTaskRequest, type View } from '../../schema/video-task-request.js';
import { multiImageToVideo, type MultiImageToVideoInput } from './index.js';

const input = builder.inputRef<MultiImageToVideoInput>('MultiImageToVideoInput').implement({
  ...rules(multiImageToVideo.rules),
  fields: (t) => ({
    ...commonInputFields(t, 'multi-image to video', multiImageToVideo),
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

builder.objectRef<View<MultiImageToVideoInput>>('MultiImageToVideoRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    images: t.field({ type: [MediaReference], resolve: (r) => (r.images ?? []).map((image) => mediaView(image)!) }),
    negativePrompt: t.string({ nullable: true, resolve: (r) => opt(r.negativePrompt) }),
    mode: t.field({ type: VideoModeEnum, nullable: true, resolve: (r) => mode(r.mode) }),
    duration: t.int({ nullable: true, description: 'Seconds; null means Kling\'s default, 5.', resolve: (r) => opt(r.duration) }),
    aspectRatio: t.field({ type: AspectRatioEnum, nullable: true, resolve: (r) => opt(r.aspectRatio) }),
  }),
});

export const multiImageToVideoSchema: CapabilitySchema = { input };
