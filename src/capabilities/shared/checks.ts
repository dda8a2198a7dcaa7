/** Building blocks of the sandbox's per-endpoint checks: Kling answers a bad parameter with 400 / 1201. */
import type { Rejection } from '../module.js';

type Body = Record<string, unknown>;

export const invalid = (message: string): Rejection => ({ httpStatus: 400, code: 1201, message });

export const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function checkText(body: Body, field: string, max: number): Rejection | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return invalid(`${field} must be a string`);
  if (value.length > max) return invalid(`${field} is longer than ${max} characters`);
  return undefined;
}

export function requireFields(body: Body, fields: readonly string[]): Rejection | undefined {
  for (const field of fields) if (!isNonEmptyString(body[field])) return invalid(`${field} is required`);
  return undefined;
}

/** Kling's "either ... or ... (mutually exclusive)". */
export function requireOneOf(body: Body, a: string, b: string): Rejection | undefined {
  const given = [a, b].filter((key) => isNonEmptyString(body[key])).length;
  return given === 1 ? undefined : invalid(`exactly one of ${a} and ${b} is required`);
}

export const MAX_PROMPT = 2500;
const MAX_SHOT_PROMPT = 512;

export function checkMultiShot(body: Body): Rejection | undefined {
  if (body.multi_shot !== true) return undefined;
  if (body.shot_type === 'intelligence') return undefined;
  const shots = body.multi_prompt;
  if (!Array.isArray(shots) || shots.length < 1 || shots.length > 6) return invalid('multi_prompt must hold 1 to 6 shots');
  let total = 0;
  for (const shot of shots as Body[]) {
    if (!isNonEmptyString(shot.prompt) || shot.prompt.length > MAX_SHOT_PROMPT) {
      return invalid(`multi_prompt prompt must be 1 to ${MAX_SHOT_PROMPT} characters`);
    }
    total += Number(shot.duration);
  }
  if (body.duration !== undefined && total !== Number(body.duration)) return invalid('multi_prompt durations must add up to duration');
  return undefined;
}
