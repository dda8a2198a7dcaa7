/**
 * Rules more than one capability applies: the model's, multi-shot's and the camera's. Pure
 * functions from an input to the issues found in it; paths are relative to the input object.
 */
import type { Issue, ModelRules } from '../module.js';
import type { CameraControlInput, MultiShotInput } from './inputs.js';
import { DEFAULT_DURATION, describeDurationRule, durationAllowed, durationRule, supportsCfgScale } from './models.js';

export const MAX_SHOTS = 6;

export function resolveModel(rules: ModelRules, model: string | null | undefined): string {
  return model ?? rules.defaultModel;
}

interface ModelFields {
  model?: string | null;
  duration?: number | null;
  cfgScale?: number | null;
  sound?: boolean | null;
  voiceIds?: string[] | null;
  multiShot?: MultiShotInput | null;
  cameraControl?: CameraControlInput | null;
}

/** The rules that depend on the model; returns the model used. */
export function modelIssues(rules: ModelRules, input: ModelFields, issues: Issue[]): string {
  const model = resolveModel(rules, input.model);
  if (!rules.models.includes(model)) {
    issues.push({ path: ['model'], message: `Unknown model "${model}"; use one of ${rules.models.join(', ')}.` });
    return model;
  }
  if (input.duration != null && !durationAllowed(model, input.duration)) {
    issues.push({ path: ['duration'], message: `${model} makes videos of ${describeDurationRule(durationRule(model))} seconds.` });
  }
  if (input.cfgScale != null && !supportsCfgScale(model)) {
    issues.push({ path: ['cfgScale'], message: `${model} does not take cfgScale.` });
  }
  if (input.sound && !rules.soundModels.includes(model)) {
    issues.push({ path: ['sound'], message: `${model} cannot generate sound; use ${rules.soundModels.join(' or ') || 'another capability'}.` });
  }
  if (input.voiceIds?.length && !input.sound) {
    issues.push({ path: ['voiceIds'], message: 'Voices need sound: true.' });
  }
  if (input.multiShot) multiShotIssues(rules, model, input.multiShot, input.duration, issues);
  if (input.cameraControl) cameraIssues(input.cameraControl, issues);
  return model;
}

function multiShotIssues(rules: ModelRules, model: string, multiShot: MultiShotInput, duration: number | null | undefined, issues: Issue[]): void {
  if (!rules.multiShotModels.includes(model)) {
    issues.push({ path: ['multiShot'], message: `${model} does not make multi-shot videos; use ${rules.multiShotModels.join(' or ')}.` });
    return;
  }
  const shots = multiShot.shots ?? [];
  if (multiShot.shotType === 'intelligence') {
    if (shots.length) issues.push({ path: ['multiShot', 'shots'], message: 'INTELLIGENCE picks its own shots; leave shots out.' });
    return;
  }
  if (shots.length < 1 || shots.length > MAX_SHOTS) {
    issues.push({ path: ['multiShot', 'shots'], message: `CUSTOMIZE needs 1 to ${MAX_SHOTS} shots.` });
    return;
  }
  const total = duration ?? DEFAULT_DURATION;
  const sum = shots.reduce((acc, shot) => acc + shot.duration, 0);
  if (sum !== total) {
    issues.push({ path: ['multiShot', 'shots'], message: `Shot durations add up to ${sum} s; they must add up to the duration, ${total} s.` });
  }
}

const CAMERA_AXES = ['horizontal', 'vertical', 'pan', 'tilt', 'roll', 'zoom'] as const;

function cameraIssues(camera: CameraControlInput, issues: Issue[]): void {
  if (camera.type !== 'simple') {
    if (camera.config) issues.push({ path: ['cameraControl', 'config'], message: 'Only a SIMPLE camera move takes a config.' });
    return;
  }
  const moving = CAMERA_AXES.filter((axis) => (camera.config?.[axis] ?? 0) !== 0);
  if (moving.length !== 1) {
    issues.push({ path: ['cameraControl', 'config'], message: 'A SIMPLE camera move sets exactly one non-zero axis.' });
  }
}

export const customizedShots = (multiShot: MultiShotInput | null | undefined) => multiShot?.shotType === 'customize';

/** Exactly one of two alternative fields (Kling's "either ... or", mutually exclusive). */
export function exactlyOne<T extends object>(input: T, a: keyof T & string, b: keyof T & string, issues: Issue[]): void {
  const given = [a, b].filter((key) => input[key] != null && (input[key] as unknown) !== '');
  if (given.length !== 1) issues.push({ path: [a], message: `Give exactly one of ${a} and ${b}.` });
}
