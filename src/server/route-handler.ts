import type { IncomingMessage, ServerResponse } from 'node:http';

/** A plain HTTP route beside GraphQL (`/metrics`, callbacks): true when it answered the request. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The request's path, without its query string: what every route matches on. */
export function requestPath(req: IncomingMessage): string {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
