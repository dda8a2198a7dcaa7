import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** Tenant names appear in keys and in ids sent to Kling; `~` is kept for user scopes. */
export const TENANT_NAME = /^[\w.-]+$/;
export const TENANT_NAME_RULE = 'tenant names are letters, digits, _ . -';

/** A tenant's quotas; an absent one is no limit. */
export interface TenantLimits {
  /** Tasks waiting for a Kling slot at once; a create beyond it is refused with QUOTA_EXCEEDED. */
  maxQueued?: number;
  /** Tasks at Kling at once; more wait in the queue (the tenant's turn is skipped meanwhile). */
  maxInFlight?: number;
  /** Video-seconds per UTC day (duration x count, PRO times `proFactor`); a create beyond it is refused. */
  dailyVideoSeconds?: number;
  /** How many seconds a PRO second counts as. @default 1 */
  proFactor?: number;
}

export interface TenantSettings {
  /** Key -> tenant, merged into GATEWAY_API_KEYS. */
  keys: Map<string, string>;
  /** Tenant -> how its end-user tokens are checked; tenants that issue none are absent. */
  tokens: Record<string, TokenSettings>;
  limits: (tenant: string) => TenantLimits;
  /** Tenants with an in-flight limit, for the dispatcher; `*` is the default's. */
  inFlightLimits: Record<string, number>;
}

const limitsSchema = z.strictObject({
  maxQueued: z.number().int().min(0).optional(),
  maxInFlight: z.number().int().min(1).optional(),
  dailyVideoSeconds: z.number().min(0).optional(),
  proFactor: z.number().min(0).optional(),
});

/**
 * End-user tokens a tenant's own backend signs: HS256 with `secret`, or RS256/ES256 with a key from
 * `jwksUrl`. `iss` picks the tenant; `sub` is the end user.
 */
export const tokenSettings = z
  .object({
    /** HS256 shared secret; at least 32 characters (RFC 7518 wants 256 bits). */
    secret: z.string().min(32, 'at least 32 characters').optional(),
    /** Where the tenant publishes its public keys (RS256, ES256). */
    jwksUrl: z.url().optional(),
    /** The `iss` a token must carry; it is how the gateway finds the tenant. Default: the tenant's name. */
    issuer: z.string().min(1).optional(),
    /** The `aud` a token must carry. */
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).default('kling-gateway'),
    /** Least time between two fetches of the JWKS when a token names a key not seen yet. */
    jwksCooldownMs: z.number().int().min(0).default(30_000),
  })
  .strict()
  .refine((t) => t.secret !== undefined || t.jwksUrl !== undefined, 'give secret, jwksUrl, or both');
export type TokenSettings = z.infer<typeof tokenSettings>;

const fileSchema = z.strictObject({
  defaults: limitsSchema.optional(),
  tenants: z
    .record(
      z.string(),
      limitsSchema.extend({
        keys: z.array(z.string().min(16, 'a key must be at least 16 characters')).optional(),
        tokens: tokenSettings.optional(),
      }),
    )
    // Checked here rather than on the record's key schema, whose failure zod reports only as "Invalid key".
    .superRefine((tenants, ctx) => {
      for (const name of Object.keys(tenants)) {
        if (!TENANT_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: TENANT_NAME_RULE });
      }
    }),
});

export const NO_TENANT_SETTINGS: TenantSettings = { keys: new Map(), tokens: {}, limits: () => ({}), inFlightLimits: {} };

/**
 * `GATEWAY_TENANTS_FILE`: JSON or YAML. Errors name the file, the tenant and the field, never a
 * value, since keys live here.
 */
export function parseTenantSettings(text: string, fileName: string): TenantSettings {
  let raw: unknown;
  try {
    raw = fileName.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch {
    throw new Error(`${fileName} is not valid ${fileName.endsWith('.json') ? 'JSON' : 'YAML'}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`);
    throw new Error(`${fileName}: ${problems.join('; ')}`);
  }
  const { defaults = {}, tenants } = parsed.data;
  const keys = new Map<string, string>();
  const inFlightLimits: Record<string, number> = defaults.maxInFlight !== undefined ? { '*': defaults.maxInFlight } : {};
  const byTenant = new Map<string, TenantLimits>();
  const tokens: Record<string, TokenSettings> = {};
  const issuers = new Map<string, string>();
  for (const [tenant, { keys: tenantKeys = [], tokens: tenantTokens, ...limits }] of Object.entries(tenants)) {
    for (const key of tenantKeys) {
      if (keys.has(key)) throw new Error(`${fileName}: tenants.${tenant}.keys: a key is also given to tenant ${keys.get(key)}`);
      keys.set(key, tenant);
    }
    if (tenantTokens) {
      // A token's `iss` names its tenant, so no two tenants may share one.
      const issuer = tenantTokens.issuer ?? tenant;
      if (issuers.has(issuer)) throw new Error(`${fileName}: tenants ${issuers.get(issuer)} and ${tenant} have the same token issuer`);
      issuers.set(issuer, tenant);
      tokens[tenant] = tenantTokens;
    }
    const merged = { ...defaults, ...limits };
    byTenant.set(tenant, merged);
    if (merged.maxInFlight !== undefined) inFlightLimits[tenant] = merged.maxInFlight;
  }
  return { keys, tokens, limits: (tenant) => byTenant.get(tenant) ?? defaults, inFlightLimits };
}

export function loadTenantSettings(path: string): TenantSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} cannot be read`);
  }
  return parseTenantSettings(text, path);
}
