import type { WireCommon } from '../../kling/wire.js';
import { defineCapability, type CommonInput, type Issue } from '../module.js';
import { invalid, isNonEmptyString, requireFields } from '../shared/checks.js';
import type { Opt } from '../shared/inputs.js';
import { exactlyOne } from '../shared/rules.js';
import { compact, type Body } from '../shared/wire-body.js';

/**
 * Lip-sync is two calls: `identify-face` answers at once with a session and the faces in a video
 * (the `identifyFaces` mutation), then `advanced-lip-sync` is a task that makes one face speak.
 */
export const IDENTIFY_FACE_PATH = '/v1/videos/identify-face';

/** `POST /v1/videos/advanced-lip-sync`: no `model_name`. */
export interface WireLipSync extends Omit<WireCommon, 'model_name'> {
  session_id: string;
  /** Kling takes one face for now. */
  face_choose: {
    face_id: string;
    audio_id?: string;
    sound_file?: string;
    sound_start_time: number;
    sound_end_time: number;
    sound_insert_time: number;
    sound_volume?: number;
    original_audio_volume?: number;
  }[];
}

export interface LipSyncInput extends CommonInput {
  /** From `identifyFaces`. */
  sessionId: string;
  faceId: string;
  audioId?: Opt<string>;
  soundFile?: Opt<string>;
  /** The part of the sound used, ms from its start: at least 2 s long. */
  soundStartMs: number;
  soundEndMs: number;
  /** Where it goes in the video, ms from the video's start. */
  soundInsertMs: number;
  soundVolume?: Opt<number>;
  originalAudioVolume?: Opt<number>;
}

/** Kling's shortest stretch of sound, and the longest sound it takes. */
export const MIN_SOUND_MS = 2000;
export const MAX_SOUND_MS = 60_000;

export function lipSyncIssues(input: LipSyncInput): Issue[] {
  const issues: Issue[] = [];
  exactlyOne(input, 'audioId', 'soundFile', issues);
  const length = input.soundEndMs - input.soundStartMs;
  if (length < MIN_SOUND_MS || length > MAX_SOUND_MS) {
    issues.push({ path: ['soundEndMs'], message: `The sound used (soundEndMs - soundStartMs) must last 2 to 60 s; it lasts ${length} ms.` });
  }
  return issues;
}

export const lipSync = defineCapability<LipSyncInput>({
  path: '/v1/videos/advanced-lip-sync',
  standInModel: 'lip-sync',
  watermark: true,
  results: 'videos',
  graphql: {
    mutation: 'createLipSync',
    input: 'LipSyncInput',
    request: 'LipSyncRequest',
    description: 'Make a face found by identifyFaces speak the given sound.',
  },
  rules: lipSyncIssues,
  body: (input): Body<WireLipSync> => ({
    session_id: input.sessionId,
    face_choose: [
      compact({
        face_id: input.faceId,
        audio_id: input.audioId,
        sound_file: input.soundFile,
        sound_start_time: input.soundStartMs,
        sound_end_time: input.soundEndMs,
        sound_insert_time: input.soundInsertMs,
        sound_volume: input.soundVolume,
        original_audio_volume: input.originalAudioVolume,
      }),
    ],
  }),
  check: (body) => {
    const missing = requireFields(body, ['session_id']);
    if (missing) return missing;
    const faces = body.face_choose;
    if (!Array.isArray(faces) || faces.length !== 1) return invalid('face_choose must hold one face');
    const face = faces[0] as Record<string, unknown>;
    if (!isNonEmptyString(face.face_id)) return invalid('face_choose.face_id is required');
    if (isNonEmptyString(face.audio_id) === isNonEmptyString(face.sound_file)) return invalid('exactly one of audio_id and sound_file is required');
    for (const field of ['sound_start_time', 'sound_end_time', 'sound_insert_time']) {
      if (typeof face[field] !== 'number') return invalid(`face_choose.${field} is required`);
    }
    return undefined;
  },
  seconds: () => null,
  example: {
    input: { sessionId: 'session-1', faceId: '0', soundFile: 'https://example.test/line.mp3', soundStartMs: 0, soundEndMs: 3000, soundInsertMs: 500 },
    wire: {
      session_id: 'session-1',
      face_choose: [{ face_id: '0', sound_file: 'https://example.test/line.mp3', sound_start_time: 0, sound_end_time: 3000, sound_insert_time: 500 }],
    },
  },
  invalid: [
    ['a sound under 2 s', { sessionId: 's', faceId: '0', audioId: 'a', soundStartMs: 0, soundEndMs: 1500, soundInsertMs: 0 }, 'input.soundEndMs'],
    ['no sound', { sessionId: 's', faceId: '0', soundStartMs: 0, soundEndMs: 3000, soundInsertMs: 0 }, 'input.audioId'],
  ],
});
