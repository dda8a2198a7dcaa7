import type { WireCommon, WireMode } from '../../kling/wire.js';
import { defineCapability, type CommonInput, type Issue } from '../module.js';
import { requireFields, requireOneOf } from '../shared/checks.js';
import type { Opt } from '../shared/inputs.js';
import { exactlyOne } from '../shared/rules.js';
import { compact, type Body } from '../shared/wire-body.js';

/** `POST /v1/videos/avatar/image2video`: no `model_name`; `mode` picks the quality. */
export interface WireAvatar extends Omit<WireCommon, 'model_name'> {
  image: string;
  audio_id?: string;
  sound_file?: string;
  prompt?: string;
  mode?: Exclude<WireMode, '4k'>;
}

export interface AvatarInput extends CommonInput {
  image: string;
  /** A sound made by Kling's text-to-speech in the last 30 days, 2 to 300 s; or give `soundFile`. */
  audioId?: Opt<string>;
  /** A URL or Base64: mp3/wav/m4a/aac, up to 5 MB, 2 to 300 s. */
  soundFile?: Opt<string>;
  prompt?: Opt<string>;
  mode?: Opt<WireMode>;
}

export function avatarIssues(input: AvatarInput): Issue[] {
  const issues: Issue[] = [];
  exactlyOne(input, 'audioId', 'soundFile', issues);
  return issues;
}

export const avatar = defineCapability<AvatarInput>({
  path: '/v1/videos/avatar/image2video',
  standInModel: 'avatar',
  watermark: true,
  results: 'videos',
  graphql: {
    mutation: 'createAvatar',
    input: 'AvatarInput',
    request: 'AvatarRequest',
    description: 'Start a talking avatar: a portrait that speaks the given audio.',
  },
  rules: avatarIssues,
  body: (input): Body<WireAvatar> =>
    compact({ image: input.image, audio_id: input.audioId, sound_file: input.soundFile, prompt: input.prompt, mode: input.mode === '4k' ? undefined : input.mode }),
  check: (body) => requireFields(body, ['image']) ?? requireOneOf(body, 'audio_id', 'sound_file'),
  // As long as its audio, which only Kling measures.
  seconds: () => null,
  example: {
    input: { image: 'https://example.test/face.png', soundFile: 'https://example.test/hello.mp3', mode: 'PRO' },
    wire: { image: 'https://example.test/face.png', sound_file: 'https://example.test/hello.mp3', mode: 'pro' },
  },
  invalid: [
    ['no audio', { image: 'https://example.test/face.png' }, 'input.audioId'],
    ['both audio kinds', { image: 'i', audioId: 'a', soundFile: 's' }, 'input.audioId'],
  ],
});
