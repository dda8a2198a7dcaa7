import { CAPABILITY_SPECS } from '../kling/capabilities.js';
import type { TextToVideoInput } from '../resolvers/inputs.js';
import { textToVideoIssues } from '../resolvers/validation.js';
import { builder } from './builder.js';
import { addCreateMutation, commonInputFields } from './create-mutation.js';
import { AspectRatioEnum, VideoModeEnum } from './enums.js';
import { check, rules } from './input-checks.js';
import { CameraControlInputRef, limits, MultiShotInputRef } from './shared-inputs.js';

const spec = CAPABILITY_SPECS.TEXT_TO_VIDEO;

export const TextToVideoInputRef = builder.inputRef<TextToVideoInput>('TextToVideoInput').implement({
  ...rules(textToVideoIssues),
  fields: (t) => ({
    ...commonInputFields(t, 'text to video', spec.defaultModel),
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

addCreateMutation('createTextToVideo', 'TEXT_TO_VIDEO', TextToVideoInputRef, 'Start a video from a prompt.');
