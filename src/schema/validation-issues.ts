import type { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError } from '../errors.js';

/** A Standard Schema issue, as the validation plugin hands them over. */
interface Issue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** `['input', 'shots', 2, 'prompt']` becomes `input.shots[2].prompt`: the field a client fixes. */
export function fieldPath(path: Issue['path']): string {
  let out = '';
  for (const segment of path ?? []) {
    const key = typeof segment === 'object' ? segment.key : segment;
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  }
  return out || 'input';
}

export function issuesToFields(issues: ReadonlyArray<Issue>): { field: string; message: string }[] {
  return issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
}

/** One BAD_USER_INPUT for all of an input's problems: the first in the message, every one in `issues`. */
export function inputError(raw: ReadonlyArray<Issue>): GraphQLError {
  const issues = issuesToFields(raw);
  const first = issues[0] ?? { field: 'input', message: 'Invalid input.' };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more in extensions.issues)` : '';
  return gatewayError(ErrorCode.BAD_USER_INPUT, `${first.field}: ${first.message}${more}`, { field: first.field, issues });
}
