import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode, gatewayError } from '../errors.js';
import { acceptsEventStream } from './event-stream.js';

/** The header that marks a request as not a plain cross-site form post (yoga's name for it). */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * A page on any site can make a browser send a form (`application/x-www-form-urlencoded`,
 * `multipart/form-data`, `text/plain`) or a GET to the gateway, with no preflight; in open mode
 * (no keys), or with a browser's credentials, that would run a mutation and spend credits. yoga's
 * CSRF plugin accepts only requests a browser preflights: a JSON POST (what GraphiQL, the web app
 * and fetch-based SSE clients send), or any request carrying `x-graphql-yoga-csrf`. WebSockets are
 * not HTTP requests here and are unaffected. Its refusal gets a code, so clients can read it.
 *
 * One exception: a GET asking for `text/event-stream`, which is how a browser's `EventSource`
 * subscribes (it cannot send headers). yoga never runs a mutation over GET, and what such a stream
 * sends is readable by another site only where CORS_ORIGINS allows that site.
 */
export function useCrossSiteRefusal(onRefuse: () => void = () => {}): Plugin {
  const csrf = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      const { request } = payload as { request: Request };
      if (request.method === 'GET' && acceptsEventStream(request.headers.get('accept'))) return;
      try {
        return csrf.onRequestParse?.(payload as never);
      } catch {
        onRefuse();
        throw gatewayError(
          ErrorCode.FORBIDDEN,
          `Send the operation as JSON (Content-Type: application/json), or add the ${CSRF_HEADER} header.`,
        );
      }
    },
  };
}
