import type { UpstreamAuth } from './auth.js';
import { CAPABILITY_SPECS, type Capability } from './capabilities.js';
import { KlingError, KlingUnavailableError, type UpstreamError } from './errors.js';
import { backoffDelay, DEFAULT_RETRY, sleep, type RetryPolicy } from './retry.js';
import type { WireCreateRequest, WireEnvelope, WireTask } from './wire.js';

export interface KlingClientOptions {
  /** Base URL; `/v1/videos/...` is appended. */
  baseUrl: string;
  auth: UpstreamAuth;
  /** Per-attempt deadline. @default 15000 */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Told of every attempt that failed and will be tried again (metrics, logs). */
  onRetry?: (error: UpstreamError, attempt: number) => void;
}

/** The upstream as the rest of the gateway sees it: one create per capability, one task query. */
export interface KlingClient {
  createTask(capability: Capability, body: WireCreateRequest, signal?: AbortSignal): Promise<WireTask>;
  getTask(capability: Capability, taskId: string, signal?: AbortSignal): Promise<WireTask>;
}

export function createKlingClient(options: KlingClientOptions): KlingClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const policy = options.retry ?? DEFAULT_RETRY;

  async function attempt(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<WireTask> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: options.auth.header(),
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new KlingUnavailableError(timeout.aborted ? `no answer within ${timeoutMs} ms` : describeNetworkError(error));
    }
    let envelope: WireEnvelope<WireTask> | undefined;
    try {
      envelope = JSON.parse(text) as WireEnvelope<WireTask>;
    } catch {
      envelope = undefined;
    }
    if (!envelope || typeof envelope.code !== 'number') {
      throw new KlingError(response.status >= 400 ? response.status : 502, undefined, 'answer was not a Kling envelope');
    }
    if (envelope.code !== 0 || !response.ok) {
      throw new KlingError(response.status, envelope.code, envelope.message ?? '');
    }
    if (!envelope.data || typeof envelope.data.task_id !== 'string') {
      throw new KlingError(502, undefined, 'answer carried no task');
    }
    return envelope.data;
  }

  /**
   * Queries are safe to repeat, so any retryable failure is retried. A create is retried only when
   * Kling said in its envelope that it did not take the task (1302, 1303, 5000-5002): after a lost
   * connection the task may exist, and a second create would bill twice.
   */
  async function call(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<WireTask> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt(method, path, body, signal);
      } catch (error) {
        if (!(error instanceof KlingError || error instanceof KlingUnavailableError)) throw error;
        const repeatable = method === 'GET' || (error instanceof KlingError && error.klingCode !== undefined);
        if (!error.retryable || !repeatable || tries >= policy.attempts) throw error;
        options.onRetry?.(error, tries);
        await sleep(backoffDelay(policy, tries - 1), signal);
      }
    }
  }

  return {
    createTask: (capability, body, signal) => call('POST', CAPABILITY_SPECS[capability].path, body, signal),
    getTask: (capability, taskId, signal) =>
      call('GET', `${CAPABILITY_SPECS[capability].path}/${encodeURIComponent(taskId)}`, undefined, signal),
  };
}

/** Network errors from fetch hide their cause one level down; keep the code, never the URL. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause;
  return cause?.code ?? (error instanceof Error ? error.name : 'network error');
}
