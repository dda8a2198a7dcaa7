import http from 'node:http';
import https from 'node:https';
import type { UpstreamAuth } from './auth.js';
import { CAPABILITY_SPECS, type Capability } from './capabilities.js';
import { KlingError, KlingUnavailableError, type UpstreamError } from './errors.js';
import { backoffDelay, DEFAULT_RETRY, sleep, type RetryPolicy } from './retry.js';
import type { WireCreateRequest, WireEnvelope, WireTask } from './wire.js';

export interface KlingClientOptions {
  /** Base URL; `/v1/videos/...` is appended. */
  baseUrl: string;
  auth: UpstreamAuth;
  /** Per-attempt deadline: the longest Kling may stay silent. @default 15000 */
  timeoutMs?: number;
  /** Connections kept open to Kling at most. @default 64 */
  maxSockets?: number;
  retry?: RetryPolicy;
  /** Told of every attempt that failed and will be tried again (metrics, logs). */
  onRetry?: (error: UpstreamError, attempt: number) => void;
}

/** The upstream as the rest of the gateway sees it: one create per capability, one task query. */
export interface KlingClient {
  createTask(capability: Capability, body: WireCreateRequest, signal?: AbortSignal): Promise<WireTask>;
  getTask(capability: Capability, taskId: string, signal?: AbortSignal): Promise<WireTask>;
  /** Closes the kept-alive connections. */
  close(): void;
}

export function createKlingClient(options: KlingClientOptions): KlingClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const policy = options.retry ?? DEFAULT_RETRY;

  const url = new URL(baseUrl);
  const transport = url.protocol === 'https:' ? https : http;
  // One pool of kept-alive sockets per client: polls and creates reuse connections to Kling.
  const agent = new transport.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const basePath = url.pathname.replace(/\/+$/, '');

  /** One HTTP exchange; node:http rather than fetch, which costs about a third more CPU per call. */
  function exchange(method: 'GET' | 'POST', path: string, payload: string | undefined, signal?: AbortSignal) {
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = transport.request(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port,
          path: `${basePath}${path}`,
          method,
          agent,
          signal,
          headers: {
            authorization: options.auth.header(),
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new KlingUnavailableError(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  async function attempt(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<WireTask> {
    let response: { status: number; text: string };
    try {
      response = await exchange(method, path, body === undefined ? undefined : JSON.stringify(body), signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof KlingUnavailableError) throw error;
      throw new KlingUnavailableError(describeNetworkError(error));
    }
    let envelope: WireEnvelope<WireTask> | undefined;
    try {
      envelope = JSON.parse(response.text) as WireEnvelope<WireTask>;
    } catch {
      envelope = undefined;
    }
    const ok = response.status >= 200 && response.status < 300;
    if (!envelope || typeof envelope.code !== 'number') {
      throw new KlingError(response.status >= 400 ? response.status : 502, undefined, 'answer was not a Kling envelope');
    }
    if (envelope.code !== 0 || !ok) {
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
    close: () => agent.destroy(),
  };
}

/** Keep the error's code (ECONNREFUSED, ...), never its message: it may name the URL. */
function describeNetworkError(error: unknown): string {
  const code = (error as { code?: string })?.code;
  return code ?? (error instanceof Error ? error.name : 'network error');
}
