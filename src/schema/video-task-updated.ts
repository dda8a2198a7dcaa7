import type { TaskRecord } from '../model/task.js';
import { watchTask } from '../resolvers/watch-task.js';
import { builder } from './builder.js';
import { VideoTask } from './video-task.js';

builder.subscriptionField('videoTaskUpdated', (t) =>
  t.field({
    type: VideoTask,
    description: 'The task\'s current state at once, then every change; completes after SUCCEEDED or FAILED.',
    args: { id: t.arg.globalID({ required: true }) },
    subscribe: (_root, args, context) => watchTask(context.services, context, args.id.id),
    // The payload is the published record itself: never re-read through a loader (Pothos #1421).
    resolve: (record: TaskRecord) => record,
  }),
);
