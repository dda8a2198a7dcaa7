import { cancelVideoTask, retryVideoTask } from '../resolvers/task-actions.js';
import { builder } from './builder.js';
import { VideoTask } from './video-task.js';

builder.mutationField('cancelVideoTask', (t) =>
  t.field({
    type: VideoTask,
    description: 'Withdraws a QUEUED task: it becomes CANCELLED and never reaches Kling. A submitted task is refused with NOT_CANCELLABLE (Kling has no cancel).',
    args: { id: t.arg.globalID({ required: true }) },
    resolve: (_root, args, context) => cancelVideoTask(context.services, context, args.id.id),
  }),
);

builder.mutationField('retryVideoTask', (t) =>
  t.field({
    type: VideoTask,
    description: 'Starts a new task with the input of a FAILED or CANCELLED one, and returns the new task.',
    args: { id: t.arg.globalID({ required: true }) },
    resolve: (_root, args, context) => retryVideoTask(context.services, context, args.id.id),
  }),
);
