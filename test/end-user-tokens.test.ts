import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { bearerAuth } from '../src/kling/auth.js';
import { createKlingClient } from '../src/kling/client.js';
import { createLogger } from '../src/logger.js';
import { startSandbox } from '../src/sandbox/server.js';
import { collect, CREATE_T2V, gql, SANDBOX_KEY, sse, startHarness, WATCH, wsClient, type Harness } from './support/harness.js';
import { hsToken, keyToken, signingKey, startJwksServer, tenantsFile, type SigningKey } from './support/tokens.js';

const SECRET = 'acme-token-secret-0123456789abcdefghij';
const LIST = `{ videoTasks { edges { node { id } } } }`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('end-user tokens', () => {
  let h: Harness;
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  let rsa: SigningKey;
  let ec: SigningKey;

  beforeAll(async () => {
    [rsa, ec] = await Promise.all([signingKey('rsa-1', 'RS256'), signingKey('ec-1', 'ES256')]);
    jwks = await startJwksServer([rsa, ec]);
    const file = await tenantsFile({
      acme: { tokens: { secret: SECRET } },
      globex: { tokens: { jwksUrl: jwks.url, issuer: 'https://auth.globex.test', audience: 'globex-videos', jwksCooldownMs: 0 } },
      // Port 9 on loopback: nothing listens, so its keys can never be fetched.
      initech: { tokens: { jwksUrl: 'http://127.0.0.1:9/jwks.json' } },
    });
    h = await startHarness({ env: { GATEWAY_API_KEYS: 'acme:acme-key', GATEWAY_TENANTS_FILE: file }, sandbox: { renderMs: 400 } });
  });
  afterAll(async () => {
    await h.close();
    await jwks.close();
  });

  it('accepts and refuses tokens as their signature, expiry, audience and issuer say', async () => {
    const other = await signingKey('rsa-1', 'RS256');
    const cases: [string, Promise<string>, number, RegExp?][] = [
      ['HS256, valid', hsToken(SECRET, { iss: 'acme', sub: 'u1', aud: 'kling-gateway', expiresIn: 60 }), 200],
      ['RS256 via JWKS, valid', keyToken(rsa, { iss: 'https://auth.globex.test', sub: 'u1', aud: 'globex-videos', expiresIn: 60 }), 200],
      ['ES256 via JWKS, valid', keyToken(ec, { iss: 'https://auth.globex.test', sub: 'u1', aud: 'globex-videos', expiresIn: 60 }), 200],
      ['HS256, expired', hsToken(SECRET, { iss: 'acme', sub: 'u1', aud: 'kling-gateway', expiresIn: -10 }), 401, /expired/],
      ['HS256, other secret', hsToken('x'.repeat(40), { iss: 'acme', sub: 'u1', aud: 'kling-gateway', expiresIn: 60 }), 401, /signature/],
      ['RS256, key not in the JWKS', keyToken(other, { iss: 'https://auth.globex.test', sub: 'u1', aud: 'globex-videos', expiresIn: 60 }), 401, /signature/],
      ['HS256, wrong audience', hsToken(SECRET, { iss: 'acme', sub: 'u1', aud: 'someone-else', expiresIn: 60 }), 401, /aud/],
      ['HS256, no audience', hsToken(SECRET, { iss: 'acme', sub: 'u1', expiresIn: 60 }), 401, /aud/],
      ['HS256, no exp', hsToken(SECRET, { iss: 'acme', sub: 'u1', aud: 'kling-gateway' }), 401, /exp/],
      ['HS256, no sub', hsToken(SECRET, { iss: 'acme', aud: 'kling-gateway', expiresIn: 60 }), 401, /sub/],
      ['unknown issuer', hsToken(SECRET, { iss: 'umbrella', sub: 'u1', aud: 'kling-gateway', expiresIn: 60 }), 401, /issuer/],
      // A JWKS tenant never accepts HMAC, whatever secret signed it (algorithm confusion).
      ['HS256 for a JWKS tenant', hsToken(SECRET, { iss: 'https://auth.globex.test', sub: 'u1', aud: 'globex-videos', expiresIn: 60 }), 401, /algorithm/],
    ];
    for (const [name, token, status, message] of cases) {
      const res = await gql(h.url, LIST, {}, bearer(await token));
      expect(res.status, name).toBe(status);
      if (status !== 200) {
        expect(res.errors?.[0]?.extensions?.code, name).toBe('UNAUTHENTICATED');
        expect(res.errors?.[0]?.message, name).toMatch(message!);
      }
    }
    // Keys that cannot be fetched are the gateway's problem, not a bad token: 503, so apps retry
    // instead of signing the user out.
    const unreachable = await gql(h.url, LIST, {}, bearer(await keyToken(rsa, { iss: 'initech', sub: 'u1', aud: 'kling-gateway', expiresIn: 60 })));
    expect(unreachable.status).toBe(503);
    expect(unreachable.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    // The tenant's API key still works beside its tokens.
    expect((await gql(h.url, LIST, {}, { authorization: 'Bearer acme-key' })).status).toBe(200);
  });

  it('follows a JWKS key rotation: a new kid is fetched, a withdrawn key is refused', async () => {
    const next = await signingKey('rsa-2', 'RS256');
    const claims = { iss: 'https://auth.globex.test', sub: 'u1', aud: 'globex-videos', expiresIn: 60 };
    expect((await gql(h.url, LIST, {}, bearer(await keyToken(rsa, claims)))).status).toBe(200);
    jwks.publish([next, ec]);
    const before = jwks.fetches();
    expect((await gql(h.url, LIST, {}, bearer(await keyToken(next, claims)))).status).toBe(200);
    expect(jwks.fetches()).toBeGreaterThan(before);
    const withdrawn = await gql(h.url, LIST, {}, bearer(await keyToken(rsa, claims)));
    expect(withdrawn.status).toBe(401);
    expect(withdrawn.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    jwks.publish([rsa, ec]);
  });

  it('scopes reads, listings, idempotency keys and task subscriptions to the end user', async () => {
    const alice = bearer(await hsToken(SECRET, { iss: 'acme', sub: 'alice', aud: 'kling-gateway', expiresIn: 300 }));
    const bob = bearer(await hsToken(SECRET, { iss: 'acme', sub: 'bob', aud: 'kling-gateway', expiresIn: 300 }));
    const tenant = { authorization: 'Bearer acme-key' };

    const a = await gql(h.url, CREATE_T2V, { input: { prompt: 'a', externalTaskId: 'same' } }, alice);
    const b = await gql(h.url, CREATE_T2V, { input: { prompt: 'b', externalTaskId: 'same' } }, bob);
    const again = await gql(h.url, CREATE_T2V, { input: { prompt: 'a', externalTaskId: 'same' } }, alice);
    const aId = a.data!.createTextToVideo.id as string;
    const bId = b.data!.createTextToVideo.id as string;
    expect(aId).not.toBe(bId);
    expect(again.data!.createTextToVideo.id).toBe(aId);

    const read = `query($id: ID!, $ids: [ID!]!) { videoTask(id: $id) { id } node(id: $id) { id } nodes(ids: $ids) { id } }`;
    expect((await gql(h.url, read, { id: aId, ids: [aId, bId] }, bob)).data).toEqual({ videoTask: null, node: null, nodes: [null, { id: bId }] });
    expect((await gql(h.url, read, { id: aId, ids: [aId, bId] }, tenant)).data).toEqual({ videoTask: { id: aId }, node: { id: aId }, nodes: [{ id: aId }, { id: bId }] });

    const ids = async (headers: Record<string, string>) =>
      ((await gql(h.url, LIST, {}, headers)).data!.videoTasks.edges as { node: { id: string } }[]).map((e) => e.node.id);
    expect(await ids(alice)).toEqual([aId]);
    expect(await ids(bob)).toEqual([bId]);
    expect(await ids(tenant)).toEqual(expect.arrayContaining([aId, bId]));

    const asBob = wsClient(h.url, bob);
    const stolen = await collect(asBob, WATCH, { id: aId }).done;
    const errors = (stolen.error ?? stolen.results[0]?.errors) as { extensions?: { code?: string } }[];
    expect(errors[0]?.extensions?.code).toBe('NOT_FOUND');
    await asBob.dispose();

    for (const headers of [alice, tenant]) {
      const client = wsClient(h.url, headers);
      const own = await collect(client, WATCH, { id: aId }).done;
      expect(own.error).toBeUndefined();
      expect(own.results.at(-1)?.data?.videoTaskUpdated.status).toBe('SUCCEEDED');
      await client.dispose();
    }
  });

  it('refuses an expired token on a WebSocket, and closes a socket with 4403 when its token expires', async () => {
    const expired = wsClient(h.url, bearer(await hsToken(SECRET, { iss: 'acme', sub: 'u1', aud: 'kling-gateway', expiresIn: -5 })));
    const refused = await collect(expired, WATCH, { id: 'VmlkZW9UYXNrOng=' }).done;
    expect((refused.error as { code?: number }).code).toBe(4403);
    await expired.dispose();

    // The feed never completes by itself: only the token's expiry ends it.
    const client = wsClient(h.url, bearer(await hsToken(SECRET, { iss: 'acme', sub: 'u1', aud: 'kling-gateway', expiresIn: 2 })));
    const started = Date.now();
    const watch = collect(client, `subscription { videoTasksUpdated { id status } }`, {});
    const outcome = await watch.done;
    expect((outcome.error as { code?: number }).code).toBe(4403);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await client.dispose();
  });

  it('ends an SSE subscription when its token expires, with UNAUTHENTICATED as the last event', async () => {
    const started = Date.now();
    const { status, events } = await sse(
      h.url,
      `subscription { videoTasksUpdated { id status } }`,
      {},
      bearer(await hsToken(SECRET, { iss: 'acme', sub: 'sse-user', aud: 'kling-gateway', expiresIn: 2 })),
    );
    expect(status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(events.at(-1)?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('token secrecy', () => {
  it('never logs a token or a tenant secret, even at trace level, nor echoes them in errors', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, next) {
        lines.push(String(chunk));
        next();
      },
    });
    const file = await tenantsFile({ acme: { tokens: { secret: SECRET } }, initech: { tokens: { jwksUrl: 'http://127.0.0.1:9/jwks.json' } } });
    const sandbox = await startSandbox({ apiKey: SANDBOX_KEY, renderMs: 100 });
    const kling = createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth(SANDBOX_KEY) });
    const app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', GATEWAY_TENANTS_FILE: file }), { kling, log: createLogger('trace', sink) });
    const other = await signingKey('k', 'RS256');
    try {
      const tokens = [
        await hsToken(SECRET, { iss: 'acme', sub: 'u1', aud: 'kling-gateway', expiresIn: 60 }),
        await hsToken(SECRET, { iss: 'acme', sub: 'u1', aud: 'kling-gateway', expiresIn: -60 }),
        await hsToken('y'.repeat(40), { iss: 'acme', sub: 'u1', aud: 'kling-gateway', expiresIn: 60 }),
        await keyToken(other, { iss: 'initech', sub: 'u1', aud: 'kling-gateway', expiresIn: 60 }),
      ];
      const answers: unknown[] = [];
      for (const token of tokens) {
        answers.push(await gql(app.url, CREATE_T2V, { input: { prompt: 'x' } }, bearer(token)));
        const client = wsClient(app.url, bearer(token));
        answers.push(await collect(client, WATCH, { id: 'VmlkZW9UYXNrOng=' }).done);
        await client.dispose();
      }
      const everything = lines.join('') + JSON.stringify(answers);
      expect(lines.length).toBeGreaterThan(0);
      expect(everything).not.toMatch(/eyJ[\w-]+\.eyJ/);
      for (const secret of [SECRET, ...tokens.map((t) => t.split('.')[2]!)]) expect(everything).not.toContain(secret);
    } finally {
      await app.stop();
      kling.close();
      await sandbox.close();
    }
  });
});
