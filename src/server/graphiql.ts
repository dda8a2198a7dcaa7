import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphiQLOptions } from 'graphql-yoga';
import { GRAPHIQL_EXAMPLE } from './graphiql-example.js';
import { requestPath, type RouteHandler } from './route-handler.js';
import { sendStatic, staticFile, type StaticFile } from './static-response.js';

/**
 * GraphiQL, with nothing fetched from the internet: yoga's default page loads GraphiQL from a CDN and
 * stays blank offline; `@graphql-yoga/render-graphiql` (same version as graphql-yoga) inlines the
 * whole editor, its CSS and its Monaco workers into one page. That page is 9 MB, so it is rendered
 * and compressed once, on the first visit (the module is loaded then too: gateways that never serve
 * GraphiQL never pay for it), and served from memory with an ETag afterwards.
 */
export const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'kling-gateway',
  defaultQuery: GRAPHIQL_EXAMPLE,
  subscriptionsProtocol: 'WS',
};

/** What yoga itself treats as a browser asking for GraphiQL: a GET that accepts HTML. */
function wantsGraphiQL(req: IncomingMessage, endpoint: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = requestPath(req);
  if (path !== endpoint && path !== `${endpoint}/`) return false;
  return String(req.headers.accept ?? '').includes('text/html');
}

export function graphiqlRoute(options: GraphiQLOptions = GRAPHIQL_OPTIONS, endpoint = '/graphql'): RouteHandler {
  let page: Promise<StaticFile> | undefined;
  const render = async (): Promise<StaticFile> => {
    const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
    return staticFile('text/html; charset=utf-8', renderGraphiQL(options));
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    if (!wantsGraphiQL(req, endpoint)) return false;
    page ??= render();
    page.then(
      (file) => sendStatic(req, res, file),
      () => {
        page = undefined;
        res.writeHead(500, { 'content-type': 'text/plain' }).end('GraphiQL could not be rendered.');
      },
    );
    return true;
  };
}
