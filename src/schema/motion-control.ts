import { z } from 'zod';
import { CAPABILITY_SPECS } from '../kling/capabilities.js';
import type { MotionControlInput } from '../resolvers/inputs.js';
import { motionControlIssues } from '../resolvers/validation.js';
import { builder } from './builder.js';
import { addCreateMutation, commonInputFields } from './create-mutation.js';
import { CharacterOrientationEnum, VideoModeEnum } from './enums.js';
import { check, rules } from './input-checks.js';
import { limits } from './shared-inputs.js';

const spec = CAPABILITY_SPECS.MOTION_CONTROL;

export const MotionControlInputRef = builder.inputRef<MotionControlInput>('MotionControlInput').implement({
  ...rules(motionControlIssues),
  fields: (t) => ({
    ...commonInputFields(t, 'motion control', spec.defaultModel),
    image: t.string({ required: true, description: 'The character: a URL or Base64; jpg/png, up to 10 MB.', ...check(limits.media) }),
    video: t.string({ required: true, description: 'The motion to copy: an mp4/mov URL, 3 to 30 s.', ...check(limits.media) }),
    characterOrientation: t.field({ type: CharacterOrientationEnum, required: true }),
    mode: t.field({ type: VideoModeEnum, required: true }),
    prompt: t.string({ ...check(limits.prompt) }),
    keepOriginalSound: t.boolean({ description: 'Keep the reference video\'s sound. Kling\'s default: yes.' }),
    elementIds: t.idList({ description: 'One element (kling-v3, orientation VIDEO).', ...check(z.array(z.string().regex(/^\d+$/, 'Element ids are numbers.')).max(1, 'At most 1 element.')) }),
  }),
});

addCreateMutation('createMotionControl', 'MOTION_CONTROL', MotionControlInputRef, 'Start a video of a character doing the motion of a reference video.');
