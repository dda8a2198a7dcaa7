import { utcDay } from '../admission/admission-queue.js';
import { ErrorCode, gatewayError } from '../errors.js';
import type { TaskRecord, TaskRequest } from '../model/task.js';
import type { Services } from '../services.js';
import type { TenantLimits } from '../tenant-settings.js';
import { DEFAULT_DURATION } from '../capabilities/shared/models.js';

/** What a task costs against the daily budget: its duration, times the PRO factor for `pro` mode. */
export function videoSeconds(request: TaskRequest, limits: TenantLimits): number {
  const duration = typeof request.duration === 'number' ? request.duration : DEFAULT_DURATION;
  return request.mode === 'pro' ? duration * (limits.proFactor ?? 1) : duration;
}

function quotaExceeded(limit: string, value: number, used: number, resetsAt: number | null) {
  return gatewayError(ErrorCode.QUOTA_EXCEEDED, `This would exceed your ${limit} quota (${value}); nothing was sent to Kling.`, {
    limit,
    value,
    used,
    resetsAt: resetsAt === null ? null : new Date(resetsAt).toISOString(),
  });
}

/**
 * Checks a tenant's quotas before anything reaches Kling, and charges the task's video-seconds to
 * today's budget (atomically: the charge comes first and is given back if it went over). Returns
 * the refund to call should the create not happen after all.
 */
export async function chargeQuota(services: Services, tenant: string, request: TaskRequest): Promise<() => Promise<void>> {
  const limits = services.tenantLimits(tenant);
  const nothing = async () => {};
  if (limits.maxQueued === undefined && limits.dailyVideoSeconds === undefined) return nothing;
  const { day, resetsAt } = utcDay(Date.now());
  if (limits.maxQueued !== undefined) {
    const { queued } = await services.admission.tenantCounts(tenant, day);
    if (queued >= limits.maxQueued) throw quotaExceeded('maxQueued', limits.maxQueued, queued, null);
  }
  if (limits.dailyVideoSeconds === undefined) return nothing;
  const cost = videoSeconds(request, limits);
  const total = await services.admission.chargeSeconds(tenant, day, cost);
  const refund = async () => void (await services.admission.chargeSeconds(tenant, day, -cost));
  if (total > limits.dailyVideoSeconds) {
    await refund();
    throw quotaExceeded('dailyVideoSeconds', limits.dailyVideoSeconds, total - cost, resetsAt);
  }
  return refund;
}

/** Gives a task's video-seconds back to the day it was charged to (a task cancelled before it reached Kling). */
export async function refundQuota(services: Services, record: TaskRecord): Promise<void> {
  const limits = services.tenantLimits(record.tenant);
  if (limits.dailyVideoSeconds === undefined) return;
  await services.admission.chargeSeconds(record.tenant, utcDay(record.createdAt).day, -videoSeconds(record.request, limits));
}
