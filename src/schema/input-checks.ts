import type { StandardSchemaV1 } from '@pothos/plugin-validation';
import { getNullableType, GraphQLInputObjectType, GraphQLList, type GraphQLInputType } from 'graphql';
import type { Issue } from '../capabilities/module.js';

/*
 * Every check of a create input in one pass: each field's own limits (lengths, ranges, list sizes),
 * at every depth, and the rules that span fields or depend on the model. The validation plugin stops
 * at the first field that fails and runs an input's rules only when all its fields passed; a client
 * fixing a form needs every problem at once. Checks are declared next to their fields, as GraphQL
 * extensions, and read back from the schema, so nothing is listed twice.
 */

const CHECK = 'klingGateway.check';
const RULES = 'klingGateway.rules';

/** A field's own limits, as a Standard Schema (zod). */
export function check(schema: StandardSchemaV1): { extensions: Record<string, unknown> } {
  return { extensions: { [CHECK]: schema } };
}

/** An input type's cross-field rules: a pure function from the input to its issues. */
export function rules<T>(fn: (input: T) => Issue[]): { extensions: Record<string, unknown> } {
  return { extensions: { [RULES]: fn } };
}

function runCheck(schema: StandardSchemaV1, value: unknown, path: (string | number)[], issues: Issue[]): void {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) throw new Error('input checks must be synchronous');
  for (const issue of result.issues ?? []) {
    const sub = (issue.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment)) as (string | number)[];
    issues.push({ path: [...path, ...sub], message: issue.message });
  }
}

function walk(type: GraphQLInputType, value: unknown, path: (string | number)[], issues: Issue[]): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (nullable instanceof GraphQLList) {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(nullable.ofType, item, [...path, i], issues);
    }
    return;
  }
  if (!(nullable instanceof GraphQLInputObjectType)) return;
  const object = value as Record<string, unknown>;
  for (const field of Object.values(nullable.getFields())) {
    const fieldValue = object[field.name];
    if (fieldValue === null || fieldValue === undefined) continue;
    const schema = field.extensions[CHECK] as StandardSchemaV1 | undefined;
    if (schema) runCheck(schema, fieldValue, [...path, field.name], issues);
    walk(field.type, fieldValue, [...path, field.name], issues);
  }
  const typeRules = nullable.extensions[RULES] as ((input: unknown) => Issue[]) | undefined;
  // Rules read a shape GraphQL has already checked; values a field check refused are reported above.
  for (const issue of typeRules?.(object) ?? []) issues.push({ path: [...path, ...issue.path], message: issue.message });
}

/** Every problem with `value` as an input of `type`, each once, fields first; paths start at `root`. */
export function inputIssues(type: GraphQLInputType, value: unknown, root: string): Issue[] {
  const issues: Issue[] = [];
  walk(type, value, [root], issues);
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path.join('.')}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
