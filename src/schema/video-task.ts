import { estimateFigures, progressOf, type EstimateFigures } from '../estimates/task-estimate.js';
import { loadTasks } from '../resolvers/load-tasks.js';
import { queuedEstimate } from '../resolvers/queued-estimate.js';
import type { Services } from '../services.js';
import { isTerminal, type AudioRecord, type TaskRecord, type VideoRecord } from '../model/task.js';
import { builder } from './builder.js';
import { TaskStatusEnum, VideoCapabilityEnum } from './enums.js';
import { requestView, VideoTaskRequest } from './video-task-request.js';

export const Video = builder.objectRef<VideoRecord>('Video').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url', { description: 'Kling serves it for 30 days; copy it if you need it longer.' }),
    duration: t.exposeFloat('duration', { nullable: true, description: 'Seconds.' }),
    watermarkUrl: t.string({
      nullable: true,
      description: 'The watermarked copy, when the create asked for one (watermark: true).',
      resolve: (video) => video.watermarkUrl ?? null,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When Kling deletes the files (30 days after the task finished); copy them before.',
      resolve: (video) => (video.expiresAt == null ? null : new Date(video.expiresAt)),
    }),
  }),
});

export const Audio = builder.objectRef<AudioRecord>('Audio').implement({
  description: 'A sound a task made (createTextToAudio, createVideoToAudio).',
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url', { description: 'The MP3. Kling serves it for 30 days.' }),
    wavUrl: t.exposeString('wavUrl', { nullable: true, description: 'The same sound as WAV.' }),
    duration: t.exposeFloat('duration', { nullable: true, description: 'Seconds.' }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When Kling deletes the files (30 days after the task finished); copy them before.',
      resolve: (audio) => (audio.expiresAt == null ? null : new Date(audio.expiresAt)),
    }),
  }),
});

/**
 * Loadable, so `videoTask`, `node` and `nodes` share one DataLoader per request: all the ids of a
 * request become one store round trip.
 */
export const VideoTask = builder.loadableNodeRef<TaskRecord>('VideoTask', {
  id: { resolve: (task) => task.id },
  // Unknown ids (and other tenants' tasks) load as null, which `node`, `nodes` and `videoTask`
  // answer as null; the plugin's types only name records and errors.
  load: async (ids, context) => (await loadTasks(context.services, context, ids)) as TaskRecord[],
});

VideoTask.implement({
  description: 'One video generation. Its `id` is the gateway\'s: use it for every later call.',
  fields: (t) => ({
    taskId: t.exposeString('taskId', { nullable: true, description: 'Kling\'s task_id; null while the task is QUEUED (and for a task cancelled there).' }),
    capability: t.field({ type: VideoCapabilityEnum, resolve: (task) => task.capability }),
    model: t.exposeString('model'),
    status: t.field({ type: TaskStatusEnum, resolve: (task) => task.status }),
    queuePosition: t.int({
      nullable: true,
      description: 'While QUEUED: 1 = the next task to be dispatched in its model\'s pool (tenants take turns). Null otherwise.',
      resolve: (task, _args, context) =>
        task.queuePosition !== undefined ? task.queuePosition : context.services.dispatcher.position(task),
    }),
    statusMessage: t.exposeString('statusMessage', { nullable: true, description: 'Why a task failed, in Kling\'s words.' }),
    externalTaskId: t.exposeString('externalTaskId', { nullable: true }),
    request: t.field({
      type: VideoTaskRequest,
      nullable: true,
      description: 'What was asked: the validated input with the model used, typed per capability. Null for tasks stored before requests were kept.',
      resolve: (task) => requestView(task) as never,
    }),
    videos: t.field({ type: [Video], resolve: (task) => task.videos }),
    audios: t.field({
      type: [Audio],
      description: 'Sounds the task made: only sound tasks have them (video-to-audio also has the video with its new sound in videos).',
      resolve: (task) => task.audios ?? [],
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (task) => new Date(task.createdAt) }),
    updatedAt: t.field({ type: 'DateTime', resolve: (task) => new Date(task.updatedAt) }),
    submittedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When Kling accepted the task; null while queued.',
      resolve: (task) => (task.submittedAt == null ? null : new Date(task.submittedAt)),
    }),
    startedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the task was first seen PROCESSING (Kling\'s time of the change).',
      resolve: (task) => (task.startedAt == null ? null : new Date(task.startedAt)),
    }),
    finishedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When Kling finished the task (its time, not when the gateway noticed).',
      resolve: (task) => (task.finishedAt == null ? null : new Date(task.finishedAt)),
    }),
    estimatedCompletionAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'Expected end (median), from render times observed for the same capability, model, mode and duration, given how long the task has run. While QUEUED it includes the wait for a Kling slot (README, "Estimates and progress"). Moves out when the task overruns; null once terminal.',
      resolve: (task, _args, context) => liveEstimate(context.services, task, (f) => new Date(f.completionAt)),
    }),
    estimatedCompletionAtP90: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Upper bound of the expected end: 9 tasks in 10 are done by then.',
      resolve: (task, _args, context) => liveEstimate(context.services, task, (f) => new Date(f.completionAtP90)),
    }),
    progress: t.float({
      description:
        '0 to 1: time run over expected time. Never decreases; stays below 1 until the task is SUCCEEDED or FAILED. Events come when the estimate moves materially, not on a timer: interpolate in between.',
      resolve: (task) => progressOf(task, Date.now()),
    }),
    estimateSamples: t.int({
      nullable: true,
      description: 'Observed render times the estimate rests on; 0 means the prior table (README, "Estimates").',
      resolve: (task) => (task.estimate == null || isTerminal(task.status) ? null : task.estimate.samples),
    }),
  }),
});

/** A queued task's figures include its wait for a slot; a submitted one's are its render's. */
async function liveEstimate<T>(services: Services, task: TaskRecord, pick: (figures: EstimateFigures) => T): Promise<T | null> {
  if (isTerminal(task.status)) return null;
  const figures = task.status === 'QUEUED' ? await queuedEstimate(services, task) : estimateFigures(task, Date.now());
  return figures ? pick(figures) : null;
}

builder.queryField('videoTask', (t) =>
  t.field({
    type: VideoTask,
    nullable: true,
    description: 'A task by the id the create returned; null when the caller does not own it.',
    args: { id: t.arg.globalID({ required: true }) },
    resolve: (_root, args) => args.id.id,
  }),
);
