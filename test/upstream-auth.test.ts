import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearerAuth, jwtAuth, signKlingJwt } from '../src/kling/auth.js';

function decode(token: string) {
  const [header, payload, signature] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()),
    signed: `${header}.${payload}`,
    signature: signature!,
  };
}

describe('upstream auth', () => {
  it('bearer sends the key as is', () => {
    expect(bearerAuth('k-123').header()).toBe('Bearer k-123');
  });

  it('the JWT carries Kling\'s claims and an HS256 signature by the secret key', () => {
    const token = signKlingJwt('ak-1', 'sk-1', 1_700_000_000);
    const { header, payload, signed, signature } = decode(token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({ iss: 'ak-1', exp: 1_700_001_800, nbf: 1_699_999_995 });
    expect(signature).toBe(createHmac('sha256', 'sk-1').update(signed).digest('base64url'));
    expect(token).not.toContain('sk-1');
  });

  it('the token is cached, then refreshed five minutes before it expires', () => {
    let now = 1_700_000_000_000;
    const auth = jwtAuth({ accessKey: 'ak', secretKey: 'sk', now: () => now });
    const first = auth.header();
    now += 1000 * 60 * 24; // 24 minutes: 6 minutes left, still good
    expect(auth.header()).toBe(first);
    now += 1000 * 60 * 2; // 26 minutes: 4 minutes left, refresh
    const second = auth.header();
    expect(second).not.toBe(first);
    expect(decode(second.slice('Bearer '.length)).payload.exp).toBe(Math.floor(now / 1000) + 1800);
  });
});
