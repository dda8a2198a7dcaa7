import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError, stateUnavailable } from '../errors.js';
import type { CommonInput } from '../capabilities/module.js';
import { modelFor, type Capability } from '../capabilities/registry.js';
import type { TaskRecord, TaskRequest } from '../model/task.js';
import { callerScope } from '../model/caller.js';
import type { Services } from '../services.js';
import { chargeQuota } from './quotas.js';
import { requestHash } from './request-hash.js';

/**
 * How long a create waits for a concurrent create with the same externalTaskId to store its task;
 * the holder stores before it calls Kling, so this is a store round trip or two, not a Kling call.
 */
const IDEMPOTENT_WAIT_MS = 10_000;
const IDEMPOTENT_POLL_MS = 20;

/**
 * The one create flow behind every capability: idempotency -> quotas -> store (QUEUED) -> admission.
 * The task is stored before anything reaches Kling, so a crash mid-create never loses a task Kling
 * bills: whichever replica finds its dispatch lease expired looks it up by its external_task_id.
 * Input has been validated by the schema before this runs.
 */
export async function createVideoTask(
  services: Services,
  tenant: string,
  capability: Capability,
  input: CommonInput,
  /** The end user creating it (a token's `sub`), or null for the tenant's API key. */
  user: string | null = null,
): Promise<TaskRecord> {
  // Refuse before Kling is called: a task created upstream but never stored would be lost and billed.
  if (!services.store.available()) throw stateUnavailable();
  const request = requestOf(input, modelFor(capability, input.model));
  const id = randomUUID();
  const key = input.externalTaskId ?? undefined;
  if (key === undefined) return admit(services, tenant, user, capability, request, id, null);

  const scope = callerScope(tenant, user);
  const deadline = Date.now() + IDEMPOTENT_WAIT_MS;
  for (;;) {
    const holder = await services.store.claimIdempotencyKey(scope, key, id);
    if (holder === id) {
      try {
        return await admit(services, tenant, user, capability, request, id, key);
      } catch (error) {
        // Not stored (a quota, the store), or removed with its key (Kling refused it): free the key.
        await services.store.releaseIdempotencyKey(scope, key, id).catch((releaseError: unknown) =>
          // The reservation lapses by itself; a retry meanwhile waits for it.
          services.log.warn({ err: String(releaseError) }, 'idempotency key not released'),
        );
        throw error;
      }
    }
    const existing = await services.store.get(holder);
    if (existing) {
      if (existing.capability !== capability || requestHash(existing.request) !== requestHash(request)) {
        throw gatewayError(
          ErrorCode.IDEMPOTENCY_CONFLICT,
          'This externalTaskId was already used with a different input. Use a new externalTaskId for a new task.',
          { field: 'input.externalTaskId' },
        );
      }
      services.metrics.creates.inc({ capability, outcome: 'existing' });
      return existing;
    }
    // Another request holds the key and has not stored its task yet: wait for its record, or for
    // the key to be released if that create fails, then claim again.
    if (Date.now() > deadline) {
      throw gatewayError(ErrorCode.SERVICE_UNAVAILABLE, 'A create with this externalTaskId is still in progress. Try again shortly.');
    }
    await new Promise((resolve) => setTimeout(resolve, IDEMPOTENT_POLL_MS));
  }
}

async function admit(
  services: Services,
  tenant: string,
  user: string | null,
  capability: Capability,
  request: TaskRequest,
  id: string,
  externalTaskId: string | null,
): Promise<TaskRecord> {
  const refund = await chargeQuota(services, tenant, request);
  const now = Date.now();
  const record: TaskRecord = {
    id,
    tenant,
    taskId: null,
    user,
    capability,
    model: request.model as string,
    request,
    status: 'QUEUED',
    statusMessage: null,
    externalTaskId,
    videos: [],
    createdAt: now,
    updatedAt: now,
    submittedAt: null,
    startedAt: null,
    finishedAt: null,
    estimate: null,
    version: 1,
  };
  try {
    await services.store.insert(record);
  } catch (error) {
    await refund().catch(() => undefined);
    throw error;
  }
  try {
    const admitted = await services.dispatcher.admit(record);
    services.metrics.creates.inc({ capability, outcome: admitted.status === 'QUEUED' ? 'queued' : 'created' });
    return admitted;
  } catch (error) {
    if (!(error instanceof GraphQLError)) {
      // The store failed mid-admission: the stored task is found by the dispatcher's reconciliation
      // and goes ahead, so the caller must not be told it failed.
      services.log.warn({ err: String(error), id }, 'task stored; admission resumes in the background');
      return record;
    }
    // Kling refused it within this request: the record is gone, and so is the charge.
    services.metrics.creates.inc({ capability, outcome: 'upstream_error' });
    await refund().catch(() => undefined);
    throw error;
  }
}

/** The stored request: the validated input without the idempotency key, with the model used. */
export function requestOf(input: CommonInput, model: string): TaskRequest {
  const { externalTaskId: _key, ...rest } = input;
  return { ...rest, model };
}
