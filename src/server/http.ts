import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ErrorCode } from '../errors.js';
import { acceptsEventStream } from './event-stream.js';
import type { InFlight } from './in-flight.js';
import type { GatewayYoga } from './yoga.js';
import type { RouteHandler } from './route-handler.js';

/**
 * Largest request body accepted. Creates may carry Base64 images (up to 10 MB each before
 * encoding), so this is generous; yoga itself sets no limit.
 */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export type { RouteHandler };

/**
 * Timeouts for clients that hold a connection without finishing a request (one header byte a
 * second). Node's defaults are 60 s for headers and 300 s for a request, checked every 30 s.
 */
export const HTTP_TIMEOUTS = {
  /** Headers are a few hundred bytes: a client that has not sent them in this long is not going to. */
  headersTimeoutMs: 10_000,
  /** A whole request, body included: the largest body at about 1 MB/s. */
  requestTimeoutMs: 60_000,
  /**
   * Idle keep-alive connections: longer than the usual load balancer idle timeout (60 s), so the
   * balancer closes them first and never sends a request on one the gateway is closing.
   */
  keepAliveTimeoutMs: 65_000,
  /** How often Node checks the two request timeouts; they are at most this late. */
  checkIntervalMs: 1000,
} as const;

/**
 * Bytes of a refused body read and thrown away before the connection is cut, and for how long: a
 * client still sending when its refusal arrives then finishes and reads it, instead of a reset
 * (EPIPE) that hides the reason. Nothing is kept, so only bandwidth is spent.
 */
const REFUSED_BODY_DRAIN_BYTES = 2 * MAX_BODY_BYTES;
const REFUSED_BODY_DRAIN_MS = 10_000;

export interface Refusal {
  status: number;
  code: ErrorCode;
  message: string;
}

/** Whether a request's declared body is refused before it is read. Pure, for a table test. */
export function bodyRefusal(headers: IncomingHttpHeaders, method = 'POST'): Refusal | undefined {
  if (method !== 'POST') return undefined;
  const length = headers['content-length'];
  if (length === undefined && headers['transfer-encoding']) {
    return { status: 411, code: ErrorCode.BAD_REQUEST, message: 'Send a Content-Length: bodies of unknown length are not accepted.' };
  }
  if (Number(length) > MAX_BODY_BYTES) {
    return { status: 413, code: ErrorCode.LIMIT_EXCEEDED, message: `Bodies are limited to ${MAX_BODY_BYTES} bytes.` };
  }
  return undefined;
}

/** Answers with the refusal, then drains what the client still sends, up to a bound. */
function refuse(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
  const body = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
  // No `Connection: close`: node would then reset the socket while the client is still sending.
  res.writeHead(refusal.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  let drained = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, REFUSED_BODY_DRAIN_MS).unref();
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > REFUSED_BODY_DRAIN_BYTES) cut();
  });
  req.once('close', () => clearTimeout(timer));
}

export interface HttpServerOptions {
  /** Counts each request until its response is sent; SSE streams are not counted (see `streams`). */
  inFlight?: InFlight;
  /** True once the gateway drains: responses then close their connections. */
  draining?: () => boolean;
  /** Told of each body refused (metrics). */
  onRefused?: (limit: 'body_size' | 'body_length') => void;
}

/** The server, and the SSE responses it has open (a drain ends them; their clients resume elsewhere). */
export type GatewayHttpServer = Server & { streams: Set<IncomingMessage> };

/**
 * One node:http server for everything: extra routes first (/readyz, metrics, GraphiQL, the web app,
 * callbacks), then yoga, which serves /graphql and /healthz. Bodies over the cap are refused before
 * anything reads them.
 */
export function createHttpServer(yoga: GatewayYoga, routes: RouteHandler[] = [], options: HttpServerOptions = {}): GatewayHttpServer {
  const streams = new Set<IncomingMessage>();
  const refused = (req: IncomingMessage, res: ServerResponse, refusal: Refusal) => {
    options.onRefused?.(refusal.status === 413 ? 'body_size' : 'body_length');
    refuse(req, res, refusal);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (options.draining?.()) res.setHeader('connection', 'close');
    if (acceptsEventStream(req.headers.accept)) {
      streams.add(req);
      res.once('close', () => streams.delete(req));
    } else if (options.inFlight) {
      res.once('close', options.inFlight.begin());
    }
    // Routes read their own bodies under their own caps (Kling may send callbacks chunked).
    for (const route of routes) if (route(req, res)) return;
    const refusal = bodyRefusal(req.headers, req.method);
    if (refusal) return refused(req, res, refusal);
    void yoga.requestListener(req, res);
  };
  const server = createServer(
    {
      headersTimeout: HTTP_TIMEOUTS.headersTimeoutMs,
      requestTimeout: HTTP_TIMEOUTS.requestTimeoutMs,
      keepAliveTimeout: HTTP_TIMEOUTS.keepAliveTimeoutMs,
      connectionsCheckingInterval: HTTP_TIMEOUTS.checkIntervalMs,
    },
    handle,
  );
  // `Expect: 100-continue`: a body over the cap gets its 413 instead of "100 Continue", so the
  // client never sends it. (Without this listener node answers 100 to everything.)
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const refusal = bodyRefusal(req.headers, req.method);
    if (refusal?.status === 413) return refused(req, res, refusal);
    res.writeContinue();
    handle(req, res);
  });
  return Object.assign(server, { streams });
}
