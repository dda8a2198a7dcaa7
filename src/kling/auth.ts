import { createHmac } from 'node:crypto';

/**
 * How the gateway proves itself to Kling. Compatible gateways take a static bearer key; Kling's own
 * API takes a short-lived HS256 JWT made from an access key and a secret key.
 */
export interface UpstreamAuth {
  /** The value of the `Authorization` header for the next request. */
  header(): string;
}

export function bearerAuth(apiKey: string): UpstreamAuth {
  const value = `Bearer ${apiKey}`;
  return { header: () => value };
}

export interface JwtAuthOptions {
  accessKey: string;
  secretKey: string;
  /** Token lifetime in seconds, as Kling's sample. @default 1800 */
  ttlSeconds?: number;
  /** A token is replaced once less than this is left, so no request carries one about to expire. @default 300 */
  refreshBeforeSeconds?: number;
  /** Clock in milliseconds; tests move it. @default Date.now */
  now?: () => number;
}

const base64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url');

/** Kling's token: `{iss: accessKey, exp: now + ttl, nbf: now - 5}` signed with HMAC-SHA256. */
export function signKlingJwt(accessKey: string, secretKey: string, nowSeconds: number, ttlSeconds = 1800): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iss: accessKey, exp: nowSeconds + ttlSeconds, nbf: nowSeconds - 5 }));
  const signature = createHmac('sha256', secretKey).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export function jwtAuth(options: JwtAuthOptions): UpstreamAuth {
  const ttl = options.ttlSeconds ?? 1800;
  const refreshBefore = options.refreshBeforeSeconds ?? 300;
  const now = options.now ?? Date.now;
  let cached: { value: string; expiresAt: number } | undefined;
  return {
    header() {
      const nowSeconds = Math.floor(now() / 1000);
      if (!cached || cached.expiresAt - nowSeconds <= refreshBefore) {
        const token = signKlingJwt(options.accessKey, options.secretKey, nowSeconds, ttl);
        cached = { value: `Bearer ${token}`, expiresAt: nowSeconds + ttl };
      }
      return cached.value;
    },
  };
}
