import { z } from 'zod';
import { builder } from '../../schema/builder.js';
import { commonInputFields, type CapabilitySchema } from '../../schema/create-mutation.js';
import { check, rules } from '../../schema/input-checks.js';
import { limits } from '../../schema/shared-inputs.js';
import { MediaReference, mediaView, opt, VideoTaskRequest, type View } from '../../schema/video-task-request.js';
import { TWO_IMAGE_EFFECT_SCENES, videoEffects, type VideoEffectsInput } from './index.js';

const input = builder.inputRef<VideoEffectsInput>('VideoEffectsInput').implement({
  description: `A scene takes one image, or two for the two-person scenes: ${TWO_IMAGE_EFFECT_SCENES.join(', ')}.`,
  ...rules(videoEffects.rules),
  fields: (t) => ({
    ...commonInputFields(t, 'video effects', videoEffects),
    effectScene: t.string({ required: true, description: 'Kling\'s scene name, e.g. hug_pro, daily_ootd (README, "Capabilities", lists the known ones).' }),
    image: t.string({ description: 'A URL or Base64; jpg/png, up to 10 MB.', ...check(limits.media) }),
    images: t.stringList({ description: 'Two-person scenes: [left, right].', ...check(z.array(limits.media).length(2, 'Exactly 2 images.')) }),
  }),
});

builder.objectRef<View<VideoEffectsInput>>('VideoEffectsRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    effectScene: t.string({ resolve: (r) => r.effectScene }),
    // Named apart from other requests' `image`/`images`, whose types differ, so one query can ask for all.
    effectImages: t.field({
      type: [MediaReference],
      description: 'The image, or the two images, given.',
      resolve: (r) => (r.image ? [r.image] : opt(r.images) ?? []).map((image) => mediaView(image)!),
    }),
  }),
});

export const videoEffectsSchema: CapabilitySchema = { input };
