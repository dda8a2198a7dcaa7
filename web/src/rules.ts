/**
 * What the form may offer, read from the gateway's own capability table (src/kling/capabilities.ts,
 * bundled in), so models and durations are the ones the server accepts.
 */
import { CAPABILITY_SPECS, durationRule, type Capability } from '../../src/kling/capabilities.js';

export type { Capability };

export const CAPABILITY_LABELS: Record<Capability, string> = {
  TEXT_TO_VIDEO: 'Text to video',
  IMAGE_TO_VIDEO: 'Image to video',
  MULTI_IMAGE_TO_VIDEO: 'Multi-image to video',
  MOTION_CONTROL: 'Motion control',
  OMNI_VIDEO: 'Omni video',
};

export const models = (capability: Capability): readonly string[] => CAPABILITY_SPECS[capability].models;
export const defaultModel = (capability: Capability): string => CAPABILITY_SPECS[capability].defaultModel;
export const takesMultiShot = (capability: Capability, model: string): boolean =>
  CAPABILITY_SPECS[capability].multiShotModels.includes(model);
export const takesSound = (capability: Capability, model: string): boolean => CAPABILITY_SPECS[capability].soundModels.includes(model);

/** Every whole-second duration the model makes, for a select. */
export function durations(model: string): number[] {
  const rule = durationRule(model);
  if (rule.kind === 'set') return [...rule.values];
  return Array.from({ length: rule.max - rule.min + 1 }, (_, i) => rule.min + i);
}

/** 5 s where the model makes it (Kling's default), else its shortest. */
export function defaultDuration(model: string): number {
  const options = durations(model);
  return options.includes(5) ? 5 : options[0]!;
}

export const MAX_SHOTS = 6;
export const MAX_MULTI_IMAGES = 4;
export const MAX_PROMPT = 2500;
