import { utcDay } from '../admission/admission-queue.js';
import type { Services } from '../services.js';
import type { TenantLimits } from '../tenant-settings.js';

export interface Usage {
  tenant: string;
  queued: number;
  inFlight: number;
  videoSecondsToday: number;
  limits: TenantLimits;
  /** When today's video-seconds reset (unix ms, midnight UTC). */
  resetsAt: number;
}

export async function usageOf(services: Services, tenant: string): Promise<Usage> {
  const { day, resetsAt } = utcDay(Date.now());
  const counts = await services.admission.tenantCounts(tenant, day);
  return {
    tenant,
    queued: counts.queued,
    inFlight: counts.inFlight,
    videoSecondsToday: counts.secondsToday,
    limits: services.tenantLimits(tenant),
    resetsAt,
  };
}
