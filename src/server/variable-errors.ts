import type { Plugin } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import { ErrorCode } from '../errors.js';

const VARIABLE = /^Variable "\$([^"]+)"/;
/** Where in the variable the bad value sits: `at "input.shots[0].duration"`. */
const AT = / at "([A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\d+\])*)"; /;
/** A field missing or unknown in an object the variable holds: named in the message, not in `at`. */
const FIELD = /; Field "([A-Za-z_]\w*)" (?:of required type|is not defined by type)/;
const OBJECT_AT = / at "([^"]+)"; Field "/;

/** `input.duration`, not `input`: the path to the value a client must fix. */
export function variableErrorField(message: string): string | undefined {
  const variable = VARIABLE.exec(message)?.[1];
  if (variable === undefined) return undefined;
  const at = AT.exec(message)?.[1];
  const field = FIELD.exec(message)?.[1];
  if (field !== undefined) return `${OBJECT_AT.exec(message)?.[1] ?? variable}.${field}`;
  return at ?? variable;
}

function tag(result: ExecutionResult): void {
  for (const error of result.errors ?? []) {
    if (error.extensions.code !== undefined) continue;
    const field = variableErrorField(error.message);
    if (field === undefined) continue;
    Object.assign(error.extensions, { code: ErrorCode.BAD_USER_INPUT, field });
  }
}

/**
 * graphql-js reports a variable of the wrong type ("Variable "$d" got invalid value...") with no
 * code, one error per bad value; clients branch on codes, so each gets BAD_USER_INPUT and the path
 * of the bad value inside the variable as its field.
 */
export function useVariableErrorCodes(): Plugin {
  const onDone = ({ result }: { result: unknown }) => {
    if (result && typeof result === 'object' && !(Symbol.asyncIterator in result)) tag(result as ExecutionResult);
  };
  return {
    onExecute: () => ({ onExecuteDone: onDone }),
    onSubscribe: () => ({ onSubscribeResult: onDone }),
  };
}
