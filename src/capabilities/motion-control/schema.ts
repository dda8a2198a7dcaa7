import { z } from 'zod';
import { builder } from '../../schema/builder.js';
import { commonInputFields, type CapabilitySchema } from '../../schema/create-mutation.js';
import { CharacterOrientationEnum, VideoModeEnum } from '../../schema/enums.js';
import { check, rules } from '../../schema/input-checks.js';
import { limits } from '../../schema/shared-inputs.js';
import { MediaReference, mediaView, mode, opt, VideoTaskRequest, type View } from '../../schema/video-task-request.js';
import { motionControl, type MotionControlInput } from './index.js';

const input = builder.inputRef<MotionControlInput>('MotionControlInput').implement({
  ...rules(motionControl.rules),
  fields: (t) => ({
    ...commonInputFields(t, 'motion control', motionControl),
    image: t.string({ required: true, description: 'The character: a URL or Base64; jpg/png, up to 10 MB.', ...check(limits.media) }),
    video: t.string({ required: true, description: 'The motion to copy: an mp4/mov URL, 3 to 30 s.', ...check(limits.media) }),
    characterOrientation: t.field({ type: CharacterOrientationEnum, required: true }),
    mode: t.field({ type: VideoModeEnum, required: true }),
    prompt: t.string({ ...check(limits.prompt) }),
    keepOriginalSound: t.boolean({ description: 'Keep the reference video\'s sound. Kling\'s default: yes.' }),
    elementIds: t.idList({ description: 'One element (kling-v3, orientation VIDEO).', ...check(z.array(z.string().regex(/^\d+$/, 'Element ids are numbers.')).max(1, 'At most 1 element.')) }),
  }),
});

builder.objectRef<View<MotionControlInput>>('MotionControlRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    image: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.image) }),
    video: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.video) }),
    characterOrientation: t.field({ type: CharacterOrientationEnum, nullable: true, resolve: (r) => opt(r.characterOrientation) }),
    mode: t.field({ type: VideoModeEnum, nullable: true, resolve: (r) => mode(r.mode) }),
    keepOriginalSound: t.boolean({ nullable: true, resolve: (r) => opt(r.keepOriginalSound) }),
    elementIds: t.idList({ nullable: true, resolve: (r) => opt(r.elementIds) }),
  }),
});

export const motionControlSchema: CapabilitySchema = { input };
