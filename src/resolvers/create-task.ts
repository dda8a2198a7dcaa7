import { randomUUID } from 'node:crypto';
import { ErrorCode, gatewayError, stateUnavailable } from '../errors.js';
import type { Capability } from '../kling/capabilities.js';
import { isUpstreamError, KlingError, KlingUnavailableError } from '../kling/errors.js';
import type { WireCreateRequest, WireTask } from '../kling/wire.js';
import { callerScope } from '../model/caller.js';
import { observationFromWire, type TaskRecord, type TaskRequest } from '../model/task.js';
import type { Services } from '../services.js';
import type { CommonInput } from './inputs.js';
import { resolveModel } from './validation.js';

/**
 * How long a create waits for a concurrent create with the same externalTaskId to finish: longer
 * than the upstream client may take on one create (3 attempts, each cut off after 15 s, and backoff).
 */
const IDEMPOTENT_WAIT_MS = 60_000;
/** Attempts at storing a task Kling has accepted; losing it would lose a billed task. */
const INSERT_ATTEMPTS = 3;
const IDEMPOTENT_POLL_MS = 20;

/**
 * Kling wants `external_task_id` unique per account, and every tenant shares the account: the
 * tenant (and the end user, for a token) is part of the id sent, so two tenants or users may use the
 * same key without colliding. A create
 * without a key of the caller's still sends one, made from the gateway id (`/` instead of `:`, so
 * it can never equal a caller's key): it is how a create whose answer was lost is found again.
 */
export const wireExternalTaskId = (tenant: string, key: string) => `${tenant}:${key}`;
const generatedExternalTaskId = (tenant: string, id: string) => `${tenant}/${id}`;

/** Pauses before each look-up of a create whose answer was lost. */
const RECOVERY_WAITS_MS = [0, 300, 1000];

/** Kling does not know the task (yet). */
const isUnknownTask = (error: unknown) => error instanceof KlingError && (error.klingCode === 1203 || error.httpStatus === 404);

/**
 * The one create flow behind every capability: idempotency -> upstream create -> store -> schedule
 * -> publish. Input has been validated by the schema before this runs.
 */
export async function createVideoTask(
  services: Services,
  tenant: string,
  capability: Capability,
  input: CommonInput,
  body: object,
  /** The end user creating it (a token's `sub`), or null for the tenant's API key. */
  user: string | null = null,
): Promise<TaskRecord> {
  // Refuse before Kling is called: a task created upstream but never stored would be lost and billed.
  if (!services.store.available()) throw stateUnavailable();
  const id = randomUUID();
  const key = input.externalTaskId ?? undefined;
  if (key === undefined) return submit(services, tenant, user, capability, input, body, id);

  const scope = callerScope(tenant, user);
  const deadline = Date.now() + IDEMPOTENT_WAIT_MS;
  for (;;) {
    const holder = await services.store.claimIdempotencyKey(scope, key, id);
    if (holder === id) return submit(services, tenant, user, capability, input, body, id, () => services.store.releaseIdempotencyKey(scope, key, id));
    const existing = await services.store.get(holder);
    if (existing) {
      services.metrics.creates.inc({ capability, outcome: 'existing' });
      return existing;
    }
    // Another request holds the key and is still talking to Kling: wait for its record, or for the
    // key to be released if that create fails, then claim again.
    if (Date.now() > deadline) {
      throw gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'A create with this externalTaskId is still in progress. Try again shortly.');
    }
    await new Promise((resolve) => setTimeout(resolve, IDEMPOTENT_POLL_MS));
  }
}

async function submit(
  services: Services,
  tenant: string,
  user: string | null,
  capability: Capability,
  input: CommonInput,
  body: object,
  id: string,
  /** Gives the idempotency key back; called only when Kling did not take the task. */
  release: () => Promise<void> = async () => {},
): Promise<TaskRecord> {
  const model = resolveModel(capability, input.model);
  const externalId = input.externalTaskId
    ? wireExternalTaskId(callerScope(tenant, user), input.externalTaskId)
    : generatedExternalTaskId(tenant, id);
  const request = {
    model_name: model,
    ...body,
    external_task_id: externalId,
    ...(input.watermark != null ? { watermark_info: { enabled: input.watermark } } : {}),
    ...(services.callbackUrl ? { callback_url: services.callbackUrl() } : {}),
  } as WireCreateRequest;

  let wire: WireTask;
  try {
    wire = await services.kling.createTask(capability, request);
  } catch (error) {
    const found = await recover(services, capability, externalId, error);
    if (found === 'absent') {
      await release().catch((releaseError: unknown) =>
        // The reservation lapses by itself; a retry meanwhile waits for it.
        services.log.warn({ err: String(releaseError) }, 'idempotency key not released'),
      );
    }
    if (typeof found === 'object') {
      wire = found;
    } else {
      if (isUpstreamError(error)) {
        services.metrics.creates.inc({ capability, outcome: 'upstream_error' });
        services.log.warn({ capability, err: error.message }, 'upstream create failed');
        throw error.toGraphQL();
      }
      throw error;
    }
  }

  const seen = observationFromWire(wire);
  const now = Date.now();
  const record: TaskRecord = {
    id,
    tenant,
    user,
    taskId: wire.task_id,
    capability,
    model,
    request: requestOf(input, model),
    status: seen?.status ?? 'SUBMITTED',
    statusMessage: seen?.statusMessage ?? null,
    externalTaskId: input.externalTaskId ?? null,
    videos: seen?.videos ?? [],
    createdAt: typeof wire.created_at === 'number' ? wire.created_at : now,
    updatedAt: typeof wire.updated_at === 'number' ? wire.updated_at : now,
    version: 1,
  };
  // From here on Kling has the task (and bills it): never give the key back, and try hard to store it.
  await insertAccepted(services, record);
  services.metrics.creates.inc({ capability, outcome: 'created' });
  // Side by side, one round trip; the poller's reconciliation schedules the task if this fails.
  await Promise.all([
    services.poller.track(id).catch((error: unknown) => services.log.warn({ err: String(error), id }, 'task not scheduled yet')),
    services.events.publish(record).catch(() => undefined),
  ]);
  return record;
}

/** The stored request: the validated input without the idempotency key, with the model used. */
export function requestOf(input: CommonInput, model: string): TaskRequest {
  const { externalTaskId: _key, ...rest } = input;
  return { ...rest, model };
}

/**
 * After a failed create: did Kling take the task anyway? Certain refusals (an envelope with a code
 * other than a duplicate id, or a request that never left) are `absent` at once; otherwise the task
 * is looked up by its external_task_id. `unknown` keeps the idempotency reservation until it lapses,
 * since a retry then could create the task twice.
 */
async function recover(
  services: Services,
  capability: Capability,
  externalId: string,
  error: unknown,
): Promise<WireTask | 'absent' | 'unknown'> {
  const duplicate = error instanceof KlingError && error.klingCode === 1201;
  if (error instanceof KlingError && error.klingCode !== undefined && !duplicate) return 'absent';
  if (error instanceof KlingUnavailableError && error.notSent) return 'absent';
  // A create that timed out may still be on its way in: look more than once before calling it absent.
  // After a duplicate-id refusal the task, if it is ours, already exists: one look is enough.
  for (const wait of duplicate ? [0] : RECOVERY_WAITS_MS) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      const wire = await services.kling.getTask(capability, externalId);
      services.log.info({ taskId: wire.task_id }, 'create answer was lost; task found by its external id');
      return wire;
    } catch (lookupError) {
      if (!isUnknownTask(lookupError)) return 'unknown';
    }
  }
  return 'absent';
}

async function insertAccepted(services: Services, record: TaskRecord): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await services.store.insert(record);
    } catch (error) {
      if (attempt >= INSERT_ATTEMPTS) {
        // Named in full so an operator can find the task upstream.
        services.log.error({ err: String(error), taskId: record.taskId, tenant: record.tenant }, 'task accepted by Kling but not stored');
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
