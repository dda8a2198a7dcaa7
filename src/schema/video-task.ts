import { loadTasks } from '../resolvers/load-tasks.js';
import type { TaskRecord, VideoRecord } from '../model/task.js';
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
    taskId: t.exposeString('taskId', { description: 'Kling\'s task_id.' }),
    capability: t.field({ type: VideoCapabilityEnum, resolve: (task) => task.capability }),
    model: t.exposeString('model'),
    status: t.field({ type: TaskStatusEnum, resolve: (task) => task.status }),
    statusMessage: t.exposeString('statusMessage', { nullable: true, description: 'Why a task failed, in Kling\'s words.' }),
    externalTaskId: t.exposeString('externalTaskId', { nullable: true }),
    request: t.field({
      type: VideoTaskRequest,
      nullable: true,
      description: 'What was asked: the validated input with the model used, typed per capability. Null for tasks stored before requests were kept.',
      resolve: (task) => requestView(task) as never,
    }),
    videos: t.field({ type: [Video], resolve: (task) => task.videos }),
    createdAt: t.field({ type: 'DateTime', resolve: (task) => new Date(task.createdAt) }),
    updatedAt: t.field({ type: 'DateTime', resolve: (task) => new Date(task.updatedAt) }),
  }),
});

builder.queryField('videoTask', (t) =>
  t.field({
    type: VideoTask,
    nullable: true,
    description: 'A task by the id the create returned; null when the caller does not own it.',
    args: { id: t.arg.globalID({ required: true }) },
    resolve: (_root, args) => args.id.id,
  }),
);
