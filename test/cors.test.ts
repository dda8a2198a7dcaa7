import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../src/config.js';
import { PREFLIGHT_MAX_AGE_S } from '../src/server/cors.js';
import { startHarness, type Harness } from './support/harness.js';

const APP = 'https://app.example.test';
const EVIL = 'https://evil.example.test';

async function preflight(url: string, origin: string) {
  return fetch(`${url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
}

async function post(url: string, origin: string, headers: Record<string, string> = {}) {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
}

/** Resolves with the HTTP status of a refused upgrade, or 101 once the socket opens. */
function upgrade(url: string, origin?: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', origin ? { origin } : {});
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', () => undefined);
  });
}

describe('CORS_ORIGINS', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { GATEWAY_API_KEYS: 't:t-key', CORS_ORIGINS: `${APP}, http://localhost:5173` } });
  });
  afterAll(() => h.close());

  it('answers a listed origin, with credentials, and a preflight it may cache', async () => {
    const pre = await preflight(h.url, APP);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP);
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    expect(pre.headers.get('access-control-max-age')).toBe(String(PREFLIGHT_MAX_AGE_S));
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(pre.headers.get('vary')).toMatch(/Origin/);

    const res = await post(h.url, APP, { authorization: 'Bearer t-key' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('gives a refused origin no CORS headers at all, so the browser withholds the answer', async () => {
    const pre = await preflight(h.url, EVIL);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const res = await post(h.url, EVIL, { authorization: 'Bearer t-key' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    // Answers differ by origin, so caches must key on it, refusals included.
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('checks the WebSocket Origin against the same list; the gateway\'s own page and non-browsers pass', async () => {
    expect(await upgrade(h.url, APP)).toBe(101);
    expect(await upgrade(h.url, EVIL)).toBe(403);
    expect(await upgrade(h.url, h.url)).toBe(101);
    expect(await upgrade(h.url)).toBe(101);
  });
});

describe('CORS defaults', () => {
  it('allow any origin, without credentials, for the open sandbox', async () => {
    const h = await startHarness();
    try {
      const pre = await preflight(h.url, EVIL);
      // yoga echoes the origin (with Vary: Origin) for `*`; what matters is no credentials with it.
      expect(pre.headers.get('access-control-allow-origin')).toBe(EVIL);
      expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
      expect(await upgrade(h.url, EVIL)).toBe(101);
    } finally {
      await h.close();
    }
  });

  it('allow no browser origin once keys are configured (or a real Kling account is behind the gateway)', async () => {
    const h = await startHarness({ env: { GATEWAY_API_KEYS: 't:t-key' } });
    try {
      const pre = await preflight(h.url, APP);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      expect(await upgrade(h.url, APP)).toBe(403);
    } finally {
      await h.close();
    }
  });

  it('reads CORS_ORIGINS as a list of origins or *, and stops on anything else', () => {
    expect(loadConfig({}).corsOrigins).toBe('*');
    expect(loadConfig({ GATEWAY_API_KEYS: 't:k' }).corsOrigins).toEqual([]);
    expect(loadConfig({ KLING_API_KEY: 'k' }).corsOrigins).toEqual([]);
    expect(loadConfig({ GATEWAY_API_KEYS: 't:k', CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: 'https://a.test/, http://b.test:8080' }).corsOrigins).toEqual(['https://a.test', 'http://b.test:8080']);
    for (const bad of ['https://a.test/path', 'a.test', '*, https://a.test', 'ftp://a.test']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS/);
    }
  });
});
