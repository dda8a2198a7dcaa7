import { createRemoteJWKSet, decodeJwt, errors as jose, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode, gatewayError } from '../errors.js';
import type { Caller } from '../model/caller.js';
import type { TokenSettings } from '../tenant-settings.js';
import { createTenantResolver, DEFAULT_TENANT } from './tenants.js';

/** A caller the gateway has authenticated, and until when: a token's `exp`, or never for a key. */
export interface Principal extends Caller {
  /** Unix milliseconds; null for API keys. */
  expiresAt: number | null;
}

/** Answers `Authorization: Bearer ...` with a principal, or throws a GraphQL error saying why not. */
export type Authenticator = (authorization: string | null | undefined) => Promise<Principal>;

export interface AuthOptions {
  /** Key -> tenant (`GATEWAY_API_KEYS`). */
  apiKeys?: Map<string, string>;
  /** Tenant -> how its end-user tokens are checked (GATEWAY_TENANTS_FILE). */
  tokens: Record<string, TokenSettings>;
  log: Logger;
}

/** Token algorithms, by where their keys come from. A JWKS never supplies an HMAC secret. */
const SECRET_ALGORITHMS = ['HS256'];
const JWKS_ALGORITHMS = ['RS256', 'ES256'];

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

const refused = (message: string): GraphQLError => gatewayError(ErrorCode.UNAUTHENTICATED, message);

interface Issuer {
  tenant: string;
  audience: string | string[];
  algorithms: string[];
  key: JWTVerifyGetKey;
}

function issuerOf(tenant: string, settings: TokenSettings): Issuer {
  // Imported once: handing jose the raw bytes would import the key again for every token.
  const secret = settings.secret
    ? crypto.subtle.importKey('raw', new TextEncoder().encode(settings.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
    : undefined;
  const jwks = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: settings.jwksCooldownMs, timeoutDuration: 5000 })
    : undefined;
  return {
    tenant,
    audience: settings.audience,
    algorithms: [...(secret ? SECRET_ALGORITHMS : []), ...(jwks ? JWKS_ALGORITHMS : [])],
    // The header's alg picks the key source; `algorithms` has already refused any other alg.
    key: async (header, token) => (SECRET_ALGORITHMS.includes(header.alg) ? await secret! : jwks!(header, token)),
  };
}

/** What a refused token is told: enough to fix it, nothing about the keys. */
function tokenRefusal(error: unknown): GraphQLError | undefined {
  if (error instanceof jose.JWTExpired) return refused('The token has expired.');
  if (error instanceof jose.JWTClaimValidationFailed) {
    return refused(error.claim === 'aud' ? 'The token is not meant for this gateway (aud).' : `The token's ${error.claim} claim is missing or invalid.`);
  }
  if (error instanceof jose.JWSSignatureVerificationFailed) return refused('The token signature is invalid.');
  if (error instanceof jose.JWKSNoMatchingKey) return refused('The token is signed with a key the tenant does not publish.');
  if (error instanceof jose.JOSEAlgNotAllowed) return refused('The token is signed with an algorithm this tenant does not use.');
  if (error instanceof jose.JWTInvalid || error instanceof jose.JWSInvalid || error instanceof jose.JOSENotSupported) {
    return refused('The token is malformed.');
  }
  return undefined;
}

/** A JWT's payload, read only to find its issuer; undefined when the credential is not a JWT. */
function unverifiedClaims(credential: string): { iss?: unknown } | undefined {
  try {
    return decodeJwt(credential);
  } catch {
    return undefined;
  }
}

/**
 * API keys for tenants (`GATEWAY_API_KEYS`) and end-user JWTs signed by a tenant's backend
 * (`GATEWAY_TENANTS_FILE`), told apart by shape. A token's `iss` names its tenant; its `sub` is the
 * user; `exp` is required. With neither keys nor tokens configured the gateway is open: everyone is
 * the tenant `default`.
 */
export function createAuthenticator({ apiKeys, tokens, log }: AuthOptions): Authenticator {
  const issuers = new Map<string, Issuer>();
  for (const [tenant, settings] of Object.entries(tokens)) issuers.set(settings.issuer ?? tenant, issuerOf(tenant, settings));
  const open = (!apiKeys || apiKeys.size === 0) && issuers.size === 0;
  // With tokens but no keys, no key is valid (the resolver alone would let everyone in as `default`).
  const resolveKey = apiKeys && apiKeys.size > 0 ? createTenantResolver(apiKeys) : () => undefined;

  async function verifyToken(token: string, iss: unknown): Promise<Principal> {
    const issuer = typeof iss === 'string' ? issuers.get(iss) : undefined;
    if (!issuer) throw refused('The token\'s issuer (iss) is not a tenant of this gateway.');
    try {
      const { payload } = await jwtVerify(token, issuer.key, {
        issuer: iss as string,
        audience: issuer.audience,
        algorithms: issuer.algorithms,
        requiredClaims: ['sub', 'exp'],
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') throw refused('The token\'s sub claim is missing or invalid.');
      return { tenant: issuer.tenant, user: payload.sub, expiresAt: payload.exp! * 1000 };
    } catch (error) {
      const refusal = tokenRefusal(error);
      if (refusal) throw refusal;
      if ((error as { extensions?: unknown }).extensions) throw error;
      // The JWKS could not be fetched (timeout, network, a bad document): not the caller's fault.
      log.warn({ tenant: issuer.tenant, err: (error as Error).message }, 'token keys unavailable');
      throw gatewayError(ErrorCode.SERVICE_UNAVAILABLE, 'The tenant\'s token keys cannot be fetched right now. Try again shortly.');
    }
  }

  return async (authorization) => {
    if (open) return { tenant: DEFAULT_TENANT, user: null, expiresAt: null };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw refused('Send Authorization: Bearer <key or token>.');
    const credential = match[1]!;
    const claims = issuers.size > 0 && JWT_SHAPE.test(credential) ? unverifiedClaims(credential) : undefined;
    if (claims) return verifyToken(credential, claims.iss);
    const tenant = resolveKey(authorization);
    if (!tenant) throw refused('Send Authorization: Bearer <key> with a key this gateway knows.');
    return { tenant, user: null, expiresAt: null };
  };
}
