import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestPath, type RouteHandler } from './route-handler.js';
import { sendStatic, staticFile, type StaticFile } from './static-response.js';

/**
 * The web app at `/`: what `web/build.mjs` wrote to dist/web (index.html and content-hashed assets),
 * read once on the first visit and served from memory. It talks only to this gateway; videos and
 * posters come from wherever Kling (or the sandbox) serves them, hence `media-src`/`img-src`.
 */
// src/server and dist/server are both two levels below the repository root.
export const WEB_APP_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data: blob: http: https:; media-src 'self' blob: http: https:; " +
    "style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

interface Site {
  index: StaticFile;
  assets: Map<string, StaticFile>;
}

function load(dir: string): Site | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const assets = new Map<string, StaticFile>();
  const assetDir = join(dir, 'assets');
  for (const name of existsSync(assetDir) ? readdirSync(assetDir) : []) {
    const type = TYPES[extname(name)] ?? 'application/octet-stream';
    assets.set(name, staticFile(type, readFileSync(join(assetDir, name)), 'public, max-age=31536000, immutable'));
  }
  return { index: staticFile(TYPES['.html']!, readFileSync(join(dir, 'index.html'))), assets };
}

export function webAppRoute(dir = WEB_APP_DIR): RouteHandler {
  let site: Site | undefined;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = requestPath(req) || '/';
    const isPage = path === '/' || path === '/index.html';
    if (!isPage && !path.startsWith('/assets/')) return false;
    site ??= load(dir);
    if (!site) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The web app is not built: run `npm run build`. GraphiQL is at /graphql.');
      return true;
    }
    if (isPage) {
      sendStatic(req, res, site.index, PAGE_HEADERS);
      return true;
    }
    const asset = site.assets.get(path.slice('/assets/'.length));
    if (!asset) return false;
    sendStatic(req, res, asset);
    return true;
  };
}
