import { ErrorCode, gatewayError, notFound } from '../errors.js';
import { type Caller, canSee } from '../model/caller.js';
import type { TaskRecord } from '../model/task.js';
import type { Services } from '../services.js';
import { createVideoTask } from './create-task.js';
import type { CommonInput } from '../capabilities/module.js';
import { refundQuota } from './quotas.js';

async function owned(services: Services, caller: Caller, id: string): Promise<TaskRecord> {
  const record = await services.store.get(id);
  if (!record || !canSee(caller, record)) throw notFound('Video task');
  return record;
}

/** A QUEUED task becomes CANCELLED and never reaches Kling; cancelling a cancelled task returns it. */
export async function cancelVideoTask(services: Services, caller: Caller, id: string): Promise<TaskRecord> {
  const record = await owned(services, caller, id);
  if (record.status === 'CANCELLED') return record;
  const cancelled = await services.dispatcher.cancel(record);
  if (cancelled?.status === 'CANCELLED') {
    await refundQuota(services, cancelled).catch((error: unknown) => services.log.warn({ err: String(error), id }, 'video-seconds not given back'));
    return cancelled;
  }
  throw gatewayError(
    ErrorCode.NOT_CANCELLABLE,
    'Only a QUEUED task can be cancelled: this one has reached Kling, which has no cancel, so it runs to its end.',
  );
}

/** A new task from a FAILED or CANCELLED task's stored input (without its externalTaskId, which stays the old task's). */
export async function retryVideoTask(services: Services, caller: Caller, id: string): Promise<TaskRecord> {
  const record = await owned(services, caller, id);
  if (record.status !== 'FAILED' && record.status !== 'CANCELLED') {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'Only a FAILED or CANCELLED task can be retried.', { field: 'id' });
  }
  // The new task belongs to whoever retries it: the same end user, or the tenant's key.
  return createVideoTask(services, caller.tenant, record.capability, record.request as CommonInput, caller.user);
}
