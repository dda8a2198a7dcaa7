import type { WireCommon, WireMode } from '../../kling/wire.js';
import { defineCapability, type CommonInput, type Issue } from '../module.js';
import { requireFields } from '../shared/checks.js';
import type { Opt } from '../shared/inputs.js';
import { modelIssues } from '../shared/rules.js';
import { compact, elements, yesNo, type Body } from '../shared/wire-body.js';

export interface WireMotionControl extends WireCommon {
  prompt?: string;
  image_url: string;
  video_url: string;
  keep_original_sound?: 'yes' | 'no';
  character_orientation: 'image' | 'video';
  mode: WireMode;
  element_list?: { element_id: number }[];
}

export interface MotionControlInput extends CommonInput {
  image: string;
  video: string;
  characterOrientation: 'image' | 'video';
  mode: WireMode;
  prompt?: Opt<string>;
  keepOriginalSound?: Opt<boolean>;
  elementIds?: Opt<string[]>;
}

const models = { models: ['kling-v2-6', 'kling-v3'], defaultModel: 'kling-v2-6', multiShotModels: [], soundModels: [] };

export function motionControlIssues(input: MotionControlInput): Issue[] {
  const issues: Issue[] = [];
  const model = modelIssues(models, input, issues);
  if (input.elementIds?.length) {
    if (model !== 'kling-v3') issues.push({ path: ['elementIds'], message: 'Elements need kling-v3.' });
    else if (input.characterOrientation !== 'video') {
      issues.push({ path: ['elementIds'], message: 'Elements need characterOrientation: VIDEO.' });
    }
  }
  return issues;
}

export function motionControlBody(input: MotionControlInput): Body<WireMotionControl> {
  return compact({
    prompt: input.prompt,
    image_url: input.image,
    video_url: input.video,
    keep_original_sound: yesNo(input.keepOriginalSound),
    character_orientation: input.characterOrientation,
    mode: input.mode,
    element_list: elements(input.elementIds),
  });
}

export const motionControl = defineCapability<MotionControlInput>({
  path: '/v1/videos/motion-control',
  models,
  watermark: true,
  results: 'videos',
  graphql: {
    mutation: 'createMotionControl',
    input: 'MotionControlInput',
    request: 'MotionControlRequest',
    description: 'Start a video of a character doing the motion of a reference video.',
  },
  rules: motionControlIssues,
  body: motionControlBody,
  check: (body) => requireFields(body, ['image_url', 'video_url', 'character_orientation', 'mode']),
  // Kling decides the length: the reference video's.
  seconds: () => null,
  example: {
    input: { image: 'https://example.test/c.png', video: 'https://example.test/d.mp4', characterOrientation: 'VIDEO', mode: 'STD' },
    wire: { image_url: 'https://example.test/c.png', video_url: 'https://example.test/d.mp4', character_orientation: 'video', mode: 'std' },
  },
  invalid: [['elements on kling-v2-6', { image: 'i', video: 'v', characterOrientation: 'VIDEO', mode: 'STD', elementIds: ['1'] }, 'input.elementIds']],
});
