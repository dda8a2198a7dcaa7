import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { verifyWebhook, WEBHOOK_HEADERS } from '../kling/webhook-signature.js';
import type { WireTask } from '../kling/wire.js';
import { isTerminal, observationFromWire } from '../model/task.js';
import { recordObservation } from '../poller/record-observation.js';
import type { Services } from '../services.js';
import { requestPath, type RouteHandler } from './route-handler.js';

export const CALLBACK_PREFIX = '/kling/callback/';
/** A task object is a few KB; anything far larger is not from Kling. */
const MAX_CALLBACK_BYTES = 1024 * 1024;

/** The fields of Kling's bare task object the gateway reads; the rest is passed over. */
const callbackBody = z.looseObject({
  task_id: z.string().min(1),
  task_status: z.string().min(1),
});

export interface CallbackOptions {
  /** The secret path segment: only Kling, told it in `callback_url`, knows it. */
  pathSecret: string;
  /** When set, every callback must carry a valid Standard Webhooks signature. */
  webhookSecret?: string;
  services: Services;
}

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_CALLBACK_BYTES) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(' ') : value;
};

/**
 * `POST /kling/callback/<secret>`: Kling's push path. A callback is a hint that arrives sooner than
 * the next poll: it goes through the same write-then-publish path as a poll answer (so a late or
 * replayed one changes nothing), and polling goes on at the longest interval as the fallback.
 * The answer is sent before the write, so Kling never waits on Redis.
 */
export function callbackRoute(options: CallbackOptions): RouteHandler {
  const { services } = options;
  const expected = Buffer.from(options.pathSecret);
  const count = (outcome: string) => services.metrics.callbacks.inc({ outcome });

  async function apply(wire: WireTask): Promise<void> {
    const id = await services.store.findByTaskId(wire.task_id);
    const seen = observationFromWire(wire);
    if (!id || !seen) return count('unknown');
    const stored = await recordObservation(services.store, services.events, id, seen, undefined, services.estimator);
    if (stored && isTerminal(stored.status)) services.dispatcher.settled(stored);
    count(stored ? 'applied' : 'unchanged');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (raw === undefined) return answer(res, 413, { error: 'callback too large' });
    if (options.webhookSecret) {
      const verdict = verifyWebhook(
        options.webhookSecret,
        {
          id: header(req, WEBHOOK_HEADERS.id),
          timestamp: header(req, WEBHOOK_HEADERS.timestamp),
          signature: header(req, WEBHOOK_HEADERS.signature),
        },
        raw,
      );
      if (!verdict.ok) {
        count('rejected');
        services.log.warn({ reason: verdict.reason }, 'callback signature refused');
        return answer(res, 401, { error: verdict.reason });
      }
    }
    let body: WireTask;
    try {
      body = callbackBody.parse(JSON.parse(raw)) as unknown as WireTask;
    } catch {
      count('rejected');
      return answer(res, 400, { error: 'not a Kling task object' });
    }
    answer(res, 200, { ok: true });
    apply(body).catch((error: unknown) => {
      // The poller's fallback picks the change up; nothing is lost by dropping a hint.
      count('failed');
      services.log.warn({ err: String(error), taskId: body.task_id }, 'callback not applied');
    });
  }

  return (req, res) => {
    const path = requestPath(req);
    if (!path.startsWith(CALLBACK_PREFIX)) return false;
    const given = Buffer.from(path.slice(CALLBACK_PREFIX.length));
    // The secret is compared in constant time; a wrong one looks like any unknown path.
    if (req.method !== 'POST' || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      answer(res, 404, { error: 'not found' });
      return true;
    }
    handle(req, res).catch((error: unknown) => {
      services.log.error({ err: String(error) }, 'callback handling failed');
      if (!res.headersSent) answer(res, 500, { error: 'internal' });
    });
    return true;
  };
}
