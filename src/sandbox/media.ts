import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import parseRange from 'range-parser';

/**
 * The sandbox's rendered "result": a real 4 s H.264 MP4 (320x180, made with ffmpeg, `+faststart`) and
 * a poster frame, both committed under `assets/sandbox/`, so a `<video>` built against the sandbox
 * plays. Served with byte ranges (players seek and probe with them) and `Access-Control-Allow-Origin: *`
 * (a page on another origin may draw it on a canvas or fetch it), as a CDN serving Kling's results does.
 */
export interface Media {
  type: string;
  bytes: Buffer;
}

// src/sandbox and dist/sandbox are both two levels below the repository root.
const asset = (name: string): Buffer => readFileSync(new URL(`../../assets/sandbox/${name}`, import.meta.url));

let loaded: { video: Media; poster: Media } | undefined;

/** Read on first use: the gateway's own tests never ask for the files. */
export function sandboxMedia(): { video: Media; poster: Media } {
  loaded ??= {
    video: { type: 'video/mp4', bytes: asset('sample.mp4') },
    poster: { type: 'image/jpeg', bytes: asset('poster.jpg') },
  };
  return loaded;
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Content-Length, Content-Range, Accept-Ranges' };

/** Answers GET/HEAD for one in-memory file: 200, 206 for one satisfiable range, 416 otherwise. */
export function sendMedia(req: IncomingMessage, res: ServerResponse, media: Media): void {
  const size = media.bytes.length;
  const head = { ...CORS, 'content-type': media.type, 'accept-ranges': 'bytes', 'cache-control': 'public, max-age=3600' };
  const body = (bytes: Buffer): void => void res.end(req.method === 'HEAD' ? undefined : bytes);
  const header = req.headers.range;
  if (!header) {
    res.writeHead(200, { ...head, 'content-length': size });
    return body(media.bytes);
  }
  const ranges = parseRange(size, header, { combine: true });
  if (ranges === -1) {
    res.writeHead(416, { ...CORS, 'content-range': `bytes */${size}` });
    return void res.end();
  }
  // A malformed header, or several ranges (a multipart answer no player asks for): the whole file.
  if (ranges === -2 || ranges.length !== 1) {
    res.writeHead(200, { ...head, 'content-length': size });
    return body(media.bytes);
  }
  const { start, end } = ranges[0]!;
  res.writeHead(206, { ...head, 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${size}` });
  body(media.bytes.subarray(start, end + 1));
}
