import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { tenantsFile } from './support/tokens.js';

const SECRET = 'a-secret-that-must-never-be-echoed-0123456789';

async function refusal(settings: unknown): Promise<string> {
  const path = await tenantsFile(settings);
  try {
    loadConfig({ GATEWAY_TENANTS_FILE: path });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('GATEWAY_TENANTS_FILE', () => {
  it('reads token settings per tenant, with defaults', async () => {
    const path = await tenantsFile({ acme: { tokens: { secret: SECRET } }, globex: { tokens: { jwksUrl: 'https://auth.globex.test/jwks.json', audience: ['a', 'b'] } } });
    const config = loadConfig({ GATEWAY_TENANTS_FILE: path });
    expect(config.tenants.tokens.acme).toEqual({ secret: SECRET, audience: 'kling-gateway', jwksCooldownMs: 30_000 });
    expect(config.tenants.tokens.globex).toMatchObject({ jwksUrl: 'https://auth.globex.test/jwks.json', audience: ['a', 'b'] });
    // Token settings close the gateway to browsers until CORS_ORIGINS says otherwise.
    expect(config.corsOrigins).toEqual([]);
  });

  it.each([
    ['a short secret', { acme: { tokens: { secret: 'short' } } }, /acme\.tokens\.secret/],
    ['neither secret nor JWKS', { acme: { tokens: { audience: 'x' } } }, /secret, jwksUrl, or both/],
    ['a JWKS URL that is not one', { acme: { tokens: { jwksUrl: 'not a url' } } }, /acme\.tokens\.jwksUrl/],
    ['an unknown setting', { acme: { tokens: { secret: SECRET, algorithm: 'none' } } }, /algorithm/],
    ['a bad tenant name', { 'ac me': { tokens: { secret: SECRET } } }, /tenant names/],
    ['two tenants with one issuer', { acme: { tokens: { secret: SECRET, issuer: 'i' } }, globex: { tokens: { secret: SECRET, issuer: 'i' } } }, /same token issuer/],
  ])('stops on %s, naming the setting and never the secret', async (_name, settings, message) => {
    const text = await refusal(settings);
    expect(text).toMatch(/GATEWAY_TENANTS_FILE/);
    expect(text).toMatch(message);
    expect(text).not.toContain(SECRET);
  });

  it('stops on a file that cannot be read or is not JSON', async () => {
    expect(() => loadConfig({ GATEWAY_TENANTS_FILE: '/nonexistent/tenants.json' })).toThrow(/GATEWAY_TENANTS_FILE: .*cannot be read/);
    const path = await tenantsFile({});
    await writeFile(path, `{ "tenants": { "acme": { "tokens": { "secret": "${SECRET}" `);
    const error = (() => {
      try {
        loadConfig({ GATEWAY_TENANTS_FILE: path });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toMatch(/GATEWAY_TENANTS_FILE: .* is not valid JSON/);
    expect(error?.message).not.toContain(SECRET);
  });
});
