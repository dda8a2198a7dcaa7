import type { TaskRecord } from './task.js';

/**
 * Who is asking: a tenant (its API key), or one end user of a tenant (a token the tenant signed).
 * A tenant sees all its tasks; an end user sees only the tasks they created.
 */
export interface Caller {
  tenant: string;
  /** The token's `sub`; null for the tenant's own API key (or an open gateway). */
  user: string | null;
}

export function canSee(caller: Caller, record: Pick<TaskRecord, 'tenant' | 'user'>): boolean {
  return record.tenant === caller.tenant && (caller.user === null || record.user === caller.user);
}

/**
 * The namespace of what belongs to a caller: idempotency keys (per tenant for its API key, per
 * (tenant, user) for an end user, so two users sending the same `externalTaskId` never get each
 * other's task) and an end user's history index. Tenant names cannot contain `~`, so a user scope
 * never equals a tenant's.
 */
export function callerScope(tenant: string, user: string | null | undefined): string {
  return user == null ? tenant : `${tenant}~${Buffer.from(user, 'utf8').toString('base64url')}`;
}
