import type { WireAspectRatio, WireCameraControl, WireCommon, WireMode, WireMultiShot, WireOnOff } from '../../kling/wire.js';
import { defineCapability } from '../module.js';
import { checkMultiShot, invalid, isNonEmptyString } from '../shared/checks.js';
import type { CameraControlInput, MultiShotInput, Opt } from '../shared/inputs.js';
import { customizedShots, modelIssues } from '../shared/rules.js';
import { camera, compact, multiShot, onOff, seconds, voices, type Body } from '../shared/wire-body.js';
import type { CommonInput, Issue } from '../module.js';

export interface WireTextToVideo extends WireCommon, WireMultiShot {
  prompt?: string;
  negative_prompt?: string;
  cfg_scale?: number;
  mode?: WireMode;
  sound?: WireOnOff;
  voice_list?: { voice_id: string }[];
  camera_control?: WireCameraControl;
  aspect_ratio?: WireAspectRatio;
  duration?: string;
}

export interface TextToVideoInput extends CommonInput {
  prompt?: Opt<string>;
  negativePrompt?: Opt<string>;
  cfgScale?: Opt<number>;
  mode?: Opt<WireMode>;
  sound?: Opt<boolean>;
  voiceIds?: Opt<string[]>;
  cameraControl?: Opt<CameraControlInput>;
  aspectRatio?: Opt<WireAspectRatio>;
  duration?: Opt<number>;
  multiShot?: Opt<MultiShotInput>;
}

const models = {
  models: ['kling-v1', 'kling-v1-6', 'kling-v2-master', 'kling-v2-1-master', 'kling-v2-5-turbo', 'kling-v2-6', 'kling-v3'],
  defaultModel: 'kling-v3',
  multiShotModels: ['kling-v3'],
  soundModels: ['kling-v2-6', 'kling-v3'],
};

export function textToVideoIssues(input: TextToVideoInput): Issue[] {
  const issues: Issue[] = [];
  modelIssues(models, input, issues);
  if (!input.prompt && !customizedShots(input.multiShot)) {
    issues.push({ path: ['prompt'], message: 'A prompt is required (unless multiShot is CUSTOMIZE).' });
  }
  return issues;
}

export function textToVideoBody(input: TextToVideoInput): Body<WireTextToVideo> {
  return compact({
    prompt: input.prompt ?? undefined,
    negative_prompt: input.negativePrompt,
    cfg_scale: input.cfgScale,
    mode: input.mode,
    sound: onOff(input.sound),
    voice_list: voices(input.voiceIds),
    camera_control: camera(input.cameraControl),
    aspect_ratio: input.aspectRatio,
    duration: seconds(input.duration),
    ...multiShot(input.multiShot, input.duration),
  });
}

export const textToVideo = defineCapability<TextToVideoInput>({
  path: '/v1/videos/text2video',
  models,
  watermark: true,
  results: 'videos',
  graphql: { mutation: 'createTextToVideo', input: 'TextToVideoInput', request: 'TextToVideoRequest', description: 'Start a video from a prompt.' },
  rules: textToVideoIssues,
  body: textToVideoBody,
  check: (body) =>
    (body.multi_shot === true || isNonEmptyString(body.prompt) ? undefined : invalid('prompt is required')) ??
    checkMultiShot(body),
  example: {
    input: { prompt: 'a red fox in fresh snow', aspectRatio: 'RATIO_16_9', duration: 5 },
    wire: { prompt: 'a red fox in fresh snow', aspect_ratio: '16:9', duration: '5' },
  },
  invalid: [
    ['no prompt', { mode: 'STD' }, 'input.prompt'],
    ['unknown model', { prompt: 'p', model: 'kling-v9' }, 'input.model'],
  ],
});
