import { z } from 'zod';
import { CAPABILITY_SPECS } from '../kling/capabilities.js';
import type { ImageToVideoInput } from '../resolvers/inputs.js';
import { imageToVideoIssues } from '../resolvers/validation.js';
import { builder } from './builder.js';
import { addCreateMutation, commonInputFields } from './create-mutation.js';
import { VideoModeEnum } from './enums.js';
import { rulesSchema } from './rules-schema.js';
import { CameraControlInputRef, DynamicMaskInputRef, limits, MultiShotInputRef } from './shared-inputs.js';

const spec = CAPABILITY_SPECS.IMAGE_TO_VIDEO;

export const ImageToVideoInputRef = builder.inputRef<ImageToVideoInput>('ImageToVideoInput').implement({
  description: 'Choose one of: imageTail, motion masks, cameraControl.',
  validate: rulesSchema(imageToVideoIssues),
  fields: (t) => ({
    ...commonInputFields(t, 'image to video', spec.defaultModel),
    image: t.string({ description: 'First frame: a URL or Base64 (no data: prefix); jpg/png, up to 10 MB.', validate: limits.media }),
    imageTail: t.string({ description: 'Last frame, same formats.', validate: limits.media }),
    prompt: t.string({ validate: limits.prompt }),
    negativePrompt: t.string({ validate: limits.prompt }),
    cfgScale: t.float({ validate: limits.cfgScale }),
    mode: t.field({ type: VideoModeEnum }),
    sound: t.boolean(),
    voiceIds: t.stringList({ validate: limits.voiceIds }),
    elementIds: t.idList({ description: 'Up to 3 elements from your element library (kling-v3).', validate: z.array(z.string().regex(/^\d+$/, 'Element ids are numbers.')).max(3, 'At most 3 elements.') }),
    staticMask: t.string({ description: 'Motion brush: the area that stays still.', validate: limits.media }),
    dynamicMasks: t.field({ type: [DynamicMaskInputRef], description: 'Motion brush: up to 6 areas with their paths.', validate: z.array(z.any()).max(6, 'At most 6 masks.') }),
    cameraControl: t.field({ type: CameraControlInputRef }),
    duration: t.int({ description: 'Seconds: 5 or 10; 3 to 15 on kling-v3.' }),
    multiShot: t.field({ type: MultiShotInputRef }),
  }),
});

addCreateMutation('createImageToVideo', 'IMAGE_TO_VIDEO', ImageToVideoInputRef, 'Start a video from a first frame, a last frame, or both.');
