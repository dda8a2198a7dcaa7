/**
 * What an end-user token costs per request, beside the API key as the baseline, in one run:
 * the same `videoTasks(first: 1)` query over loopback HTTP, sequentially, against one in-process
 * gateway (sandbox upstream, in-memory store). HS256 with a tenant secret; RS256 and ES256 with keys
 * from a local JWKS server (fetched once, then cached, as in production).
 *
 *   npx tsx bench/auth-overhead.ts [--requests=2000]
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pino from 'pino';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { summarize } from './lib/stats.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '2000' } } });
const requests = Number(values.requests);
const SECRET = 'bench-secret-0123456789abcdefghijklmnop';

const [rsa, ec] = await Promise.all([generateKeyPair('RS256'), generateKeyPair('ES256')]);
const jwks = { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'rsa', alg: 'RS256' }, { ...(await exportJWK(ec.publicKey)), kid: 'ec', alg: 'ES256' }] };
const jwksServer = createServer((_req, res) => res.end(JSON.stringify(jwks)));
await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;

const dir = await mkdtemp(join(tmpdir(), 'kg-bench-'));
const file = join(dir, 'tenants.json');
await writeFile(file, JSON.stringify({ tenants: { acme: { tokens: { secret: SECRET } }, globex: { tokens: { jwksUrl } } } }));
const app = await startApp(
  loadConfig({ PORT: '0', HOST: '127.0.0.1', GATEWAY_API_KEYS: 'acme:acme-key', GATEWAY_TENANTS_FILE: file }),
  { log: pino({ level: 'silent' }) },
);

const exp = Math.floor(Date.now() / 1000) + 3600;
const sign = (key: CryptoKey | Uint8Array, header: { alg: string; kid?: string }, iss: string) =>
  new SignJWT({}).setProtectedHeader(header).setIssuer(iss).setSubject('bench-user').setAudience('kling-gateway').setExpirationTime(exp).sign(key);
const credentials: [string, string][] = [
  ['API key (baseline)', 'acme-key'],
  ['HS256 token', await sign(new TextEncoder().encode(SECRET), { alg: 'HS256' }, 'acme')],
  ['RS256 token (JWKS)', await sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa' }, 'globex')],
  ['ES256 token (JWKS)', await sign(ec.privateKey, { alg: 'ES256', kid: 'ec' }, 'globex')],
];

const body = JSON.stringify({ query: '{ videoTasks(first: 1) { edges { node { id } } } }' });
async function once(credential: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body,
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
  return performance.now() - started;
}

// Interleaved rounds, so a noisy neighbour hurts every credential alike.
const samples = new Map<string, number[]>(credentials.map(([name]) => [name, []]));
for (const [, credential] of credentials) for (let i = 0; i < 100; i++) await once(credential);
for (let i = 0; i < requests; i++) for (const [name, credential] of credentials) samples.get(name)!.push(await once(credential));

const baseline = summarize(samples.get(credentials[0]![0])!).p50;
console.log(`auth overhead: ${requests} sequential requests per credential, loopback HTTP, one in-process gateway`);
console.log('| credential | p50 ms | p90 ms | p99 ms | p50 vs API key |');
console.log('| --- | --- | --- | --- | --- |');
for (const [name] of credentials) {
  const s = summarize(samples.get(name)!);
  const extra = s.p50 - baseline;
  console.log(`| ${name} | ${s.p50.toFixed(3)} | ${s.p90.toFixed(3)} | ${s.p99.toFixed(3)} | ${extra >= 0 ? '+' : ''}${(extra * 1000).toFixed(0)} µs |`);
}
await app.stop();
jwksServer.close();
