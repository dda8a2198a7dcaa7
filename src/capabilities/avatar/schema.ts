import { z } from 'zod';
import { builder } from '../../schema/builder.js';
import { commonInputFields, type CapabilitySchema } from '../../schema/create-mutation.js';
import { VideoModeEnum } from '../../schema/enums.js';
import { check, rules } from '../../schema/input-checks.js';
import { limits } from '../../schema/shared-inputs.js';
import { MediaReference, mediaView, mode, opt, VideoTaskRequest, type View } from '../../schema/video-task-request.js';
import { avatar, type AvatarInput } from './index.js';

/** Kling takes sound files up to 5 MB: about 6.7 million characters of Base64. */
const soundFile = z.string().min(1, 'Give a URL or Base64 data.').max(7_000_000, 'At most 5 MB of Base64 data.');

const input = builder.inputRef<AvatarInput>('AvatarInput').implement({
  description: 'Give audioId or soundFile, not both.',
  ...rules(avatar.rules),
  fields: (t) => ({
    ...commonInputFields(t, 'avatar', avatar),
    image: t.string({ required: true, description: 'The portrait: a URL or Base64; jpg/png, up to 10 MB.', ...check(limits.media) }),
    audioId: t.string({ description: 'A sound from Kling\'s text-to-speech (last 30 days, 2 to 300 s).' }),
    soundFile: t.string({ description: 'A URL or Base64: mp3/wav/m4a/aac, up to 5 MB, 2 to 300 s.', ...check(soundFile) }),
    prompt: t.string({ description: 'Actions, emotions and camera moves.', ...check(limits.prompt) }),
    mode: t.field({ type: VideoModeEnum, description: 'Kling\'s default: STD.' }),
  }),
});

builder.objectRef<View<AvatarInput>>('AvatarRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    image: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.image) }),
    audioId: t.string({ nullable: true, resolve: (r) => opt(r.audioId) }),
    soundFile: t.field({ type: MediaReference, nullable: true, resolve: (r) => mediaView(r.soundFile) }),
    mode: t.field({ type: VideoModeEnum, nullable: true, resolve: (r) => mode(r.mode) }),
  }),
});

export const avatarSchema: CapabilitySchema = { input };
