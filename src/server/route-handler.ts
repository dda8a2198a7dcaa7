import type { IncomingMessage, ServerResponse } from 'node:http';

/** A plain HTTP route beside GraphQL (`/metrics`, callbacks): true when it answered the request. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;
