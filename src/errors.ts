import { createGraphQLError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';

/**
 * The stable `extensions.code` values of the contract. Clients branch on these, so they are never
 * renamed; anything that is not a GraphQLError with one of them is masked as an unexpected error.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  UPSTREAM_AUTH: 'UPSTREAM_AUTH',
  UPSTREAM_BALANCE: 'UPSTREAM_BALANCE',
  UPSTREAM_RATE_LIMITED: 'UPSTREAM_RATE_LIMITED',
  CONTENT_REJECTED: 'CONTENT_REJECTED',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_BAD_REQUEST: 'UPSTREAM_BAD_REQUEST',
  /** The gateway's own state (Redis) is unreachable; nothing was sent to Kling. Try again shortly. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** The gateway refused work to protect itself (too many subscriptions, a query over the limits, a body over the cap). */
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  /** The HTTP request itself cannot be taken (a body without a Content-Length). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** A tenant quota (queued tasks, daily video-seconds) would be exceeded; nothing was sent to Kling. */
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  /** The task has reached Kling, which has no cancel. */
  NOT_CANCELLABLE: 'NOT_CANCELLABLE',
  /** An externalTaskId already used with a different input. */
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** yoga's own codes for an operation that is not valid GraphQL; the WebSocket path gives the same. */
export const GraphQLErrorCode = {
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
} as const;

/** HTTP status yoga answers with when the error ends a request before execution. */
const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UPSTREAM_AUTH: 502,
  UPSTREAM_BALANCE: 502,
  UPSTREAM_RATE_LIMITED: 503,
  CONTENT_REJECTED: 422,
  UPSTREAM_UNAVAILABLE: 503,
  UPSTREAM_BAD_REQUEST: 502,
  SERVICE_UNAVAILABLE: 503,
  LIMIT_EXCEEDED: 400,
  BAD_REQUEST: 400,
  QUOTA_EXCEEDED: 429,
  NOT_CANCELLABLE: 409,
  IDEMPOTENCY_CONFLICT: 409,
};

export interface GatewayErrorExtensions {
  field?: string;
  klingCode?: number;
  issues?: { field: string; message: string }[];
  /** QUOTA_EXCEEDED: which limit, its value, what is used, and when it resets (ISO 8601, or null). */
  limit?: string;
  value?: number;
  used?: number;
  resetsAt?: string | null;
}

export function gatewayError(code: ErrorCode, message: string, extra: GatewayErrorExtensions = {}): GraphQLError {
  return createGraphQLError(message, {
    extensions: { code, ...extra, http: { status: HTTP_STATUS[code] } },
  });
}

export function badInput(field: string, message: string): GraphQLError {
  return gatewayError(ErrorCode.BAD_USER_INPUT, message, { field });
}

export function notFound(what: string): GraphQLError {
  return gatewayError(ErrorCode.NOT_FOUND, `${what} was not found.`);
}

/**
 * The gateway's own state (Redis) failed a command. Carried up as is, and turned into
 * `SERVICE_UNAVAILABLE` where errors are masked, so no resolver has to know which store it runs on.
 */
export class StateUnavailableError extends Error {
  override name = 'StateUnavailableError';
  constructor(cause: unknown) {
    super(`state store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export function stateUnavailable(): GraphQLError {
  return gatewayError(ErrorCode.SERVICE_UNAVAILABLE, 'The gateway cannot reach its task store. Try again shortly.');
}
