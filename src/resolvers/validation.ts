/**
 * The rules that span fields or depend on the model: pure functions from an input to the issues
 * found in it, so they are tested without GraphQL. Single-field limits (lengths, ranges, list sizes)
 * sit next to the fields in `src/schema/`. Paths are relative to the input object.
 */
import {
  CAPABILITY_SPECS,
  describeDurationRule,
  durationAllowed,
  durationRule,
  supportsCfgScale,
  type Capability,
} from '../kling/capabilities.js';
import type {
  CameraControlInput,
  ImageToVideoInput,
  MotionControlInput,
  MultiImageToVideoInput,
  MultiShotInput,
  OmniVideoInput,
  TextToVideoInput,
} from './inputs.js';

export interface Issue {
  path: (string | number)[];
  message: string;
}

/** Kling's default when a create names no duration. */
export const DEFAULT_DURATION = 5;
export const MAX_SHOTS = 6;

export function resolveModel(capability: Capability, model: string | null | undefined): string {
  return model ?? CAPABILITY_SPECS[capability].defaultModel;
}

interface CommonFields {
  model?: string | null;
  duration?: number | null;
  cfgScale?: number | null;
  sound?: boolean | null;
  voiceIds?: string[] | null;
  multiShot?: MultiShotInput | null;
  cameraControl?: CameraControlInput | null;
}

function commonIssues(capability: Capability, input: CommonFields, issues: Issue[]): string {
  const spec = CAPABILITY_SPECS[capability];
  const model = resolveModel(capability, input.model);
  if (!spec.models.includes(model)) {
    issues.push({ path: ['model'], message: `Unknown model "${model}"; use one of ${spec.models.join(', ')}.` });
    return model;
  }
  if (input.duration != null && !durationAllowed(model, input.duration)) {
    issues.push({
      path: ['duration'],
      message: `${model} makes videos of ${describeDurationRule(durationRule(model))} seconds.`,
    });
  }
  if (input.cfgScale != null && !supportsCfgScale(model)) {
    issues.push({ path: ['cfgScale'], message: `${model} does not take cfgScale.` });
  }
  if (input.sound && !spec.soundModels.includes(model)) {
    issues.push({ path: ['sound'], message: `${model} cannot generate sound; use ${spec.soundModels.join(' or ') || 'another capability'}.` });
  }
  if (input.voiceIds?.length && !input.sound) {
    issues.push({ path: ['voiceIds'], message: 'Voices need sound: true.' });
  }
  if (input.multiShot) multiShotIssues(capability, model, input.multiShot, input.duration, issues);
  if (input.cameraControl) cameraIssues(input.cameraControl, issues);
  return model;
}

function multiShotIssues(
  capability: Capability,
  model: string,
  multiShot: MultiShotInput,
  duration: number | null | undefined,
  issues: Issue[],
): void {
  const spec = CAPABILITY_SPECS[capability];
  if (!spec.multiShotModels.includes(model)) {
    issues.push({ path: ['multiShot'], message: `${model} does not make multi-shot videos; use ${spec.multiShotModels.join(' or ')}.` });
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

const customizedShots = (multiShot: MultiShotInput | null | undefined) => multiShot?.shotType === 'customize';

export function textToVideoIssues(input: TextToVideoInput): Issue[] {
  const issues: Issue[] = [];
  commonIssues('TEXT_TO_VIDEO', input, issues);
  if (!input.prompt && !customizedShots(input.multiShot)) {
    issues.push({ path: ['prompt'], message: 'A prompt is required (unless multiShot is CUSTOMIZE).' });
  }
  return issues;
}

export function imageToVideoIssues(input: ImageToVideoInput): Issue[] {
  const issues: Issue[] = [];
  const model = commonIssues('IMAGE_TO_VIDEO', input, issues);
  if (!input.image && !input.imageTail) {
    issues.push({ path: ['image'], message: 'Give image, imageTail, or both.' });
  }
  const masks = Boolean(input.staticMask || input.dynamicMasks?.length);
  const groups = [input.imageTail ? 'imageTail' : '', masks ? 'staticMask/dynamicMasks' : '', input.cameraControl ? 'cameraControl' : ''].filter(Boolean);
  if (groups.length > 1) {
    issues.push({ path: [groups[1]!.split('/')[0]!], message: `${groups.join(', ')} cannot be combined; choose one.` });
  }
  if (masks && !input.image) issues.push({ path: ['image'], message: 'Motion masks need the image they apply to.' });
  if (input.elementIds?.length) {
    if (model !== 'kling-v3') issues.push({ path: ['elementIds'], message: 'Elements need kling-v3.' });
    if (input.voiceIds?.length) issues.push({ path: ['elementIds'], message: 'Elements and voices cannot be combined.' });
  }
  return issues;
}

export function multiImageToVideoIssues(input: MultiImageToVideoInput): Issue[] {
  const issues: Issue[] = [];
  commonIssues('MULTI_IMAGE_TO_VIDEO', input, issues);
  return issues;
}

export function motionControlIssues(input: MotionControlInput): Issue[] {
  const issues: Issue[] = [];
  const model = commonIssues('MOTION_CONTROL', input, issues);
  if (input.elementIds?.length) {
    if (model !== 'kling-v3') issues.push({ path: ['elementIds'], message: 'Elements need kling-v3.' });
    else if (input.characterOrientation !== 'video') {
      issues.push({ path: ['elementIds'], message: 'Elements need characterOrientation: VIDEO.' });
    }
  }
  return issues;
}

/** Kling's cap on images plus elements, with and without a reference video. */
export const OMNI_REFERENCE_LIMIT = { withoutVideo: 7, withVideo: 4 } as const;

export function omniVideoIssues(input: OmniVideoInput): Issue[] {
  const issues: Issue[] = [];
  commonIssues('OMNI_VIDEO', input, issues);
  const images = input.images ?? [];
  const references = images.length + (input.elementIds?.length ?? 0);
  const limit = input.video ? OMNI_REFERENCE_LIMIT.withVideo : OMNI_REFERENCE_LIMIT.withoutVideo;
  if (references > limit) {
    issues.push({ path: ['images'], message: `Images and elements together are at most ${limit}${input.video ? ' with a video' : ''}.` });
  }
  const firstFrames = images.filter((image) => image.frame === 'first_frame').length;
  const endFrames = images.filter((image) => image.frame === 'end_frame').length;
  if (firstFrames > 1 || endFrames > 1) {
    issues.push({ path: ['images'], message: 'At most one FIRST_FRAME and one END_FRAME image.' });
  }
  if (endFrames && !firstFrames) issues.push({ path: ['images'], message: 'An END_FRAME needs a FIRST_FRAME.' });
  const editsVideo = input.video?.referType === 'base';
  if (input.video && (firstFrames || endFrames) && editsVideo) {
    issues.push({ path: ['video', 'referType'], message: 'Editing a video (BASE) takes no first or end frame.' });
  }
  if (input.video && input.sound) issues.push({ path: ['sound'], message: 'Sound must be off when a video is referenced.' });
  if (!input.aspectRatio && !firstFrames && !editsVideo) {
    issues.push({ path: ['aspectRatio'], message: 'aspectRatio is required unless a FIRST_FRAME image or a BASE video sets it.' });
  }
  if (!input.prompt && !customizedShots(input.multiShot)) {
    issues.push({ path: ['prompt'], message: 'A prompt is required (unless multiShot is CUSTOMIZE).' });
  }
  return issues;
}
