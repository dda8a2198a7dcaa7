import { randomUUID } from 'node:crypto';
import type { TaskRecord } from '../../src/model/task.js';

/** A task as a create stores it before anything reaches Kling: QUEUED, no Kling task_id yet. */
export function queuedTaskRecord(overrides: Partial<TaskRecord> = {}): TaskRecord {
  const now = Date.now();
  return {
    id: randomUUID(),
    tenant: 'default',
    taskId: null,
    user: null,
    capability: 'TEXT_TO_VIDEO',
    model: 'kling-v3',
    request: { prompt: 'a fox in the snow', model: 'kling-v3' },
    status: 'QUEUED',
    statusMessage: null,
    externalTaskId: null,
    videos: [],
    createdAt: now,
    updatedAt: now,
    submittedAt: null,
    startedAt: null,
    finishedAt: null,
    estimate: null,
    version: 1,
    ...overrides,
  };
}
