import { CAPABILITY_SPECS, durationAllowed, type Capability } from '../kling/capabilities.js';

/**
 * The parameter checks Kling runs on a create request, as pure functions, so the sandbox answers bad
 * requests the way Kling does (HTTP 400 / code 1201, or 404 / 1203 for an unknown model). The gateway
 * validates first; these exist so a gateway bug shows up as an upstream error in tests, not a silent pass.
 */

export interface Rejection {
  httpStatus: number;
  code: number;
  message: string;
}

type Body = Record<string, unknown>;

const MAX_PROMPT = 2500;
const MAX_SHOT_PROMPT = 512;
const MODES = ['std', 'pro', '4k'];
const RATIOS = ['16:9', '9:16', '1:1'];

const invalid = (message: string): Rejection => ({ httpStatus: 400, code: 1201, message });

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function checkText(body: Body, field: string, max: number): Rejection | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return invalid(`${field} must be a string`);
  if (value.length > max) return invalid(`${field} is longer than ${max} characters`);
  return undefined;
}

function checkMultiShot(body: Body): Rejection | undefined {
  if (body.multi_shot !== true) return undefined;
  if (body.shot_type === 'intelligence') return undefined;
  const shots = body.multi_prompt;
  if (!Array.isArray(shots) || shots.length < 1 || shots.length > 6) {
    return invalid('multi_prompt must hold 1 to 6 shots');
  }
  let total = 0;
  for (const shot of shots as Body[]) {
    if (!isNonEmptyString(shot.prompt) || shot.prompt.length > MAX_SHOT_PROMPT) {
      return invalid(`multi_prompt prompt must be 1 to ${MAX_SHOT_PROMPT} characters`);
    }
    total += Number(shot.duration);
  }
  if (body.duration !== undefined && total !== Number(body.duration)) {
    return invalid('multi_prompt durations must add up to duration');
  }
  return undefined;
}

function checkRequired(capability: Capability, body: Body): Rejection | undefined {
  const multiShot = body.multi_shot === true;
  switch (capability) {
    case 'TEXT_TO_VIDEO':
    case 'OMNI_VIDEO':
      return multiShot || isNonEmptyString(body.prompt) ? undefined : invalid('prompt is required');
    case 'IMAGE_TO_VIDEO':
      return isNonEmptyString(body.image) || isNonEmptyString(body.image_tail)
        ? undefined
        : invalid('image or image_tail is required');
    case 'MULTI_IMAGE_TO_VIDEO': {
      const list = body.image_list;
      if (!Array.isArray(list) || list.length < 1 || list.length > 4) return invalid('image_list must hold 1 to 4 images');
      return isNonEmptyString(body.prompt) ? undefined : invalid('prompt is required');
    }
    case 'MOTION_CONTROL':
      for (const field of ['image_url', 'video_url', 'character_orientation', 'mode']) {
        if (!isNonEmptyString(body[field])) return invalid(`${field} is required`);
      }
      return undefined;
  }
}

/** The first reason Kling would refuse this create request, or undefined when it would accept it. */
export function checkCreateRequest(capability: Capability, body: unknown): Rejection | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid('body must be a JSON object');
  const b = body as Body;
  const spec = CAPABILITY_SPECS[capability];
  const model = b.model_name ?? spec.defaultModel;
  if (typeof model !== 'string' || !spec.models.includes(model)) {
    return { httpStatus: 404, code: 1203, message: `model ${String(model)} does not exist` };
  }
  if (b.mode !== undefined && !MODES.includes(b.mode as string)) return invalid('mode is invalid');
  if (b.aspect_ratio !== undefined && !RATIOS.includes(b.aspect_ratio as string)) return invalid('aspect_ratio is invalid');
  if (b.duration !== undefined && !durationAllowed(model, Number(b.duration))) {
    return invalid(`duration ${String(b.duration)} is not supported by ${model}`);
  }
  return (
    checkText(b, 'prompt', MAX_PROMPT) ??
    checkText(b, 'negative_prompt', MAX_PROMPT) ??
    checkRequired(capability, b) ??
    checkMultiShot(b)
  );
}
