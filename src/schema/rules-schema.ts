import type { StandardSchemaV1 } from '@pothos/plugin-validation';
import type { Issue } from '../resolvers/validation.js';

/**
 * Wraps a pure rule function (`src/resolvers/validation.ts`) as a Standard Schema, the form the
 * validation plugin runs, so cross-field rules fail the same way single-field limits do.
 */
export function rulesSchema<T>(rules: (input: T) => Issue[]): StandardSchemaV1<T, T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'kling-gateway',
      validate: (value) => {
        const issues = rules(value as T);
        return issues.length ? { issues } : { value: value as T };
      },
    },
  };
}
