import { createHash } from 'node:crypto';
import type { TaskRequest } from '../model/task.js';

/** JSON with sorted keys and no null or absent members: two inputs that mean the same read the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash an idempotency key's two uses are compared by: of the normalised input, model resolved. */
export function requestHash(request: TaskRequest): string {
  return createHash('sha256').update(canonical(request)).digest('base64url');
}
