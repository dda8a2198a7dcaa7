import type { WireCommon } from '../../kling/wire.js';
import { defineCapability, type CommonInput, type Issue } from '../module.js';
import { invalid, requireFields } from '../shared/checks.js';
import type { Opt } from '../shared/inputs.js';
import { exactlyOne } from '../shared/rules.js';
import { sourceVideo } from '../shared/source-video.js';
import { compact, type Body } from '../shared/wire-body.js';

/** `POST /v1/videos/video-extend`: takes no `model_name` and no `watermark_info`. */
export interface WireVideoExtend extends Omit<WireCommon, 'model_name' | 'watermark_info'> {
  video_id: string;
  prompt?: string;
  negative_prompt?: string;
  cfg_scale?: number;
}

export interface VideoExtendInput extends CommonInput {
  /** A gateway task (the id a create returned) whose video is extended; or give `videoId`. */
  sourceTask?: Opt<string>;
  /** Kling's id of the video (`videos[].id`); set from `sourceTask` when that is given. */
  videoId?: Opt<string>;
  prompt?: Opt<string>;
  negativePrompt?: Opt<string>;
  cfgScale?: Opt<number>;
}

/** Kling's limit on a video extended again and again. */
export const MAX_EXTENDED_SECONDS = 180;
/** What one extension adds (Kling: 4 to 5 s). */
export const EXTENSION_SECONDS = 5;

export function videoExtendIssues(input: VideoExtendInput): Issue[] {
  const issues: Issue[] = [];
  exactlyOne(input, 'sourceTask', 'videoId', issues);
  return issues;
}

export const videoExtend = defineCapability<VideoExtendInput>({
  path: '/v1/videos/video-extend',
  standInModel: 'video-extend',
  watermark: false,
  results: 'videos',
  graphql: {
    mutation: 'createVideoExtend',
    input: 'VideoExtendInput',
    request: 'VideoExtendRequest',
    description: 'Extend a finished video by 4 to 5 seconds (up to 3 minutes in all; videos up to 30 days old).',
  },
  rules: videoExtendIssues,
  async resolve(input, lookup, now) {
    if (!input.sourceTask) return input;
    const source = await sourceVideo(input.sourceTask, lookup, now, 'sourceTask');
    if (Array.isArray(source)) return source;
    if (source.duration !== null && source.duration + EXTENSION_SECONDS > MAX_EXTENDED_SECONDS) {
      return [{ path: ['sourceTask'], message: `The video is ${source.duration} s; extended it would pass Kling's ${MAX_EXTENDED_SECONDS} s.` }];
    }
    return { ...input, videoId: source.videoId };
  },
  body: (input): Body<WireVideoExtend> =>
    compact({ video_id: input.videoId!, prompt: input.prompt, negative_prompt: input.negativePrompt, cfg_scale: input.cfgScale }),
  check: (body) =>
    requireFields(body, ['video_id']) ??
    (body.cfg_scale !== undefined && !(typeof body.cfg_scale === 'number' && body.cfg_scale >= 0 && body.cfg_scale <= 1)
      ? invalid('cfg_scale must be between 0 and 1')
      : undefined),
  seconds: () => EXTENSION_SECONDS,
  example: {
    input: { videoId: '860000000000000001', prompt: 'the camera keeps rising' },
    wire: { video_id: '860000000000000001', prompt: 'the camera keeps rising' },
  },
  invalid: [
    ['neither a task nor a video', { prompt: 'p' }, 'input.sourceTask'],
    ['both a task and a video', { sourceTask: 'VmlkZW9UYXNrOng=', videoId: '1' }, 'input.sourceTask'],
    ['an unknown task', { sourceTask: 'VmlkZW9UYXNrOnVua25vd24=' }, 'input.sourceTask'],
  ],
});
