import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function signingKey(kid: string, alg: 'RS256' | 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A tenant's JWKS endpoint on loopback; `publish` swaps the keys it serves (rotation). */
export async function startJwksServer(keys: SigningKey[]) {
  let published = keys;
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: published.map((key) => key.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    publish: (next: SigningKey[]) => void (published = next),
    fetches: () => fetches,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface TokenClaims {
  iss?: string;
  sub?: string;
  aud?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
}

const now = () => Math.floor(Date.now() / 1000);

export async function hsToken(secret: string, claims: TokenClaims): Promise<string> {
  return sign(new TextEncoder().encode(secret), { alg: 'HS256' }, claims);
}

export async function keyToken(key: SigningKey, claims: TokenClaims): Promise<string> {
  return sign(key.privateKey, { alg: key.alg, kid: key.kid }, claims);
}

async function sign(key: CryptoKey | Uint8Array, header: { alg: string; kid?: string }, claims: TokenClaims): Promise<string> {
  let jwt = new SignJWT({}).setProtectedHeader(header).setIssuedAt();
  if (claims.iss !== undefined) jwt = jwt.setIssuer(claims.iss);
  if (claims.sub !== undefined) jwt = jwt.setSubject(claims.sub);
  if (claims.aud !== undefined) jwt = jwt.setAudience(claims.aud);
  if (claims.expiresIn !== undefined) jwt = jwt.setExpirationTime(now() + claims.expiresIn);
  return jwt.sign(key);
}

/** Writes a GATEWAY_TENANTS_FILE with these tenants (`{ acme: { tokens: {...} } }`) and returns its path. */
export async function tenantsFile(tenants: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kg-tenants-'));
  const path = join(dir, 'tenants.json');
  await writeFile(path, JSON.stringify({ tenants }));
  return path;
}
