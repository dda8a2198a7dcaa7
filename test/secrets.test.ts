import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bearerAuth } from '../src/kling/auth.js';
import { createKlingClient } from '../src/kling/client.js';
import { createLogger } from '../src/logger.js';
import { CREATE_T2V, gql, startHarness } from './support/harness.js';

describe('secrets', () => {
  it('never appear in logs, even at trace level, nor in errors', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, next) {
        lines.push(String(chunk));
        next();
      },
    });
    const h = await startHarness({
      sandbox: { renderMs: 100 },
      env: { GATEWAY_API_KEYS: 't:client-secret-abc', PUBLIC_URL: 'https://gw.example' },
      log: createLogger('trace', sink),
      // A wrong upstream key makes every call fail, so the error paths log too.
      kling: (sandbox) => createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth('upstream-secret-xyz'), retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }),
    });
    try {
      const res = await gql(h.url, CREATE_T2V, { input: { prompt: 'x' } }, { authorization: 'Bearer client-secret-abc' });
      expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_AUTH');
      await gql(h.url, CREATE_T2V, { input: { prompt: 'x' } }, { authorization: 'Bearer wrong-client-secret' });
      const everything = lines.join('') + JSON.stringify(res);
      expect(lines.length).toBeGreaterThan(0);
      // The callback path is a secret too: it must not show outside the request to Kling.
      expect(h.sandbox.creates().at(-1)?.body).toMatchObject({ callback_url: expect.stringMatching(/^https:\/\/gw\.example\/kling\/callback\/.{32}$/) });
      for (const secret of ['upstream-secret-xyz', 'client-secret-abc', 'wrong-client-secret', '/kling/callback/']) {
        expect(everything).not.toContain(secret);
      }
    } finally {
      await h.close();
    }
  });
});
