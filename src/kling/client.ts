import http from 'node:http';
import https from 'node:https';
import type { UpstreamAuth } from './auth.js';
import { capabilityModule, type Capability } from '../capabilities/registry.js';
import { KlingError, KlingUnavailableError, type UpstreamError } from './errors.js';
import { backoffDelay, DEFAULT_RETRY, sleep, type RetryPolicy } from './retry.js';
import type { WireCreateRequest, WireEnvelope, WireIdentifiedFaces, WireTask } from './wire.js';
import { IDENTIFY_FACE_PATH } from '../capabilities/lip-sync/index.js';

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
  /** `identify-face`: answered at once (no task), and billed, so retried only when never sent. */
  identifyFaces(body: { video_id?: string; video_url?: string }, signal?: AbortSignal): Promise<WireIdentifiedFaces>;
  /** Closes the kept-alive connections. */
  close(): void;
}

/** Idle kept-alive sockets are closed after this; servers commonly drop them after 5 s or more. */
const IDLE_SOCKET_MS = 4000;
/** Network errors that mean the request never left: safe to send again, even a create. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function createKlingClient(options: KlingClientOptions): KlingClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const policy = options.retry ?? DEFAULT_RETRY;

  const url = new URL(baseUrl);
  const transport = url.protocol === 'https:' ? https : http;
  // One pool of kept-alive sockets per client: polls and creates reuse connections to Kling. Idle
  // sockets close after a few seconds, before a server or load balancer drops them under us.
  const agent = new transport.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, maxSockets: options.maxSockets ?? 64 });
  const basePath = url.pathname.replace(/\/+$/, '');
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');

  /** One HTTP exchange; node:http rather than fetch, which costs about a third more CPU per call. */
  function exchange(method: 'GET' | 'POST', path: string, payload: string | undefined, signal?: AbortSignal) {
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = transport.request(
        {
          protocol: url.protocol,
          hostname,
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
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            clearTimeout(deadline);
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      let answered = false;
      // A deadline for the whole exchange, not for silence: a trickling answer cannot hold a call open.
      const deadline = setTimeout(() => req.destroy(new KlingUnavailableError(`no answer within ${timeoutMs} ms`)), timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(deadline);
        // A kept-alive socket the server had closed fails before the request reached it. Should the
        // server have read it after all, the external_task_id every create carries makes a repeat
        // a refused duplicate, which the create flow resolves by looking the task up.
        const stale = req.reusedSocket && !answered && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
        reject(stale ? new KlingUnavailableError('kept-alive connection was closed', { notSent: true }) : error);
      });
      req.end(payload);
    });
  }

  async function attempt<T>(method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal | undefined, carries: (data: T) => boolean): Promise<T> {
    let response: { status: number; text: string };
    try {
      response = await exchange(method, path, body === undefined ? undefined : JSON.stringify(body), signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof KlingUnavailableError) throw error;
      const code = describeNetworkError(error);
      throw new KlingUnavailableError(code, { notSent: NEVER_CONNECTED.has(code) });
    }
    let envelope: WireEnvelope<T> | undefined;
    try {
      envelope = JSON.parse(response.text) as WireEnvelope<T>;
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
    if (!envelope.data || !carries(envelope.data)) {
      throw new KlingError(502, undefined, 'answer carried no task');
    }
    return envelope.data;
  }

  /**
   * Queries are safe to repeat, so any retryable failure is retried. A create is retried only when
   * Kling cannot have taken the task: it said so in its envelope (1302, 1303, 5000-5002), or the
   * request never reached it. After a lost answer the task may exist, and a second create could
   * bill twice; the create flow recovers that case by its external_task_id instead.
   */
  async function call<T = WireTask>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    signal?: AbortSignal,
    carries: (data: T) => boolean = isTask as (data: T) => boolean,
  ): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt<T>(method, path, body, signal, carries);
      } catch (error) {
        if (!(error instanceof KlingError || error instanceof KlingUnavailableError)) throw error;
        const repeatable = method === 'GET' || (error instanceof KlingError ? error.klingCode !== undefined : error.notSent);
        if (!error.retryable || !repeatable || tries >= policy.attempts) throw error;
        options.onRetry?.(error, tries);
        await sleep(backoffDelay(policy, tries - 1), signal);
      }
    }
  }

  return {
    createTask: (capability, body, signal) => call('POST', capabilityModule(capability).path, body, signal),
    getTask: (capability, taskId, signal) =>
      call('GET', `${capabilityModule(capability).path}/${encodeURIComponent(taskId)}`, undefined, signal),
    identifyFaces: (body, signal) => call<WireIdentifiedFaces>('POST', IDENTIFY_FACE_PATH, body, signal, (data) => typeof data.session_id === 'string'),
    close: () => agent.destroy(),
  };
}

const isTask = (data: WireTask) => typeof data.task_id === 'string';

/** Keep the error's code (ECONNREFUSED, ...), never its message: it may name the URL. */
function describeNetworkError(error: unknown): string {
  const code = (error as { code?: string })?.code;
  return code ?? (error instanceof Error ? error.name : 'network error');
}
