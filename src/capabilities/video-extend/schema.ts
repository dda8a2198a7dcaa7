import { builder } from '../../schema/builder.js';
import { commonInputFields, type CapabilitySchema } from '../../schema/create-mutation.js';
import { check, rules } from '../../schema/input-checks.js';
import { limits } from '../../schema/shared-inputs.js';
import { opt, VideoTaskRequest, type View } from '../../schema/video-task-request.js';
import { videoExtend, type VideoExtendInput } from './index.js';

const input = builder.inputRef<VideoExtendInput>('VideoExtendInput').implement({
  description: 'Give sourceTask (a task of yours that SUCCEEDED) or videoId (Kling\'s id of a video), not both.',
  ...rules(videoExtend.rules),
  fields: (t) => ({
    ...commonInputFields(t, 'video extend', videoExtend),
    sourceTask: t.id({ description: 'The id a create returned; its video is extended. Checked: SUCCEEDED, at most 30 days old, under 3 minutes once extended.' }),
    videoId: t.string({ description: 'Kling\'s id of the video (`Video.id`), for videos made elsewhere; Kling checks its age and length.', ...check(limits.externalTaskId) }),
    prompt: t.string({ ...check(limits.prompt) }),
    negativePrompt: t.string({ ...check(limits.prompt) }),
    cfgScale: t.float({ ...check(limits.cfgScale) }),
  }),
});

builder.objectRef<View<VideoExtendInput>>('VideoExtendRequest').implement({
  interfaces: [VideoTaskRequest],
  fields: (t) => ({
    sourceTask: t.id({ nullable: true, description: 'The task whose video was extended, when one was given.', resolve: (r) => opt(r.sourceTask) }),
    videoId: t.string({ nullable: true, description: 'Kling\'s id of the video extended.', resolve: (r) => opt(r.videoId) }),
    negativePrompt: t.string({ nullable: true, resolve: (r) => opt(r.negativePrompt) }),
    cfgScale: t.float({ nullable: true, resolve: (r) => opt(r.cfgScale) }),
  }),
});

export const videoExtendSchema: CapabilitySchema = { input };
