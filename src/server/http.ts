import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { InFlight } from './in-flight.js';
import type { GatewayYoga } from './yoga.js';

/**
 * Largest request body accepted. Creates may carry Base64 images (up to 10 MB each before
 * encoding), so this is generous; yoga itself sets no limit.
 */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }));
}

export interface HttpServerOptions {
  /** Counts each request until its response is sent; SSE streams are not counted (see `streams`). */
  inFlight?: InFlight;
  /** True once the gateway drains: responses then close their connections. */
  draining?: () => boolean;
}

/** The server, and the SSE responses it has open (a drain ends them; their clients resume elsewhere). */
export type GatewayHttpServer = Server & { streams: Set<IncomingMessage> };

const isEventStream = (req: IncomingMessage) => req.headers.accept?.includes('text/event-stream') === true;

/**
 * One node:http server for everything: extra routes first (metrics, callbacks), then yoga, which
 * serves /graphql, /healthz, /readyz. Bodies over the cap are refused before anything reads them.
 */
export function createHttpServer(yoga: GatewayYoga, routes: RouteHandler[] = [], options: HttpServerOptions = {}): GatewayHttpServer {
  const streams = new Set<IncomingMessage>();
  const server = createServer((req, res) => {
    if (options.draining?.()) res.setHeader('connection', 'close');
    if (isEventStream(req)) {
      streams.add(req);
      res.once('close', () => streams.delete(req));
    } else if (options.inFlight) {
      res.once('close', options.inFlight.begin());
    }
    // Routes read their own bodies under their own caps (Kling may send callbacks chunked).
    for (const route of routes) if (route(req, res)) return;
    if (req.method === 'POST') {
      const length = req.headers['content-length'];
      if (length === undefined && req.headers['transfer-encoding']) {
        return refuse(res, 411, 'Send a Content-Length.');
      }
      if (Number(length) > MAX_BODY_BYTES) return refuse(res, 413, `Bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    }
    void yoga.requestListener(req, res);
  });
  return Object.assign(server, { streams });
}
