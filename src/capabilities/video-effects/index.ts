import type { WireCommon } from '../../kling/wire.js';
import { defineCapability, type CommonInput, type Issue } from '../module.js';
import { invalid, isNonEmptyString } from '../shared/checks.js';
import type { Opt } from '../shared/inputs.js';
import { compact, type Body } from '../shared/wire-body.js';

/** `POST /v1/videos/effects`: no `model_name`, `mode`, `duration` or `watermark_info`. */
export interface WireVideoEffects extends Omit<WireCommon, 'model_name' | 'watermark_info'> {
  effect_scene: string;
  input: { image?: string; images?: string[] };
}

export interface VideoEffectsInput extends CommonInput {
  /** One of Kling's template scenes (219 of them), as Kling spells it: `hug_pro`, `daily_ootd`, ... */
  effectScene: string;
  /** The one image most scenes take. */
  image?: Opt<string>;
  /** The two images of a two-person scene (`TWO_IMAGE_EFFECT_SCENES`): left, then right. */
  images?: Opt<string[]>;
}

/**
 * The scenes Kling documents as taking two images (left and right of the composite). Every other
 * scene takes one image; Kling's list of the other 204 changes often, so the scene itself is a
 * string Kling checks (an unknown one is its 1201, `UPSTREAM_BAD_REQUEST`).
 */
export const TWO_IMAGE_EFFECT_SCENES: readonly string[] = [
  'pet_skateboard', 'daily_ootd', 'toss_run', 'switch_to_silk', 'studio_look', 'french_elegance', 'finger_swipe',
  'smooth_transition', 'kiss_pro', 'snow_night_kiss', 'eternal_kiss', 'cheers_2026', 'fight_pro', 'hug_pro', 'heart_gesture_pro',
];

const SCENE = /^[a-z0-9_]{1,64}$/;

export function videoEffectsIssues(input: VideoEffectsInput): Issue[] {
  const issues: Issue[] = [];
  if (!SCENE.test(input.effectScene)) {
    issues.push({ path: ['effectScene'], message: 'A scene name as Kling spells it: lower case letters, digits and _ (hug_pro).' });
    return issues;
  }
  const two = TWO_IMAGE_EFFECT_SCENES.includes(input.effectScene);
  if (two && (input.image || input.images?.length !== 2)) {
    issues.push({ path: ['images'], message: `${input.effectScene} takes two images (images: [left, right]) and no image.` });
  }
  if (!two && (!input.image || input.images?.length)) {
    issues.push({ path: ['image'], message: `${input.effectScene} takes one image (image) and no images.` });
  }
  return issues;
}

export const videoEffects = defineCapability<VideoEffectsInput>({
  path: '/v1/videos/effects',
  standInModel: 'video-effects',
  watermark: false,
  results: 'videos',
  graphql: {
    mutation: 'createVideoEffects',
    input: 'VideoEffectsInput',
    request: 'VideoEffectsRequest',
    description: 'Start a video from one of Kling\'s effect templates and one or two images.',
  },
  rules: videoEffectsIssues,
  body: (input): Body<WireVideoEffects> => ({
    effect_scene: input.effectScene,
    input: compact({ image: input.image, images: input.images }),
  }),
  check: (body) => {
    if (!isNonEmptyString(body.effect_scene)) return invalid('effect_scene is required');
    const given = body.input as { image?: unknown; images?: unknown } | undefined;
    if (typeof given !== 'object' || given === null) return invalid('input is required');
    const two = TWO_IMAGE_EFFECT_SCENES.includes(body.effect_scene);
    if (two) return Array.isArray(given.images) && given.images.length === 2 ? undefined : invalid('input.images must hold 2 images');
    return isNonEmptyString(given.image) ? undefined : invalid('input.image is required');
  },
  example: {
    input: { effectScene: 'hug_pro', images: ['https://example.test/left.png', 'https://example.test/right.png'] },
    wire: { effect_scene: 'hug_pro', input: { images: ['https://example.test/left.png', 'https://example.test/right.png'] } },
  },
  invalid: [
    ['a two-image scene with one image', { effectScene: 'hug_pro', image: 'https://example.test/a.png' }, 'input.images'],
    ['a one-image scene without it', { effectScene: 'bloombloom' }, 'input.image'],
    ['a scene not spelled as Kling does', { effectScene: 'Hug Pro', image: 'x' }, 'input.effectScene'],
  ],
});
