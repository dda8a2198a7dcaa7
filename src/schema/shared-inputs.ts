import { z } from 'zod';
import type { CameraConfigInput, CameraControlInput, DynamicMaskInput, MultiShotInput, PointInput, ShotInput } from '../capabilities/shared/inputs.js';
import { check } from './input-checks.js';
import { builder } from './builder.js';
import { CameraControlTypeEnum, ShotTypeEnum } from './enums.js';

/** Kling's limits on single fields, stated once for every input that has them. */
export const limits = {
  prompt: z.string().max(2500, 'At most 2500 characters.'),
  shotPrompt: z.string().min(1, 'A shot needs a prompt.').max(512, 'At most 512 characters per shot.'),
  cfgScale: z.number().min(0, 'Between 0 and 1.').max(1, 'Between 0 and 1.'),
  cameraAxis: z.number().min(-10, 'Between -10 and 10.').max(10, 'Between -10 and 10.'),
  externalTaskId: z.string().min(1, 'Must not be empty.').max(128, 'At most 128 characters.'),
  media: z.string().min(1, 'Give a URL or Base64 data.').max(14_000_000, 'At most 10 MB of Base64 data.'),
  shotDuration: z.number().int().min(1, 'A shot lasts at least 1 second.'),
  voiceIds: z.array(z.string()).max(2, 'At most 2 voices.'),
} as const;

export const ShotInputRef = builder.inputRef<ShotInput>('ShotInput').implement({
  fields: (t) => ({
    prompt: t.string({ required: true, ...check(limits.shotPrompt) }),
    duration: t.int({ required: true, description: 'Seconds.', ...check(limits.shotDuration) }),
  }),
});

export const MultiShotInputRef = builder.inputRef<MultiShotInput>('MultiShotInput').implement({
  description: 'Several shots in one video (kling-v3 and kling-v3-omni).',
  fields: (t) => ({
    shotType: t.field({ type: ShotTypeEnum, required: true }),
    shots: t.field({ type: [ShotInputRef], description: 'CUSTOMIZE: 1 to 6 shots whose durations add up to the video\'s.' }),
  }),
});

export const CameraConfigInputRef = builder.inputRef<CameraConfigInput>('CameraConfigInput').implement({
  description: 'Exactly one axis non-zero, each in [-10, 10].',
  fields: (t) => ({
    horizontal: t.float({ ...check(limits.cameraAxis) }),
    vertical: t.float({ ...check(limits.cameraAxis) }),
    pan: t.float({ ...check(limits.cameraAxis) }),
    tilt: t.float({ ...check(limits.cameraAxis) }),
    roll: t.float({ ...check(limits.cameraAxis) }),
    zoom: t.float({ ...check(limits.cameraAxis) }),
  }),
});

export const CameraControlInputRef = builder.inputRef<CameraControlInput>('CameraControlInput').implement({
  fields: (t) => ({
    type: t.field({ type: CameraControlTypeEnum, required: true }),
    config: t.field({ type: CameraConfigInputRef, description: 'Only for SIMPLE.' }),
  }),
});

export const PointInputRef = builder.inputRef<PointInput>('PointInput').implement({
  description: 'A pixel position, origin at the bottom left.',
  fields: (t) => ({ x: t.int({ required: true }), y: t.int({ required: true }) }),
});

export const DynamicMaskInputRef = builder.inputRef<DynamicMaskInput>('DynamicMaskInput').implement({
  fields: (t) => ({
    mask: t.string({ required: true, ...check(limits.media) }),
    trajectories: t.field({
      type: [PointInputRef],
      required: true,
      ...check(z.array(z.any()).min(2, 'At least 2 points.').max(77, 'At most 77 points.')),
    }),
  }),
});
