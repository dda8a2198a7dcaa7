import { createHash, timingSafeEqual } from 'node:crypto';

/** The only tenant of a gateway that has no GATEWAY_API_KEYS. */
export const DEFAULT_TENANT = 'default';

export type TenantResolver = (authorization: string | undefined | null) => string | undefined;

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Maps `Bearer <key>` to its tenant. Keys are compared as SHA-256 digests in constant time, so
 * neither the key nor how much of it matched shows in timing. Returns undefined when refused.
 */
export function createTenantResolver(apiKeys: Map<string, string> | undefined): TenantResolver {
  if (!apiKeys || apiKeys.size === 0) return () => DEFAULT_TENANT;
  const entries = [...apiKeys].map(([key, tenant]) => ({ digest: digest(key), tenant }));
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const presented = digest(match[1]!);
    let tenant: string | undefined;
    for (const entry of entries) if (timingSafeEqual(entry.digest, presented)) tenant = entry.tenant;
    return tenant;
  };
}
