/**
 * What the form may offer, read from the gateway's own capability modules (src/capabilities/,
 * bundled in: they are plain tables and functions), so models and durations are the ones the
 * server accepts.
 */
import { imageToVideo } from '../../src/capabilities/image-to-video/index.js';
import type { ModelRules } from '../../src/capabilities/module.js';
import { motionControl } from '../../src/capabilities/motion-control/index.js';
import { multiImageToVideo } from '../../src/capabilities/multi-image-to-video/index.js';
import { omniVideo } from '../../src/capabilities/omni-video/index.js';
import type { Capability as AnyCapability } from '../../src/capabilities/registry.js';
import { durationRule } from '../../src/capabilities/shared/models.js';
import { textToVideo } from '../../src/capabilities/text-to-video/index.js';

/** The capabilities the create form offers. */
const FORM_MODULES = {
  TEXT_TO_VIDEO: textToVideo,
  IMAGE_TO_VIDEO: imageToVideo,
  MULTI_IMAGE_TO_VIDEO: multiImageToVideo,
  MOTION_CONTROL: motionControl,
  OMNI_VIDEO: omniVideo,
};

export type Capability = keyof typeof FORM_MODULES;

export const CAPABILITY_LABELS: Record<Capability, string> = {
  TEXT_TO_VIDEO: 'Text to video',
  IMAGE_TO_VIDEO: 'Image to video',
  MULTI_IMAGE_TO_VIDEO: 'Multi-image to video',
  MOTION_CONTROL: 'Motion control',
  OMNI_VIDEO: 'Omni video',
};

/** Every kind of task the list may show: those made elsewhere (GraphiQL, an API client) too. */
export const KIND_LABELS: Record<AnyCapability, string> = {
  ...CAPABILITY_LABELS,
  VIDEO_EXTEND: 'Video extension',
  VIDEO_EFFECTS: 'Video effect',
  AVATAR: 'Avatar',
  TEXT_TO_AUDIO: 'Text to audio',
  VIDEO_TO_AUDIO: 'Video to audio',
  LIP_SYNC: 'Lip-sync',
};

// Every form capability has models; the cast names what the module type leaves optional.
const rules = (capability: Capability): ModelRules => FORM_MODULES[capability].models as ModelRules;

export const models = (capability: Capability): readonly string[] => rules(capability).models;
export const defaultModel = (capability: Capability): string => rules(capability).defaultModel;
export const takesMultiShot = (capability: Capability, model: string): boolean => rules(capability).multiShotModels.includes(model);
export const takesSound = (capability: Capability, model: string): boolean => rules(capability).soundModels.includes(model);

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
