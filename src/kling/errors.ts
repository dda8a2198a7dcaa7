import { ErrorCode, gatewayError } from '../errors.js';
import type { GraphQLError } from 'graphql';

/**
 * Kling's business codes in one table: the contract code a client sees, whether waiting and trying
 * again can help, and a message that is safe to show (Kling's own text may echo request details).
 * HTTP 429 is not always "retry later": 1100-1102 are billing states and are never retried.
 */
export interface KlingCodeInfo {
  code: ErrorCode;
  retryable: boolean;
  message: string;
}

export const KLING_CODES: Readonly<Record<number, KlingCodeInfo>> = {
  1000: { code: ErrorCode.UPSTREAM_AUTH, retryable: false, message: 'Kling rejected the gateway credentials.' },
  1001: { code: ErrorCode.UPSTREAM_AUTH, retryable: false, message: 'Kling received no credentials.' },
  1002: { code: ErrorCode.UPSTREAM_AUTH, retryable: false, message: 'Kling found the gateway credentials invalid.' },
  1003: { code: ErrorCode.UPSTREAM_AUTH, retryable: false, message: 'Kling found the gateway token not yet valid.' },
  1004: { code: ErrorCode.UPSTREAM_AUTH, retryable: false, message: 'Kling found the gateway token expired.' },
  1100: { code: ErrorCode.UPSTREAM_BALANCE, retryable: false, message: 'The Kling account is in an abnormal state.' },
  1101: { code: ErrorCode.UPSTREAM_BALANCE, retryable: false, message: 'The Kling account is in arrears.' },
  1102: { code: ErrorCode.UPSTREAM_BALANCE, retryable: false, message: 'The Kling resource pack is used up or expired.' },
  1103: { code: ErrorCode.UPSTREAM_AUTH, retryable: false, message: 'The Kling account may not use this API or model.' },
  1200: { code: ErrorCode.UPSTREAM_BAD_REQUEST, retryable: false, message: 'Kling rejected the request parameters.' },
  1201: { code: ErrorCode.UPSTREAM_BAD_REQUEST, retryable: false, message: 'Kling rejected a request parameter.' },
  1202: { code: ErrorCode.UPSTREAM_BAD_REQUEST, retryable: false, message: 'Kling rejected the request method.' },
  1203: { code: ErrorCode.UPSTREAM_BAD_REQUEST, retryable: false, message: 'Kling does not know the requested resource.' },
  1300: { code: ErrorCode.CONTENT_REJECTED, retryable: false, message: 'Kling platform policy rejected the request.' },
  1301: { code: ErrorCode.CONTENT_REJECTED, retryable: false, message: 'Kling content safety rejected the request.' },
  1302: { code: ErrorCode.UPSTREAM_RATE_LIMITED, retryable: true, message: 'Kling is rate limiting requests.' },
  1303: { code: ErrorCode.UPSTREAM_RATE_LIMITED, retryable: true, message: 'Kling concurrency limit reached.' },
  1304: { code: ErrorCode.UPSTREAM_AUTH, retryable: false, message: 'Kling IP allow-list rejected the gateway.' },
  5000: { code: ErrorCode.UPSTREAM_UNAVAILABLE, retryable: true, message: 'Kling had an internal error.' },
  5001: { code: ErrorCode.UPSTREAM_UNAVAILABLE, retryable: true, message: 'Kling is temporarily unavailable.' },
  5002: { code: ErrorCode.UPSTREAM_UNAVAILABLE, retryable: true, message: 'Kling timed out internally.' },
};

/** A code Kling has not published: judge by the HTTP status it came with. */
function unknownCode(httpStatus: number): KlingCodeInfo {
  if (httpStatus === 401 || httpStatus === 403) {
    return { code: ErrorCode.UPSTREAM_AUTH, retryable: false, message: 'Kling refused the request.' };
  }
  if (httpStatus === 429) {
    return { code: ErrorCode.UPSTREAM_RATE_LIMITED, retryable: false, message: 'Kling refused the request.' };
  }
  if (httpStatus >= 500) {
    return { code: ErrorCode.UPSTREAM_UNAVAILABLE, retryable: true, message: 'Kling failed to answer.' };
  }
  return { code: ErrorCode.UPSTREAM_BAD_REQUEST, retryable: false, message: 'Kling rejected the request.' };
}

export function klingCodeInfo(klingCode: number | undefined, httpStatus: number): KlingCodeInfo {
  return (klingCode !== undefined && KLING_CODES[klingCode]) || unknownCode(httpStatus);
}

/**
 * A failed call to Kling. `retryable` drives the client's own retries and the poller's patience;
 * `toGraphQL()` is what a client sees. Kling's message is kept for logs only, never for clients.
 */
export class KlingError extends Error {
  readonly info: KlingCodeInfo;

  constructor(
    readonly httpStatus: number,
    readonly klingCode: number | undefined,
    readonly upstreamMessage: string,
  ) {
    const info = klingCodeInfo(klingCode, httpStatus);
    super(`${info.message} (HTTP ${httpStatus}${klingCode !== undefined ? `, code ${klingCode}` : ''})`);
    this.name = 'KlingError';
    this.info = info;
  }

  get retryable(): boolean {
    return this.info.retryable;
  }

  toGraphQL(): GraphQLError {
    // Kling's own text stays in the logs: it may echo request details, the callback URL among them.
    const extra = this.klingCode !== undefined ? { klingCode: this.klingCode } : {};
    return gatewayError(this.info.code, this.info.message, extra);
  }
}

/** The network failed, or Kling did not answer in time: always worth another try. */
export class KlingUnavailableError extends Error {
  readonly retryable = true;
  /** The request did not reach Kling: no connection was made, or a kept-alive one was already closed. */
  readonly notSent: boolean;

  constructor(reason: string, options: { notSent?: boolean } = {}) {
    super(`Kling could not be reached: ${reason}`);
    this.name = 'KlingUnavailableError';
    this.notSent = options.notSent ?? false;
  }

  toGraphQL(): GraphQLError {
    return gatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Kling could not be reached. Try again shortly.');
  }
}

export type UpstreamError = KlingError | KlingUnavailableError;

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof KlingError || error instanceof KlingUnavailableError;
}
