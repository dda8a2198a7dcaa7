import type { WireAspectRatio, WireCommon, WireMode } from '../../kling/wire.js';
import { defineCapability, type CommonInput, type Issue } from '../module.js';
import { invalid, isNonEmptyString } from '../shared/checks.js';
import type { Opt } from '../shared/inputs.js';
import { modelIssues } from '../shared/rules.js';
import { compact, seconds, type Body } from '../shared/wire-body.js';

export interface WireMultiImageToVideo extends WireCommon {
  image_list: { image: string }[];
  prompt: string;
  negative_prompt?: string;
  mode?: WireMode;
  duration?: string;
  aspect_ratio?: WireAspectRatio;
}

export interface MultiImageToVideoInput extends CommonInput {
  images: string[];
  prompt: string;
  negativePrompt?: Opt<string>;
  mode?: Opt<WireMode>;
  duration?: Opt<number>;
  aspectRatio?: Opt<WireAspectRatio>;
}

const models = { models: ['kling-v1-6'], defaultModel: 'kling-v1-6', multiShotModels: [], soundModels: [] };

export function multiImageToVideoIssues(input: MultiImageToVideoInput): Issue[] {
  const issues: Issue[] = [];
  modelIssues(models, input, issues);
  return issues;
}

export function multiImageToVideoBody(input: MultiImageToVideoInput): Body<WireMultiImageToVideo> {
  return compact({
    image_list: input.images.map((image) => ({ image })),
    prompt: input.prompt,
    negative_prompt: input.negativePrompt,
    mode: input.mode,
    duration: seconds(input.duration),
    aspect_ratio: input.aspectRatio,
  });
}

export const multiImageToVideo = defineCapability<MultiImageToVideoInput>({
  path: '/v1/videos/multi-image2video',
  models,
  watermark: true,
  results: 'videos',
  graphql: {
    mutation: 'createMultiImageToVideo',
    input: 'MultiImageToVideoInput',
    request: 'MultiImageToVideoRequest',
    description: 'Start a video from up to 4 reference images.',
  },
  rules: multiImageToVideoIssues,
  body: multiImageToVideoBody,
  check: (body) => {
    const list = body.image_list;
    if (!Array.isArray(list) || list.length < 1 || list.length > 4) return invalid('image_list must hold 1 to 4 images');
    return isNonEmptyString(body.prompt) ? undefined : invalid('prompt is required');
  },
  example: {
    input: { images: ['https://example.test/1.png', 'aGVsbG8='], prompt: 'two friends', aspectRatio: 'RATIO_9_16' },
    wire: { image_list: [{ image: 'https://example.test/1.png' }, { image: 'aGVsbG8=' }], prompt: 'two friends', aspect_ratio: '9:16' },
  },
  invalid: [['5 images', { images: ['a', 'b', 'c', 'd', 'e'], prompt: 'p' }, 'input.images']],
});
