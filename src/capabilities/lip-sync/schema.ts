import { z } from 'zod';
import { builder } from '../../schema/builder.js';
import { commonInputFields, taskLookup, type CapabilitySchema } from '../../schema/create-mutation.js';
import { check, inputIssues, rules } from '../../schema/input-checks.js';
import { limits } from '../../schema/shared-inputs.js';
import { inputError } from '../../schema/validation-issues.js';
import { MediaReference, mediaView, opt, VideoTaskRequest, type View } from '../../schema/video-task-request.js';
import type { WireIdentifiedFaces } from '../../kling/wire.js';
import { isUpstreamError } from '../../kling/errors.js';
import type { Issue } from '../module.js';
import { sourceVideo } from '../shared/source-video.js';
import { lipSync, type LipSyncInput } from './index.js';

const ms = z.number().int('Whole milliseconds.').min(0, 'Not negative.');
const volume = z.number().min(0, 'Between 0 and 2.').max(2, 'Between 0 and 2.');
const soundFile = z.string().min(1, 'Give a URL or Base64 data.').max(7_000_000, 'At most 5 MB of Base64 data.');

const input = builder.inputRef<LipSyncInput>('LipSyncInput').implement({
  description: 'Give audioId or soundFile, not both.',
  ...rules(lipSync.rules),
  fields: (t) => ({
    ...commonInputFields(t, 'lip-sync', lipSync),
    sessionId: t.string({ required: true, description: 'From identifyFaces (Kling keeps it 24 hours).', ...check(limits.externalTaskId) }),
    faceId: t.string({ required: true, description: 'One of the faces identifyFaces found.', ...check(limits.externalTaskId) }),
    audioId: t.string({ description: 'A sound from Kling\'s text-to-speech (last 30 days, 2 to 60 s).' }),
    soundFile: t.string({ description: 'A URL or Base64: mp3/wav/m4a/aac, up to 5 MB, 2 to 60 s.', ...check(soundFile) }),
    soundStartMs: t.int({ required: true, description: 'Start of the part of the sound used.', ...check(ms) }),
    soundEndMs: t.int({ required: true, description: 'End of it: 2 to 60 s after the start, within the sound.', ...check(ms) }),
    soundInsertMs: t.int({ required: true, description: 'Where it starts in the video; it must overlap the face\'s time on screen by 2 s.', ...check(ms) }),
    soundVolume: t.float({ description: '0 to 2. Kling\'s default: 1.', ...check(volume) }),
    originalAudioVolume: t.float({ description: '0 to 2. Kling\'s default: 1.', ...check(volume) }),
  }),
});

builder.objectRef<View<LipSyncInput>>('LipSyncRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    sessionId: t.string({ resolve: (r) => r.sessionId }),
    faceId: t.string({ resolve: (r) => r.faceId }),
    audioId: t.string({ nullable: true, resolve: (r) => opt(r.audioId) }),
    soundFile: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.soundFile) }),
    soundStartMs: t.int({ resolve: (r) => r.soundStartMs }),
    soundEndMs: t.int({ resolve: (r) => r.soundEndMs }),
    soundInsertMs: t.int({ resolve: (r) => r.soundInsertMs }),
  }),
});

/* identify-face: synchronous, so a mutation answering the session and faces rather than a task. */

interface IdentifyFacesInput {
  sourceTask?: string | null;
  videoId?: string | null;
  videoUrl?: string | null;
}

function identifyIssues(value: IdentifyFacesInput): Issue[] {
  const given = (['sourceTask', 'videoId', 'videoUrl'] as const).filter((key) => value[key]);
  if (given.length === 1) return [];
  return [{ path: ['sourceTask'], message: 'Give exactly one of sourceTask, videoId and videoUrl.' }];
}

const IdentifyFacesInputRef = builder.inputRef<IdentifyFacesInput>('IdentifyFacesInput').implement({
  description: 'The video whose faces to find: 2 to 60 s, 720p or 1080p. Give one of the three.',
  ...rules(identifyIssues),
  fields: (t) => ({
    sourceTask: t.id({ description: 'A task of yours that SUCCEEDED in the last 30 days.' }),
    videoId: t.string({ description: 'Kling\'s id of a video it made in the last 30 days.', ...check(limits.externalTaskId) }),
    videoUrl: t.string({ description: 'An mp4/mov URL, up to 100 MB.', ...check(limits.media) }),
  }),
});

interface Face {
  faceId: string;
  imageUrl: string;
  startMs: number;
  endMs: number;
}

const FaceRef = builder.objectRef<Face>('Face').implement({
  description: 'A face identifyFaces found, and when it is on screen.',
  fields: (t) => ({
    faceId: t.exposeString('faceId'),
    imageUrl: t.exposeString('imageUrl', { description: 'A picture of the face.' }),
    startMs: t.exposeInt('startMs'),
    endMs: t.exposeInt('endMs'),
  }),
});

const FaceIdentification = builder.objectRef<{ sessionId: string; faces: Face[] }>('FaceIdentification').implement({
  description: 'The session and faces to pass to createLipSync.',
  fields: (t) => ({
    sessionId: t.exposeString('sessionId', { description: 'Valid for 24 hours.' }),
    faces: t.field({ type: [FaceRef], resolve: (r) => r.faces }),
  }),
});

export const facesFromWire = (wire: WireIdentifiedFaces) => ({
  sessionId: wire.session_id,
  faces: (wire.face_data ?? []).map((face) => ({ faceId: String(face.face_id), imageUrl: face.face_image, startMs: face.start_time, endMs: face.end_time })),
});

builder.mutationField('identifyFaces', (t) =>
  t.field({
    type: FaceIdentification,
    description: 'Find the faces in a video for lip-sync (Kling answers at once, and bills it). Then call createLipSync.',
    args: { input: t.arg({ type: IdentifyFacesInputRef, required: true }) },
    resolve: async (_root, args, context, info) => {
      const inputType = info.parentType.getFields()[info.fieldName]!.args[0]!.type;
      const issues = inputIssues(inputType, args.input, 'input');
      if (issues.length > 0) throw inputError(issues);
      let videoId = args.input.videoId ?? undefined;
      if (args.input.sourceTask) {
        const source = await sourceVideo(args.input.sourceTask, taskLookup(context), Date.now(), 'sourceTask');
        if (Array.isArray(source)) throw inputError(source.map((issue) => ({ ...issue, path: ['input', ...issue.path] })));
        videoId = source.videoId;
      }
      try {
        return facesFromWire(await context.services.kling.identifyFaces(videoId ? { video_id: videoId } : { video_url: args.input.videoUrl! }));
      } catch (error) {
        throw isUpstreamError(error) ? error.toGraphQL() : error;
      }
    },
  }),
);

export const lipSyncSchema: CapabilitySchema = { input };
