import { z } from 'zod';
import { CAPABILITY_SPECS } from '../kling/capabilities.js';
import type { ImageToVideoInput } from '../resolvers/inputs.js';
import { imageToVideoIssues } from '../resolvers/validation.js';
import { builder } from './builder.js';
import { addCreateMutation, commonInputFields } from './create-mutation.js';
import { VideoModeEnum } from './enums.js';
import { check, rules } from './input-checks.js';
import { CameraControlInputRef, DynamicMaskInputRef, limits, MultiShotInputRef } from './shared-inputs.js';

const spec = CAPABILITY_SPECS.IMAGE_TO_VIDEO;

export const ImageToVideoInputRef = builder.inputRef<ImageToVideoInput>('ImageToVideoInput').implement({
  description: 'Choose one of: imageTail, motion masks, cameraControl.',
  ...rules(imageToVideoIssues),
  fields: (t) => ({
    ...commonInputFields(t, 'image to video', spec.defaultModel),
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

addCreateMutation('createImageToVideo', 'IMAGE_TO_VIDEO', ImageToVideoInputRef, 'Start a video from a first frame, a last frame, or both.');
