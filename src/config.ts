import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Kling's compatible gateway; the contract's default upstream. */
export const DEFAULT_KLING_BASE_URL = 'https://api.agentsflare.com/klingai';

/** Tenant names appear in keys and in ids sent to Kling; `~` is kept for user scopes. */
const TENANT_NAME = /^[\w.-]+$/;

const apiKeys = z
  .string()
  .transform((value, ctx) => {
    const tenants = new Map<string, string>();
    for (const entry of value.split(',').map((s) => s.trim()).filter(Boolean)) {
      const colon = entry.indexOf(':');
      if (colon <= 0 || colon === entry.length - 1) {
        ctx.addIssue({ code: 'custom', message: 'each entry must be tenant:key' });
        return z.NEVER;
      }
      const tenant = entry.slice(0, colon);
      if (!TENANT_NAME.test(tenant)) {
        ctx.addIssue({ code: 'custom', message: 'tenant names are letters, digits, _ . -' });
        return z.NEVER;
      }
      tenants.set(entry.slice(colon + 1), tenant);
    }
    return tenants;
  });

/** `https://app.example.com`: a scheme, a host and maybe a port; what browsers send as `Origin`. */
const origin = z.string().transform((value, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.origin !== value.replace(/\/+$/, '')) {
    ctx.addIssue({ code: 'custom', message: 'each entry must be an origin such as https://app.example.com, or * alone' });
    return z.NEVER;
  }
  return url.origin;
});

const corsOrigins = z.string().transform((value, ctx): string[] | '*' => {
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 1 && entries[0] === '*') return '*';
  const origins: string[] = [];
  for (const entry of entries) {
    const parsed = origin.safeParse(entry);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'each entry must be an origin such as https://app.example.com, or * alone' });
      return z.NEVER;
    }
    origins.push(parsed.data);
  }
  return origins;
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

/**
 * One tenant's settings: an object with optional parts, so each concern (tokens, quotas, ...) adds
 * its own key. Read from `GATEWAY_TENANTS_FILE`.
 */
export const tenantSettings = z.object({
  tokens: tokenSettings.optional(),
});
export type TenantSettings = z.infer<typeof tenantSettings>;

export const tenantsFile = z.record(z.string(), tenantSettings).superRefine((tenants, ctx) => {
  for (const name of Object.keys(tenants)) {
    if (!TENANT_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'tenant names are letters, digits, _ . -' });
  }
});

const env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  KLING_BASE_URL: z.url().default(DEFAULT_KLING_BASE_URL),
  KLING_API_KEY: z.string().min(1).optional(),
  KLING_ACCESS_KEY: z.string().min(1).optional(),
  KLING_SECRET_KEY: z.string().min(1).optional(),
  REDIS_URL: z.string().min(1).optional(),
  REDIS_PREFIX: z.string().min(1).default('kling-gateway:'),
  /** How long a replica owns a task it is polling before another may take it over. */
  POLL_LEASE_MS: z.coerce.number().int().min(1000).default(30000),
  KLING_WEBHOOK_SECRET: z.string().startsWith('whsec_').optional(),
  POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(2000),
  POLL_MAX_INTERVAL_MS: z.coerce.number().int().min(10).default(15000),
  GATEWAY_API_KEYS: apiKeys.optional(),
  PUBLIC_URL: z.url().optional(),
  GATEWAY_TENANTS_FILE: z.string().min(1).optional(),
  CORS_ORIGINS: corsOrigins.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Sandbox only: how long a sandbox task takes to render. */
  SANDBOX_RENDER_MS: z.coerce.number().int().min(0).default(10000),
});

export type UpstreamConfig =
  | { kind: 'bearer'; baseUrl: string; apiKey: string }
  | { kind: 'jwt'; baseUrl: string; accessKey: string; secretKey: string }
  | { kind: 'sandbox'; renderMs: number };

export interface GatewayConfig {
  port: number;
  host: string;
  upstream: UpstreamConfig;
  redisUrl?: string;
  redisPrefix: string;
  pollLeaseMs: number;
  pollIntervalMs: number;
  pollMaxIntervalMs: number;
  /** Key -> tenant. Absent: the gateway is open and everyone is tenant `default`. */
  apiKeys?: Map<string, string>;
  publicUrl?: string;
  /** Per-tenant settings from `GATEWAY_TENANTS_FILE`; tenants without settings are absent. */
  tenants: Record<string, TenantSettings>;
  /**
   * Browser origins allowed to call the gateway (CORS and the WebSocket `Origin` check): a list,
   * `*` for any, or empty for none.
   */
  corsOrigins: string[] | '*';
  /** `whsec_...`: callbacks must carry a valid Standard Webhooks signature made with it. */
  webhookSecret?: string;
  logLevel: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the environment once, at start-up; a bad value stops the gateway with a clear message. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = env.safeParse(cleaned);
  if (!parsed.success) {
    // Name the variable, never echo its value: it may be a secret.
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (Boolean(e.KLING_ACCESS_KEY) !== Boolean(e.KLING_SECRET_KEY)) {
    throw new ConfigError('Invalid configuration: KLING_ACCESS_KEY and KLING_SECRET_KEY go together.');
  }
  if (e.POLL_MAX_INTERVAL_MS < e.POLL_INTERVAL_MS) {
    throw new ConfigError('Invalid configuration: POLL_MAX_INTERVAL_MS is below POLL_INTERVAL_MS.');
  }
  const tenants = e.GATEWAY_TENANTS_FILE ? readTenantsFile(e.GATEWAY_TENANTS_FILE) : {};
  const issuers = new Map<string, string>();
  for (const [name, settings] of Object.entries(tenants)) {
    if (!settings.tokens) continue;
    const issuer = settings.tokens.issuer ?? name;
    if (issuers.has(issuer)) {
      throw new ConfigError(`Invalid configuration: GATEWAY_TENANTS_FILE: tenants ${issuers.get(issuer)} and ${name} have the same token issuer.`);
    }
    issuers.set(issuer, name);
  }
  const upstream: UpstreamConfig = e.KLING_API_KEY
    ? { kind: 'bearer', baseUrl: e.KLING_BASE_URL, apiKey: e.KLING_API_KEY }
    : e.KLING_ACCESS_KEY && e.KLING_SECRET_KEY
      ? { kind: 'jwt', baseUrl: e.KLING_BASE_URL, accessKey: e.KLING_ACCESS_KEY, secretKey: e.KLING_SECRET_KEY }
      : { kind: 'sandbox', renderMs: e.SANDBOX_RENDER_MS };
  return {
    port: e.PORT,
    host: e.HOST,
    upstream,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    pollLeaseMs: e.POLL_LEASE_MS,
    pollIntervalMs: e.POLL_INTERVAL_MS,
    pollMaxIntervalMs: e.POLL_MAX_INTERVAL_MS,
    apiKeys: e.GATEWAY_API_KEYS,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    tenants,
    corsOrigins: e.CORS_ORIGINS ?? defaultCorsOrigins(upstream, e.GATEWAY_API_KEYS, issuers.size > 0),
    webhookSecret: e.KLING_WEBHOOK_SECRET,
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * Without CORS_ORIGINS: any origin for the open sandbox (nothing to steal, nothing billed), and no
 * browser origin otherwise (keys or tokens configured, or a real Kling account behind an open
 * gateway), so letting pages elsewhere call it is a decision someone made.
 */
function defaultCorsOrigins(upstream: UpstreamConfig, apiKeys: Map<string, string> | undefined, tokens: boolean): string[] | '*' {
  const open = !(apiKeys && apiKeys.size > 0) && !tokens;
  return open && upstream.kind === 'sandbox' ? '*' : [];
}

/** JSON: `{ "<tenant>": { "tokens": { ... } } }`. Problems name the setting, never a value. */
function readTenantsFile(path: string): Record<string, TenantSettings> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    throw new ConfigError(`Invalid configuration: GATEWAY_TENANTS_FILE ${why}.`);
  }
  const parsed = tenantsFile.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: GATEWAY_TENANTS_FILE: ${problems.join('; ')}`);
  }
  return parsed.data;
}
