import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/**
 * A file the gateway serves from memory (GraphiQL's page, the web app's bundle): compressed once,
 * with an ETag, so a browser's second visit costs a 304 and the first a gzip body.
 */
export interface StaticFile {
  type: string;
  raw: Buffer;
  gzip: Buffer;
  etag: string;
  /** `Cache-Control`: content-hashed names may be cached for ever, pages must revalidate. */
  cache: string;
}

export function staticFile(type: string, content: string | Buffer, cache = 'no-cache'): StaticFile {
  const raw = typeof content === 'string' ? Buffer.from(content) : content;
  return {
    type,
    raw,
    gzip: gzipSync(raw, { level: 9 }),
    etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"`,
    cache,
  };
}

export function sendStatic(req: IncomingMessage, res: ServerResponse, file: StaticFile, extra: Record<string, string> = {}): void {
  const headers: Record<string, string | number> = {
    'content-type': file.type,
    etag: file.etag,
    'cache-control': file.cache,
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff',
    ...extra,
  };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers);
    return void res.end();
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? file.gzip : file.raw;
  if (gzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
