import type { WireCameraControl, WireCommon, WireMode, WireMultiShot, WireOnOff } from '../../kling/wire.js';
import { defineCapability, type CommonInput, type Issue } from '../module.js';
import { checkMultiShot, invalid, isNonEmptyString } from '../shared/checks.js';
import type { CameraControlInput, DynamicMaskInput, MultiShotInput, Opt } from '../shared/inputs.js';
import { modelIssues } from '../shared/rules.js';
import { camera, compact, elements, multiShot, onOff, seconds, voices, type Body } from '../shared/wire-body.js';

export interface WireImageToVideo extends WireCommon, WireMultiShot {
  image?: string;
  image_tail?: string;
  prompt?: string;
  negative_prompt?: string;
  cfg_scale?: number;
  mode?: WireMode;
  sound?: WireOnOff;
  voice_list?: { voice_id: string }[];
  element_list?: { element_id: number }[];
  static_mask?: string;
  dynamic_masks?: { mask: string; trajectories: { x: number; y: number }[] }[];
  camera_control?: WireCameraControl;
  duration?: string;
}

export interface ImageToVideoInput extends CommonInput {
  image?: Opt<string>;
  imageTail?: Opt<string>;
  prompt?: Opt<string>;
  negativePrompt?: Opt<string>;
  cfgScale?: Opt<number>;
  mode?: Opt<WireMode>;
  sound?: Opt<boolean>;
  voiceIds?: Opt<string[]>;
  elementIds?: Opt<string[]>;
  staticMask?: Opt<string>;
  dynamicMasks?: Opt<DynamicMaskInput[]>;
  cameraControl?: Opt<CameraControlInput>;
  duration?: Opt<number>;
  multiShot?: Opt<MultiShotInput>;
}

const models = {
  models: ['kling-v1', 'kling-v1-5', 'kling-v1-6', 'kling-v2-master', 'kling-v2-1', 'kling-v2-1-master', 'kling-v2-5-turbo', 'kling-v2-6', 'kling-v3'],
  defaultModel: 'kling-v3',
  multiShotModels: ['kling-v3'],
  soundModels: ['kling-v2-6', 'kling-v3'],
};

export function imageToVideoIssues(input: ImageToVideoInput): Issue[] {
  const issues: Issue[] = [];
  const model = modelIssues(models, input, issues);
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

export function imageToVideoBody(input: ImageToVideoInput): Body<WireImageToVideo> {
  return compact({
    image: input.image,
    image_tail: input.imageTail,
    prompt: input.prompt,
    negative_prompt: input.negativePrompt,
    cfg_scale: input.cfgScale,
    mode: input.mode,
    sound: onOff(input.sound),
    voice_list: voices(input.voiceIds),
    element_list: elements(input.elementIds),
    static_mask: input.staticMask,
    dynamic_masks: input.dynamicMasks?.map((m) => ({ mask: m.mask, trajectories: m.trajectories.map(({ x, y }) => ({ x, y })) })),
    camera_control: camera(input.cameraControl),
    duration: seconds(input.duration),
    ...multiShot(input.multiShot, input.duration),
  });
}

export const imageToVideo = defineCapability<ImageToVideoInput>({
  path: '/v1/videos/image2video',
  models,
  watermark: true,
  results: 'videos',
  graphql: {
    mutation: 'createImageToVideo',
    input: 'ImageToVideoInput',
    request: 'ImageToVideoRequest',
    description: 'Start a video from a first frame, a last frame, or both.',
  },
  rules: imageToVideoIssues,
  body: imageToVideoBody,
  check: (body) =>
    (isNonEmptyString(body.image) || isNonEmptyString(body.image_tail) ? undefined : invalid('image or image_tail is required')) ??
    checkMultiShot(body),
  example: {
    input: { image: 'https://example.test/first.png', prompt: 'zoom out', mode: 'PRO' },
    wire: { image: 'https://example.test/first.png', prompt: 'zoom out', mode: 'pro' },
  },
  invalid: [
    ['neither image', { prompt: 'p' }, 'input.image'],
    ['imageTail and camera together', { image: 'i', imageTail: 't', cameraControl: { type: 'DOWN_BACK' } }, 'input.cameraControl'],
  ],
});
