import type { IncomingMessage } from 'node:http';
import type { CORSOptions, Plugin } from 'graphql-yoga';

/** How long a browser may reuse a preflight answer: Chromium's cap (Firefox allows a day). */
export const PREFLIGHT_MAX_AGE_S = 7200;

export type CorsOrigins = string[] | '*';

/** Whether a page on `origin` may call the gateway: listed, or the gateway's own page (GraphiQL). */
export function originAllowed(origins: CorsOrigins, origin: string, host: string | undefined): boolean {
  if (origins === '*' || origins.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * yoga's `cors` option, per request. A refused origin gets no CORS headers at all (the browser then
 * blocks the answer), rather than yoga's defaults, which allow every origin when the list is empty
 * and send credentials with an echoed origin. `*` (which yoga answers by echoing the origin, with
 * Vary: Origin) never goes with credentials; a listed origin does, though the gateway reads no cookies.
 */
export function corsOptions(origins: CorsOrigins): (request: Request) => CORSOptions {
  const common = { methods: ['GET', 'POST', 'OPTIONS'], maxAge: PREFLIGHT_MAX_AGE_S };
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null) return false;
    if (origins === '*') return { ...common, origin: '*', credentials: false };
    if (origins.includes(origin)) return { ...common, origin, credentials: true };
    return false;
  };
}

/**
 * With a list, answers differ by `Origin` (headers or none): say so on every answer, refusals
 * included, so no shared cache hands one origin's answer to another.
 */
export function useVaryOrigin(origins: CorsOrigins): Plugin {
  return {
    onResponse({ response }) {
      if (origins === '*') return;
      const vary = response.headers.get('vary');
      if (!vary || !/\borigin\b/i.test(vary)) response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
    },
  };
}

/**
 * The WebSocket upgrade's `Origin` check against the same list (cross-site WebSocket hijacking:
 * browsers let any page open a socket to any host). Clients outside a browser send no Origin.
 */
export function webSocketOriginCheck(origins: CorsOrigins) {
  return (info: { origin: string; req: IncomingMessage }): boolean =>
    !info.origin || originAllowed(origins, info.origin, info.req.headers.host);
}
