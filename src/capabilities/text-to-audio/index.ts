import type { WireCommon } from '../../kling/wire.js';
import { defineCapability, type CommonInput, type Issue } from '../module.js';
import { checkText, invalid, requireFields } from '../shared/checks.js';
import { compact, type Body } from '../shared/wire-body.js';

/** `POST /v1/audio/text-to-audio`: no `model_name`, no `watermark_info`. */
export interface WireTextToAudio extends Omit<WireCommon, 'model_name' | 'watermark_info'> {
  prompt: string;
  /** Seconds, 3.0 to 10.0, one decimal; a number here, unlike the video endpoints' strings. */
  duration: number;
}

export interface TextToAudioInput extends CommonInput {
  prompt: string;
  duration: number;
}

export const AUDIO_PROMPT_MAX = 200;

export function textToAudioIssues(input: TextToAudioInput): Issue[] {
  const issues: Issue[] = [];
  if (Math.round(input.duration * 10) !== input.duration * 10) {
    issues.push({ path: ['duration'], message: 'At most one decimal place (3.5).' });
  }
  return issues;
}

export const textToAudio = defineCapability<TextToAudioInput>({
  path: '/v1/audio/text-to-audio',
  standInModel: 'text-to-audio',
  watermark: false,
  results: 'audios',
  graphql: {
    mutation: 'createTextToAudio',
    input: 'TextToAudioInput',
    request: 'TextToAudioRequest',
    description: 'Start a sound (effects, music) from a description; the result is in audios.',
  },
  rules: textToAudioIssues,
  body: (input): Body<WireTextToAudio> => compact({ prompt: input.prompt, duration: input.duration }),
  check: (body) =>
    requireFields(body, ['prompt']) ??
    checkText(body, 'prompt', AUDIO_PROMPT_MAX) ??
    (typeof body.duration === 'number' && body.duration >= 3 && body.duration <= 10 ? undefined : invalid('duration must be 3.0 to 10.0')),
  seconds: (input) => input.duration,
  example: {
    input: { prompt: 'rain on a tin roof', duration: 4.5 },
    wire: { prompt: 'rain on a tin roof', duration: 4.5 },
  },
  invalid: [
    ['a duration of 11 s', { prompt: 'rain', duration: 11 }, 'input.duration'],
    ['two decimals', { prompt: 'rain', duration: 3.25 }, 'input.duration'],
    ['a prompt over 200 characters', { prompt: 'r'.repeat(201), duration: 3 }, 'input.prompt'],
  ],
});
