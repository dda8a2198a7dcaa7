import { capabilityModule } from '../capabilities/registry.js';
import type { WireCreateRequest } from '../kling/wire.js';
import { callerScope } from '../model/caller.js';
import type { TaskRecord } from '../model/task.js';

/**
 * Kling wants `external_task_id` unique per account, and every tenant shares the account: the
 * tenant (and the end user, for a token) is part of the id sent, so two tenants or users may use the
 * same key without colliding. A create
 * without a key of the caller's still sends one, made from the gateway id (`/` instead of `:`, so
 * it can never equal a caller's key): it is how a create whose answer was lost is found again.
 */
export const wireExternalTaskId = (tenant: string, key: string) => `${tenant}:${key}`;
const generatedExternalTaskId = (tenant: string, id: string) => `${tenant}/${id}`;

export function externalIdOf(record: Pick<TaskRecord, 'tenant' | 'user' | 'id' | 'externalTaskId'>): string {
  return record.externalTaskId !== null
    ? wireExternalTaskId(callerScope(record.tenant, record.user), record.externalTaskId)
    : generatedExternalTaskId(record.tenant, record.id);
}

/**
 * The create Kling receives for a stored task, made from the record alone: whichever replica
 * dispatches a queued task, and whenever, it sends the same request with the same external id.
 */
export function wireCreateRequest(record: TaskRecord, callbackUrl: string | undefined): WireCreateRequest {
  const watermark = record.request.watermark;
  const module = capabilityModule(record.capability);
  // The stored request is the validated input (Kling spellings), so the module's mapper reads it as is.
  return {
    ...(module.models ? { model_name: record.model } : {}),
    ...module.body(record.request),
    external_task_id: externalIdOf(record),
    ...(typeof watermark === 'boolean' ? { watermark_info: { enabled: watermark } } : {}),
    ...(callbackUrl ? { callback_url: callbackUrl } : {}),
  };
}
