import type { Capability } from '../capabilities/registry.js';
import { imageToVideoSchema } from '../capabilities/image-to-video/schema.js';
import { lipSyncSchema } from '../capabilities/lip-sync/schema.js';
import { motionControlSchema } from '../capabilities/motion-control/schema.js';
import { multiImageToVideoSchema } from '../capabilities/multi-image-to-video/schema.js';
import { omniVideoSchema } from '../capabilities/omni-video/schema.js';
import { avatarSchema } from '../capabilities/avatar/schema.js';
import { textToAudioSchema } from '../capabilities/text-to-audio/schema.js';
import { textToVideoSchema } from '../capabilities/text-to-video/schema.js';
import { videoEffectsSchema } from '../capabilities/video-effects/schema.js';
import { videoToAudioSchema } from '../capabilities/video-to-audio/schema.js';
import { videoExtendSchema } from '../capabilities/video-extend/schema.js';
import { addCreateMutations, type CapabilitySchema } from './create-mutation.js';

/** The GraphQL half of every capability module: a capability missing here fails the compiler. */
const CAPABILITY_SCHEMAS: Record<Capability, CapabilitySchema> = {
  TEXT_TO_VIDEO: textToVideoSchema,
  IMAGE_TO_VIDEO: imageToVideoSchema,
  MULTI_IMAGE_TO_VIDEO: multiImageToVideoSchema,
  MOTION_CONTROL: motionControlSchema,
  OMNI_VIDEO: omniVideoSchema,
  VIDEO_EXTEND: videoExtendSchema,
  VIDEO_EFFECTS: videoEffectsSchema,
  AVATAR: avatarSchema,
  TEXT_TO_AUDIO: textToAudioSchema,
  VIDEO_TO_AUDIO: videoToAudioSchema,
  LIP_SYNC: lipSyncSchema,
};

addCreateMutations(CAPABILITY_SCHEMAS);
