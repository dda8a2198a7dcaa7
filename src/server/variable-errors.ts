import type { Plugin } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import { ErrorCode } from '../errors.js';

const VARIABLE = /^Variable "\$([^"]+)"/;

function tag(result: ExecutionResult): void {
  for (const error of result.errors ?? []) {
    if (error.extensions.code !== undefined) continue;
    const match = VARIABLE.exec(error.message);
    if (!match) continue;
    Object.assign(error.extensions, { code: ErrorCode.BAD_USER_INPUT, field: match[1] });
  }
}

/**
 * graphql-js reports a variable of the wrong type ("Variable "$d" got invalid value...") with no
 * code; clients branch on codes, so it gets BAD_USER_INPUT and the variable's name as the field.
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
