import type { WireCommon } from '../../kling/wire.js';
import { defineCapability, type CommonInput, type Issue } from '../module.js';
import { checkText, requireOneOf } from '../shared/checks.js';
import type { Opt } from '../shared/inputs.js';
import { sourceVideo } from '../shared/source-video.js';
import { compact, type Body } from '../shared/wire-body.js';
import { AUDIO_PROMPT_MAX } from '../text-to-audio/index.js';

/** `POST /v1/audio/video-to-audio`: no `model_name`, no `watermark_info`. */
export interface WireVideoToAudio extends Omit<WireCommon, 'model_name' | 'watermark_info'> {
  video_id?: string;
  video_url?: string;
  sound_effect_prompt?: string;
  bgm_prompt?: string;
  asmr_mode?: boolean;
}

export interface VideoToAudioInput extends CommonInput {
  /** A gateway task whose video gets sound; or give `videoId` or `videoUrl`. */
  sourceTask?: Opt<string>;
  videoId?: Opt<string>;
  videoUrl?: Opt<string>;
  soundEffectPrompt?: Opt<string>;
  bgmPrompt?: Opt<string>;
  asmrMode?: Opt<boolean>;
}

export function videoToAudioIssues(input: VideoToAudioInput): Issue[] {
  const given = (['sourceTask', 'videoId', 'videoUrl'] as const).filter((key) => input[key]);
  return given.length === 1 ? [] : [{ path: ['sourceTask'], message: 'Give exactly one of sourceTask, videoId and videoUrl.' }];
}

export const videoToAudio = defineCapability<VideoToAudioInput>({
  path: '/v1/audio/video-to-audio',
  standInModel: 'video-to-audio',
  watermark: false,
  results: 'audios',
  graphql: {
    mutation: 'createVideoToAudio',
    input: 'VideoToAudioInput',
    request: 'VideoToAudioRequest',
    description: 'Start a sound track for a 3 to 20 s video; the sound is in audios, the video with it in videos.',
  },
  rules: videoToAudioIssues,
  async resolve(input, lookup, now) {
    if (!input.sourceTask) return input;
    const source = await sourceVideo(input.sourceTask, lookup, now, 'sourceTask');
    return Array.isArray(source) ? source : { ...input, videoId: source.videoId };
  },
  body: (input): Body<WireVideoToAudio> =>
    compact({
      video_id: input.videoId,
      video_url: input.videoUrl,
      sound_effect_prompt: input.soundEffectPrompt,
      bgm_prompt: input.bgmPrompt,
      asmr_mode: input.asmrMode,
    }),
  check: (body) =>
    requireOneOf(body, 'video_id', 'video_url') ?? checkText(body, 'sound_effect_prompt', AUDIO_PROMPT_MAX) ?? checkText(body, 'bgm_prompt', AUDIO_PROMPT_MAX),
  seconds: () => null,
  example: {
    input: { videoUrl: 'https://example.test/clip.mp4', soundEffectPrompt: 'footsteps on gravel', asmrMode: true },
    wire: { video_url: 'https://example.test/clip.mp4', sound_effect_prompt: 'footsteps on gravel', asmr_mode: true },
  },
  invalid: [
    ['no video', { bgmPrompt: 'jazz' }, 'input.sourceTask'],
    ['two videos', { videoId: '1', videoUrl: 'https://example.test/a.mp4' }, 'input.sourceTask'],
  ],
});
