import type { TaskRecord } from '../model/task.js';
import { watchTasks } from '../resolvers/watch-tasks.js';
import { builder } from './builder.js';
import { TaskStatusEnum, VideoCapabilityEnum } from './enums.js';
import { VideoTask } from './video-task.js';

builder.subscriptionField('videoTasksUpdated', (t) =>
  t.field({
    type: VideoTask,
    description:
      'Every change to your tasks (the tenant\'s, or your own with an end-user token): first the current state of each ' +
      'unfinished task, then each new state, newest per task. Optionally only one status or capability. Never completes.',
    args: {
      status: t.arg({ type: TaskStatusEnum }),
      capability: t.arg({ type: VideoCapabilityEnum }),
    },
    subscribe: (_root, args, context) => watchTasks(context.services, context, args),
    // The payload is the published record itself: never re-read through a loader (Pothos #1421).
    resolve: (record: TaskRecord) => record,
  }),
);
