import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

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

const fileSchema = z.strictObject({
  defaults: limitsSchema.optional(),
  tenants: z.record(
    z.string().regex(/^[\w.-]+$/, 'a tenant name is letters, digits, _ . -'),
    limitsSchema.extend({ keys: z.array(z.string().min(16, 'a key must be at least 16 characters')).optional() }),
  ),
});

export const NO_TENANT_SETTINGS: TenantSettings = { keys: new Map(), limits: () => ({}), inFlightLimits: {} };

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
  for (const [tenant, { keys: tenantKeys = [], ...limits }] of Object.entries(tenants)) {
    for (const key of tenantKeys) {
      if (keys.has(key)) throw new Error(`${fileName}: tenants.${tenant}.keys: a key is also given to tenant ${keys.get(key)}`);
      keys.set(key, tenant);
    }
    const merged = { ...defaults, ...limits };
    byTenant.set(tenant, merged);
    if (merged.maxInFlight !== undefined) inFlightLimits[tenant] = merged.maxInFlight;
  }
  return { keys, limits: (tenant) => byTenant.get(tenant) ?? defaults, inFlightLimits };
}

export function loadTenantSettings(path: string): TenantSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`GATEWAY_TENANTS_FILE cannot be read: ${path}`);
  }
  return parseTenantSettings(text, path);
}
