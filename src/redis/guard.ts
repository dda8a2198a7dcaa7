import { StateUnavailableError } from '../errors.js';

/**
 * Wraps every method of a Redis-backed part so that a failed command surfaces as a
 * `StateUnavailableError`, which clients see as `SERVICE_UNAVAILABLE` instead of a masked error.
 */
export function guardRedis<T extends object>(part: T): T {
  const guarded = {} as Record<string, unknown>;
  for (const [name, value] of Object.entries(part)) {
    guarded[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            const result: unknown = value.apply(part, args);
            return result instanceof Promise
              ? result.catch((error: unknown) => {
                  throw error instanceof StateUnavailableError ? error : new StateUnavailableError(error);
                })
              : result;
          }
        : value;
  }
  return guarded as T;
}
