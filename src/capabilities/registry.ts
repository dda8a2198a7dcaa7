/**
 * Every capability the gateway serves, one module each. The schema, the create flow, the upstream
 * client, the sandbox, the test matrix and the README's capability table all read this list; the
 * GraphQL side of each module is listed in `src/schema/capabilities.ts`, typed by the same names,
 * so a module missing there fails the compiler.
 */
import type { CapabilityModule, CommonInput } from './module.js';
import { imageToVideo } from './image-to-video/index.js';
import { lipSync } from './lip-sync/index.js';
import { motionControl } from './motion-control/index.js';
import { multiImageToVideo } from './multi-image-to-video/index.js';
import { omniVideo } from './omni-video/index.js';
import { avatar } from './avatar/index.js';
import { textToAudio } from './text-to-audio/index.js';
import { textToVideo } from './text-to-video/index.js';
import { videoEffects } from './video-effects/index.js';
import { videoToAudio } from './video-to-audio/index.js';
import { videoExtend } from './video-extend/index.js';

export const CAPABILITY_MODULES = {
  TEXT_TO_VIDEO: textToVideo,
  IMAGE_TO_VIDEO: imageToVideo,
  MULTI_IMAGE_TO_VIDEO: multiImageToVideo,
  MOTION_CONTROL: motionControl,
  OMNI_VIDEO: omniVideo,
  VIDEO_EXTEND: videoExtend,
  VIDEO_EFFECTS: videoEffects,
  AVATAR: avatar,
  TEXT_TO_AUDIO: textToAudio,
  VIDEO_TO_AUDIO: videoToAudio,
  LIP_SYNC: lipSync,
} as const;

export type Capability = keyof typeof CAPABILITY_MODULES;
export const CAPABILITIES = Object.keys(CAPABILITY_MODULES) as Capability[];

/** A capability's module with its input widened: the callers hold a stored or validated input. */
export const capabilityModule = (capability: Capability): CapabilityModule<CommonInput> =>
  CAPABILITY_MODULES[capability] as CapabilityModule<CommonInput>;

/** The model a task of this capability uses: the one asked for, the default, or the stand-in. */
export function modelFor(capability: Capability, model: string | null | undefined): string {
  const module = capabilityModule(capability);
  if (module.models) return model ?? module.models.defaultModel;
  return module.standInModel ?? capability.toLowerCase();
}
