/**
 * One row per Kling video capability: its endpoint, the models Kling accepts there, the model we
 * recommend, and how long a video each model can make. Adding a capability is adding a row here and
 * a mapper in `src/resolvers/mappers.ts`.
 */

export const CAPABILITIES = [
  'TEXT_TO_VIDEO',
  'IMAGE_TO_VIDEO',
  'MULTI_IMAGE_TO_VIDEO',
  'MOTION_CONTROL',
  'OMNI_VIDEO',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Allowed whole-second durations for a model. */
export type DurationRule = { kind: 'set'; values: readonly number[] } | { kind: 'range'; min: number; max: number };

export interface CapabilitySpec {
  /** Path below the base URL; the task query is `${path}/${taskId}`. */
  path: string;
  models: readonly string[];
  defaultModel: string;
  /** Models that take `multi_shot`. */
  multiShotModels: readonly string[];
  /** Models that take `sound`. */
  soundModels: readonly string[];
}

const FIVE_OR_TEN: DurationRule = { kind: 'set', values: [5, 10] };

/** Duration rules by model, shared by every capability that offers the model. */
export const MODEL_DURATIONS: Readonly<Record<string, DurationRule>> = {
  'kling-v3': { kind: 'range', min: 3, max: 15 },
  'kling-v3-omni': { kind: 'range', min: 3, max: 15 },
  'kling-video-o1': { kind: 'range', min: 3, max: 10 },
};

export function durationRule(model: string): DurationRule {
  return MODEL_DURATIONS[model] ?? FIVE_OR_TEN;
}

export function durationAllowed(model: string, seconds: number): boolean {
  const rule = durationRule(model);
  return rule.kind === 'set' ? rule.values.includes(seconds) : seconds >= rule.min && seconds <= rule.max;
}

export function describeDurationRule(rule: DurationRule): string {
  return rule.kind === 'set' ? rule.values.join(' or ') : `${rule.min} to ${rule.max}`;
}

export const CAPABILITY_SPECS: Readonly<Record<Capability, CapabilitySpec>> = {
  TEXT_TO_VIDEO: {
    path: '/v1/videos/text2video',
    models: ['kling-v1', 'kling-v1-6', 'kling-v2-master', 'kling-v2-1-master', 'kling-v2-5-turbo', 'kling-v2-6', 'kling-v3'],
    defaultModel: 'kling-v3',
    multiShotModels: ['kling-v3'],
    soundModels: ['kling-v2-6', 'kling-v3'],
  },
  IMAGE_TO_VIDEO: {
    path: '/v1/videos/image2video',
    models: [
      'kling-v1',
      'kling-v1-5',
      'kling-v1-6',
      'kling-v2-master',
      'kling-v2-1',
      'kling-v2-1-master',
      'kling-v2-5-turbo',
      'kling-v2-6',
      'kling-v3',
    ],
    defaultModel: 'kling-v3',
    multiShotModels: ['kling-v3'],
    soundModels: ['kling-v2-6', 'kling-v3'],
  },
  MULTI_IMAGE_TO_VIDEO: {
    path: '/v1/videos/multi-image2video',
    models: ['kling-v1-6'],
    defaultModel: 'kling-v1-6',
    multiShotModels: [],
    soundModels: [],
  },
  MOTION_CONTROL: {
    path: '/v1/videos/motion-control',
    models: ['kling-v2-6', 'kling-v3'],
    defaultModel: 'kling-v2-6',
    multiShotModels: [],
    soundModels: [],
  },
  OMNI_VIDEO: {
    path: '/v1/videos/omni-video',
    models: ['kling-video-o1', 'kling-v3-omni'],
    defaultModel: 'kling-video-o1',
    multiShotModels: ['kling-v3-omni'],
    soundModels: ['kling-v3-omni'],
  },
};

/** `cfg_scale` is not accepted by the kling-v2.x family. */
export function supportsCfgScale(model: string): boolean {
  return !model.startsWith('kling-v2');
}
