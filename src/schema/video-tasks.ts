import { listTasks } from '../resolvers/list-tasks.js';
import { builder } from './builder.js';
import { TaskStatusEnum, VideoCapabilityEnum } from './enums.js';
import { VideoTask } from './video-task.js';

builder.queryField('videoTasks', (t) =>
  t.connection(
    {
      type: VideoTask,
      description: 'Your tasks, newest first. Page with `first` (at most 100, default 20) and `after`.',
      args: {
        status: t.arg({ type: TaskStatusEnum }),
        capability: t.arg({ type: VideoCapabilityEnum }),
      },
      resolve: (_root, args, context) => listTasks(context.services, context, args),
    },
    { name: 'VideoTaskConnection' },
    { name: 'VideoTaskEdge' },
  ),
);
