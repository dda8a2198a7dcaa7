import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CAPABILITIES, capabilityModule, modelFor, type Capability } from '../capabilities/registry.js';
import { signWebhook, WEBHOOK_HEADERS } from '../kling/webhook-signature.js';
import type { WireAudio, WireEnvelope, WireTask, WireTaskStatus, WireVideo } from '../kling/wire.js';
import { IDENTIFY_FACE_PATH } from '../capabilities/lip-sync/index.js';
import { requireOneOf } from '../capabilities/shared/checks.js';
import { checkCreateRequest, type Rejection } from './checks.js';
import { sandboxMedia, sendMedia } from './media.js';

/**
 * A Kling-compatible upstream on loopback: the same paths, envelope, statuses, auth checks, parameter
 * checks, concurrency limit and callbacks as Kling's legacy `/v1/videos/*` API, with tasks that render
 * over a configurable time. `npm start` uses it when no credentials are set; tests and benchmarks use it
 * to count and shape what the gateway sends upstream.
 */

export interface SandboxOptions {
  /** Bearer key the sandbox accepts. */
  apiKey?: string;
  /** Accept Kling's HS256 JWT made from this key pair instead of (or as well as) a bearer key. */
  jwt?: { accessKey: string; secretKey: string };
  /** Time from create to a terminal status: the median when `renderSpread` is above 0. @default 10000 */
  renderMs?: number;
  /**
   * Render times are log-normal: `renderMs * e^(renderSpread * Z)`, Z standard normal, drawn per task
   * from a generator seeded with `seed`, so a run is repeatable. @default 0 (every task takes renderMs)
   */
  renderSpread?: number;
  /** Models that render at another pace: their own median and (optionally) spread. */
  renderModels?: Record<string, { medianMs: number; spread?: number }>;
  /** @default 1 */
  seed?: number;
  /** Time a task stays `submitted` before `processing`. @default 20% of its render time */
  submittedMs?: number;
  /** Delay before every answer. @default 0 */
  latencyMs?: number;
  /** Live tasks the account may hold before creates answer 429/1303. @default 50 */
  concurrency?: number;
  /** Kling's legacy API says `succeed`; some compatible gateways say `succeeded`. @default 'succeed' */
  successStatus?: 'succeed' | 'succeeded';
  /** When set, callbacks carry Standard Webhooks signature headers made with this `whsec_...` secret. */
  webhookSecret?: string;
  /**
   * Keep every request for `requests`, `creates()` and `getsFor()` (tests, benchmarks). Off for the
   * sandbox `npm start` embeds, which would otherwise grow for as long as it runs. @default true
   */
  record?: boolean;
  host?: string;
  port?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  kind: Endpoint['kind'];
  headers: IncomingHttpHeaders;
  body: unknown;
  /** When it arrived: unix ms with sub-millisecond precision (`performance.timeOrigin + performance.now()`). */
  at: number;
}

export interface RecordedCallback {
  url: string;
  body: WireTask;
  /** HTTP status the receiver answered, or 0 when the call failed. */
  status: number;
}

export interface Fault {
  /** Which requests the fault hits. */
  on: 'create' | 'get' | 'any';
  httpStatus?: number;
  code?: number;
  message?: string;
  /** How many matching requests it hits. @default 1 */
  times?: number;
  /** Destroy the connection without answering, as a network fault does. */
  drop?: boolean;
  /** Answer normally, but only after this long (a slow upstream). Other fields are then ignored. */
  delayMs?: number;
}

export interface Sandbox {
  url: string;
  requests: RecordedRequest[];
  callbacks: RecordedCallback[];
  creates(): RecordedRequest[];
  getsFor(taskId: string): RecordedRequest[];
  totalGets(): number;
  injectFault(fault: Fault): void;
  /** Drops faults not yet used up. */
  clearFaults(): void;
  /** Fault control: the account's slot count from now on (tasks already live keep theirs). */
  setConcurrency(slots: number): void;
  /** When each task's first query was answered with a terminal status (as `RecordedRequest.at`). */
  endsAnswered(): number[];
  /** Most tasks live at once so far, creates refused with 1303, and tasks live now. */
  concurrencyStats(): { maxLive: number; refusals: number; live: number };
  /** Ends a task now, whatever its render time says. */
  finishTask(taskId: string, outcome?: { status?: 'succeed' | 'failed'; message?: string }): void;
  close(): Promise<void>;
}

interface SandboxTask {
  taskId: string;
  capability: Capability;
  externalTaskId?: string;
  callbackUrl?: string;
  createdAt: number;
  /** This task's render time and time spent `submitted`. */
  renderMs: number;
  submittedMs: number;
  fail: boolean;
  /** `watermark_info.enabled`: results then carry a `watermark_url` as Kling's do. */
  watermark: boolean;
  forced?: { status: 'succeed' | 'failed'; message?: string; at: number };
  notified?: WireTaskStatus;
  /** When a query first answered a terminal status: the moment its client can know the slot is free. */
  endAnsweredAt?: number;
  timers: NodeJS.Timeout[];
}

export const SANDBOX_FAILURE_MESSAGE = 'The sandbox was asked to fail this task.';
const TERMINAL: ReadonlySet<WireTaskStatus> = new Set(['succeed', 'succeeded', 'failed']);
const MAX_BODY = 32 * 1024 * 1024;

type Endpoint = { kind: 'create'; capability: Capability } | { kind: 'get'; capability: Capability; id: string } | { kind: 'other' };

/** Which Kling endpoint a request is for: one capability table, read the same way everywhere. */
function endpointOf(method: string, path: string): Endpoint {
  for (const capability of CAPABILITIES) {
    const base = capabilityModule(capability).path;
    if (method === 'POST' && path === base) return { kind: 'create', capability };
    if (method === 'GET' && path.startsWith(`${base}/`)) {
      return { kind: 'get', capability, id: decodeURIComponent(path.slice(base.length + 1)) };
    }
  }
  return { kind: 'other' };
}

/** A sound result as `/v1/audio/*` reports it (the sandbox serves no audio files). */
const audioOf = (taskId: string): WireAudio => ({
  id: `audio-${taskId}`,
  url_mp3: `http://sandbox.invalid/audios/${taskId}.mp3`,
  url_wav: `http://sandbox.invalid/audios/${taskId}.wav`,
  duration_mp3: '5',
  duration_wav: '5',
});

/** mulberry32: a small seeded generator, so sandbox render times repeat from run to run. */
function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller). */
const standardNormal = (random: () => number) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

function taskIdGenerator(): () => string {
  let seq = 0;
  const base = BigInt(Date.now()) * 100000n;
  return () => (base + BigInt(++seq)).toString().padStart(18, '8').slice(-18);
}

function verifyJwt(token: string, keys: { accessKey: string; secretKey: string }, nowSeconds: number): number {
  const parts = token.split('.');
  if (parts.length !== 3) return 1002;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', keys.secretKey).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 1002;
  let claims: { iss?: unknown; exp?: unknown; nbf?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return 1002;
  }
  if (claims.iss !== keys.accessKey) return 1002;
  if (typeof claims.nbf === 'number' && nowSeconds < claims.nbf) return 1003;
  if (typeof claims.exp !== 'number' || nowSeconds >= claims.exp) return 1004;
  return 0;
}

/** Unix ms with sub-millisecond precision, so arrival and answer times compare across processes. */
const preciseNow = () => performance.timeOrigin + performance.now();

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const renderMs = options.renderMs ?? 10_000;
  const random = seededRandom(options.seed ?? 1);
  const renderTimeOf = (model: string): number => {
    const own = options.renderModels?.[model];
    const spread = own?.spread ?? options.renderSpread ?? 0;
    const median = own?.medianMs ?? renderMs;
    return spread > 0 ? Math.round(median * Math.exp(spread * standardNormal(random))) : median;
  };
  const latencyMs = options.latencyMs ?? 0;
  let concurrency = options.concurrency ?? 50;
  let maxLive = 0;
  let refusals = 0;
  const successStatus = options.successStatus ?? 'succeed';
  const nextTaskId = taskIdGenerator();

  const tasks = new Map<string, SandboxTask>();
  const byExternalId = new Map<string, SandboxTask>();
  const requests: RecordedRequest[] = [];
  const callbacks: RecordedCallback[] = [];
  const faults: (Fault & { left: number })[] = [];
  let url = '';
  let closed = false;

  const statusOf = (task: SandboxTask, now = Date.now()): WireTaskStatus => {
    if (task.forced && task.forced.at <= now) return task.forced.status === 'succeed' ? successStatus : 'failed';
    const elapsed = now - task.createdAt;
    if (elapsed < task.submittedMs) return 'submitted';
    if (elapsed < task.renderMs) return 'processing';
    return task.fail ? 'failed' : successStatus;
  };

  const toWire = (task: SandboxTask): WireTask => {
    const now = Date.now();
    const status = statusOf(task, now);
    const wire: WireTask = {
      task_id: task.taskId,
      task_status: status,
      task_info: task.externalTaskId ? { external_task_id: task.externalTaskId } : {},
      created_at: task.createdAt,
      // The time of the last status change, as Kling reports it.
      updated_at: task.forced && task.forced.at <= now ? task.forced.at : status === 'submitted' ? task.createdAt : status === 'processing' ? task.createdAt + task.submittedMs : task.createdAt + task.renderMs,
    };
    if (status === 'failed') {
      wire.task_status_msg = task.forced?.message ?? SANDBOX_FAILURE_MESSAGE;
      wire.task_result = {};
    } else if (TERMINAL.has(status)) {
      const video: WireVideo = { id: `video-${task.taskId}`, url: `${url}/sandbox/videos/${task.taskId}.mp4`, duration: '5' };
      // The same file: the sandbox has no second rendering to offer, only the field's shape.
      if (task.watermark) video.watermark_url = `${video.url}?watermark=1`;
      wire.task_result = capabilityModule(task.capability).results === 'audios' ? { audios: [audioOf(task.taskId)] } : { videos: [video] };
      wire.final_unit_deduction = '1';
    }
    return wire;
  };


  const notify = (task: SandboxTask): void => {
    if (closed || !task.callbackUrl) return;
    const body = toWire(task);
    if (task.notified === body.task_status) return;
    task.notified = body.task_status;
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.webhookSecret) {
      const id = randomUUID();
      const ts = Math.floor(Date.now() / 1000);
      headers[WEBHOOK_HEADERS.id] = id;
      headers[WEBHOOK_HEADERS.timestamp] = String(ts);
      headers[WEBHOOK_HEADERS.signature] = signWebhook(options.webhookSecret, id, ts, raw);
    }
    const record: RecordedCallback = { url: task.callbackUrl, body, status: 0 };
    if (options.record !== false) callbacks.push(record);
    fetch(task.callbackUrl, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(10_000) })
      .then(async (response) => {
        record.status = response.status;
        await response.body?.cancel();
      })
      .catch(() => undefined);
  };

  /** Tasks not yet seen terminal: the concurrency check walks these, not every task ever made. */
  const live = new Set<SandboxTask>();
  const liveCount = (now: number): number => {
    for (const task of live) if (TERMINAL.has(statusOf(task, now))) live.delete(task);
    return live.size;
  };

  const send = (res: ServerResponse, httpStatus: number, envelope: WireEnvelope<unknown>): void => {
    const raw = JSON.stringify(envelope);
    res.writeHead(httpStatus, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw) });
    res.end(raw);
  };
  const reject = (res: ServerResponse, r: Rejection): void =>
    send(res, r.httpStatus, { code: r.code, message: r.message, request_id: randomUUID() });
  const ok = (res: ServerResponse, data: unknown): void =>
    send(res, 200, { code: 0, message: 'SUCCEED', request_id: randomUUID(), data });

  const authCode = (header: string | undefined): number => {
    if (!header) return 1001;
    const match = /^Bearer (.+)$/.exec(header);
    if (!match) return 1002;
    const token = match[1]!;
    if (options.apiKey !== undefined && token === options.apiKey) return 0;
    if (options.jwt) return verifyJwt(token, options.jwt, Math.floor(Date.now() / 1000));
    return options.apiKey === undefined ? 0 : 1002;
  };

  const create = (capability: Capability, body: unknown, res: ServerResponse): void => {
    const rejection = checkCreateRequest(capability, body);
    if (rejection) return reject(res, rejection);
    const b = body as Record<string, unknown>;
    const externalTaskId = typeof b.external_task_id === 'string' ? b.external_task_id : undefined;
    if (externalTaskId && byExternalId.has(externalTaskId)) {
      return reject(res, { httpStatus: 400, code: 1201, message: 'external_task_id already exists' });
    }
    const prompt = typeof b.prompt === 'string' ? b.prompt : '';
    if (prompt.includes('[reject]')) {
      return reject(res, { httpStatus: 400, code: 1301, message: 'content security policy triggered' });
    }
    const now = Date.now();
    if (liveCount(now) >= concurrency) {
      refusals++;
      return reject(res, { httpStatus: 429, code: 1303, message: 'parallel task over resource pack limit' });
    }
    const model = modelFor(capability, typeof b.model_name === 'string' ? b.model_name : undefined);
    const taskRenderMs = renderTimeOf(model);
    const task: SandboxTask = {
      taskId: nextTaskId(),
      capability,
      externalTaskId,
      callbackUrl: typeof b.callback_url === 'string' ? b.callback_url : undefined,
      createdAt: now,
      renderMs: taskRenderMs,
      submittedMs: Math.min(taskRenderMs, options.submittedMs ?? Math.round(taskRenderMs * 0.2)),
      fail: prompt.includes('[fail]'),
      watermark: (b.watermark_info as { enabled?: unknown } | undefined)?.enabled === true,
      timers: [],
    };
    tasks.set(task.taskId, task);
    live.add(task);
    maxLive = Math.max(maxLive, live.size);
    if (externalTaskId) byExternalId.set(externalTaskId, task);
    if (task.callbackUrl) {
      for (const at of [task.submittedMs, task.renderMs]) task.timers.push(setTimeout(() => notify(task), at + 1));
    }
    const wire = toWire(task);
    ok(res, { task_id: wire.task_id, task_status: wire.task_status, task_info: wire.task_info, created_at: wire.created_at, updated_at: wire.updated_at });
  };

  /** `identify-face` answers at once: one face, on screen for the first 5 s. */
  const identifyFaces = (body: unknown, res: ServerResponse): void => {
    const b = (body ?? {}) as Record<string, unknown>;
    const rejection = requireOneOf(b, 'video_id', 'video_url');
    if (rejection) return reject(res, rejection);
    ok(res, { session_id: `session-${randomUUID()}`, face_data: [{ face_id: '0', face_image: `${url}/sandbox/faces/0.png`, start_time: 0, end_time: 5000 }] });
  };

  const route = (req: IncomingMessage, res: ServerResponse, path: string, endpoint: Endpoint, body: unknown): void => {
    // Results are public URLs, as Kling's CDN links are: no key, any origin, byte ranges.
    const media = /^\/sandbox\/videos\/(\d+)\.(mp4|jpg)$/.exec(path);
    if ((req.method === 'GET' || req.method === 'HEAD') && media && tasks.has(media[1]!)) {
      const { video, poster } = sandboxMedia();
      return sendMedia(req, res, media[2] === 'mp4' ? video : poster);
    }
    // The run-time fault control, like the videos on loopback only: `curl -X PUT -d '{"slots":2}' <sandbox>/sandbox/concurrency`.
    if (req.method === 'PUT' && path === '/sandbox/concurrency') {
      const slots = (body as { slots?: unknown } | undefined)?.slots;
      if (typeof slots !== 'number' || !Number.isInteger(slots) || slots < 0) {
        return reject(res, { httpStatus: 400, code: 1200, message: 'send {"slots": <whole number>}' });
      }
      concurrency = slots;
      return ok(res, { slots });
    }
    const code = authCode(req.headers.authorization);
    if (code !== 0) return reject(res, { httpStatus: 401, code, message: 'Authorization failed' });

    if (req.method === 'POST' && path === IDENTIFY_FACE_PATH) return identifyFaces(body, res);
    if (endpoint.kind === 'create') return create(endpoint.capability, body, res);
    if (endpoint.kind === 'get') {
      const task = tasks.get(endpoint.id) ?? byExternalId.get(endpoint.id);
      if (!task || task.capability !== endpoint.capability) {
        return reject(res, { httpStatus: 404, code: 1203, message: 'task does not exist' });
      }
      const wire = toWire(task);
      if (task.endAnsweredAt === undefined && TERMINAL.has(wire.task_status)) task.endAnsweredAt = preciseNow();
      return ok(res, wire);
    }
    reject(res, { httpStatus: 404, code: 1202, message: 'invalid request method or path' });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
      const method = req.method ?? 'GET';
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown ;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      }
      const endpoint = endpointOf(method, path);
      if (options.record !== false) requests.push({ method, path, kind: endpoint.kind, headers: req.headers, body, at: preciseNow() });

      const fault = faults.find((f) => f.left > 0 && (f.on === 'any' || f.on === endpoint.kind));
      if (fault) fault.left -= 1;
      const answer = () => {
        if (fault && fault.delayMs === undefined) {
          if (fault.drop) return void req.socket.destroy();
          return reject(res, {
            httpStatus: fault.httpStatus ?? 500,
            code: fault.code ?? 5000,
            message: fault.message ?? 'injected fault',
          });
        }
        if (typeof body === 'string') return reject(res, { httpStatus: 400, code: 1200, message: 'body is not JSON' });
        route(req, res, path, endpoint, body);
      };
      const delay = latencyMs + (fault?.delayMs ?? 0);
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  return {
    url,
    requests,
    callbacks,
    creates: () => requests.filter((r) => r.kind === 'create'),
    getsFor: (taskId) => requests.filter((r) => r.kind === 'get' && r.path.endsWith(`/${taskId}`)),
    totalGets: () => requests.filter((r) => r.kind === 'get').length,
    injectFault: (fault) => void faults.push({ ...fault, left: fault.times ?? 1 }),
    clearFaults: () => void faults.splice(0),
    setConcurrency: (slots) => void (concurrency = slots),
    endsAnswered: () => [...tasks.values()].flatMap((task) => (task.endAnsweredAt === undefined ? [] : [task.endAnsweredAt])),
    concurrencyStats: () => ({ maxLive, refusals, live: liveCount(Date.now()) }),
    finishTask(taskId, outcome = {}) {
      const task = tasks.get(taskId);
      if (!task) throw new Error(`sandbox: no task ${taskId}`);
      task.forced = { status: outcome.status ?? 'succeed', message: outcome.message, at: Date.now() };
      notify(task);
    },
    async close() {
      closed = true;
      for (const task of tasks.values()) for (const timer of task.timers) clearTimeout(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
