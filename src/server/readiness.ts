import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestPath, type RouteHandler } from './route-handler.js';

/**
 * `/readyz`: 200 while the gateway can serve (its state store reachable, not draining), 503 when not,
 * for a load balancer to route by. A plain route rather than yoga's readiness plugin, which tests a
 * URL pattern against every GraphQL request that goes past it.
 */
export function readinessRoute(isReady: () => Promise<boolean>, endpoint = '/readyz'): RouteHandler {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (requestPath(req) !== endpoint) return false;
    const answer = (status: number) => {
      res.writeHead(status, { 'content-length': 0, 'cache-control': 'no-store' });
      res.end();
    };
    isReady().then(
      (ready) => answer(ready ? 200 : 503),
      () => answer(503),
    );
    return true;
  };
}
