import type { Capability } from '../capabilities/registry.js';
import type { KlingClient } from '../kling/client.js';
import { KlingError, KlingUnavailableError } from '../kling/errors.js';
import type { WireTask } from '../kling/wire.js';

/** Pauses before each look-up of a create whose answer was lost. */
const RECOVERY_WAITS_MS = [0, 300, 1000];

/** Kling does not know the task (yet). */
export const isUnknownTask = (error: unknown) => error instanceof KlingError && (error.klingCode === 1203 || error.httpStatus === 404);

/**
 * After a failed create: did Kling take the task anyway? Certain refusals (an envelope with a code
 * other than a duplicate id, or a request that never left) are `absent` at once; otherwise the task
 * is looked up by its external_task_id. `unknown` keeps the dispatch lease until it lapses, since a
 * new create meanwhile could make the task twice.
 */
export async function recoverCreate(
  kling: KlingClient,
  capability: Capability,
  externalId: string,
  error: unknown,
  onFound: (wire: WireTask) => void = () => {},
): Promise<WireTask | 'absent' | 'unknown'> {
  const duplicate = error instanceof KlingError && error.klingCode === 1201;
  if (error instanceof KlingError && error.klingCode !== undefined && !duplicate) return 'absent';
  if (error instanceof KlingUnavailableError && error.notSent) return 'absent';
  // A create that timed out may still be on its way in: look more than once before calling it absent.
  // After a duplicate-id refusal the task, if it is ours, already exists: one look is enough.
  for (const wait of duplicate ? [0] : RECOVERY_WAITS_MS) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      const wire = await kling.getTask(capability, externalId);
      onFound(wire);
      return wire;
    } catch (lookupError) {
      if (!isUnknownTask(lookupError)) return 'unknown';
    }
  }
  return 'absent';
}
