import type { WireAspectRatio, WireCommon, WireMode, WireMultiShot, WireOnOff } from '../../kling/wire.js';
import { defineCapability, type CommonInput, type Issue } from '../module.js';
import { checkMultiShot, invalid, isNonEmptyString } from '../shared/checks.js';
import type { MultiShotInput, Opt } from '../shared/inputs.js';
import { customizedShots, modelIssues } from '../shared/rules.js';
import { compact, elements, multiShot, onOff, seconds, yesNo, type Body } from '../shared/wire-body.js';

export interface WireOmniVideo extends WireCommon, WireMultiShot {
  prompt?: string;
  image_list?: { image_url: string; type?: 'first_frame' | 'end_frame' }[];
  element_list?: { element_id: number }[];
  video_list?: { video_url: string; refer_type?: 'feature' | 'base'; keep_original_sound?: 'yes' | 'no' }[];
  sound?: WireOnOff;
  mode?: WireMode;
  aspect_ratio?: WireAspectRatio;
  duration?: string;
}

export interface OmniImageInput {
  url: string;
  frame?: Opt<'first_frame' | 'end_frame'>;
}

export interface OmniVideoReferenceInput {
  url: string;
  referType?: Opt<'feature' | 'base'>;
  keepOriginalSound?: Opt<boolean>;
}

export interface OmniVideoInput extends CommonInput {
  prompt?: Opt<string>;
  multiShot?: Opt<MultiShotInput>;
  images?: Opt<OmniImageInput[]>;
  elementIds?: Opt<string[]>;
  video?: Opt<OmniVideoReferenceInput>;
  sound?: Opt<boolean>;
  mode?: Opt<WireMode>;
  aspectRatio?: Opt<WireAspectRatio>;
  duration?: Opt<number>;
}

const models = {
  models: ['kling-video-o1', 'kling-v3-omni'],
  defaultModel: 'kling-video-o1',
  multiShotModels: ['kling-v3-omni'],
  soundModels: ['kling-v3-omni'],
};

/** Kling's cap on images plus elements, with and without a reference video. */
export const OMNI_REFERENCE_LIMIT = { withoutVideo: 7, withVideo: 4 } as const;

export function omniVideoIssues(input: OmniVideoInput): Issue[] {
  const issues: Issue[] = [];
  modelIssues(models, input, issues);
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

export function omniVideoBody(input: OmniVideoInput): Body<WireOmniVideo> {
  return compact({
    prompt: input.prompt,
    image_list: input.images?.map((image) => compact({ image_url: image.url, type: image.frame ?? undefined })),
    element_list: elements(input.elementIds),
    video_list: input.video
      ? [compact({ video_url: input.video.url, refer_type: input.video.referType ?? undefined, keep_original_sound: yesNo(input.video.keepOriginalSound) })]
      : undefined,
    sound: onOff(input.sound),
    mode: input.mode,
    aspect_ratio: input.aspectRatio,
    duration: seconds(input.duration),
    ...multiShot(input.multiShot, input.duration),
  });
}

export const omniVideo = defineCapability<OmniVideoInput>({
  path: '/v1/videos/omni-video',
  models,
  watermark: true,
  results: 'videos',
  graphql: {
    mutation: 'createOmniVideo',
    input: 'OmniVideoInput',
    request: 'OmniVideoRequest',
    description: 'Start an omni video: multi-shot, element, image and video references.',
  },
  rules: omniVideoIssues,
  body: omniVideoBody,
  check: (body) => (body.multi_shot === true || isNonEmptyString(body.prompt) ? undefined : invalid('prompt is required')) ?? checkMultiShot(body),
  example: {
    input: { prompt: '<<<image_1>>> in the rain', images: [{ url: 'https://example.test/f.png' }], aspectRatio: 'RATIO_1_1' },
    wire: { prompt: '<<<image_1>>> in the rain', image_list: [{ image_url: 'https://example.test/f.png' }], aspect_ratio: '1:1' },
  },
  invalid: [['no aspect ratio', { prompt: 'p' }, 'input.aspectRatio']],
});
