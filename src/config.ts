import { z } from 'zod';
import { parseClusterNodes } from './redis/cluster-nodes.js';
import { LEARNED_SLOTS, parseSlotLimits, type SlotLimits } from './admission/slots.js';
import { loadTenantSettings, NO_TENANT_SETTINGS, TENANT_NAME, TENANT_NAME_RULE, type TenantSettings } from './tenant-settings.js';

/** Kling's compatible gateway; the contract's default upstream. */
export const DEFAULT_KLING_BASE_URL = 'https://api.agentsflare.com/klingai';


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
        ctx.addIssue({ code: 'custom', message: TENANT_NAME_RULE });
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

const env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  KLING_BASE_URL: z.url().default(DEFAULT_KLING_BASE_URL),
  KLING_API_KEY: z.string().min(1).optional(),
  KLING_ACCESS_KEY: z.string().min(1).optional(),
  KLING_SECRET_KEY: z.string().min(1).optional(),
  REDIS_URL: z.string().min(1).optional(),
  /** A Redis Cluster (or Valkey cluster) instead of one node: some of its nodes, host:port,... */
  REDIS_CLUSTER_NODES: z.string().min(1).optional(),
  REDIS_PREFIX: z.string().min(1).default('kling-gateway:'),
  /** How long a replica owns a task it is polling before another may take it over. */
  POLL_LEASE_MS: z.coerce.number().int().min(1000).default(30000),
  KLING_WEBHOOK_SECRET: z.string().startsWith('whsec_').optional(),
  POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(2000),
  POLL_MAX_INTERVAL_MS: z.coerce.number().int().min(10).default(15000),
  /** estimate: polls timed by each task's render-time estimate; backoff: 1.5x per unchanged poll. */
  POLL_SCHEDULE: z.enum(['estimate', 'backoff']).default('estimate'),
  /** Estimate-timed polls: interval = spacing x sqrt(median / density); smaller, more polls. */
  POLL_ESTIMATE_SPACING: z.coerce.number().positive().max(10).default(0.03),
  GATEWAY_API_KEYS: apiKeys.optional(),
  PUBLIC_URL: z.url().optional(),
  GATEWAY_TENANTS_FILE: z.string().min(1).optional(),
  CORS_ORIGINS: corsOrigins.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long a task is kept (record, history entry, idempotency key), from its creation. */
  TASK_RETENTION_DAYS: z.coerce.number().positive().default(30),
  /** Serve the schema to introspection (GraphiQL, codegen). "Did you mean" hints are never given. */
  GRAPHQL_INTROSPECTION: z.stringbool().default(true),
  /** SIGTERM: how long /readyz answers 503 while the gateway still serves, before it stops accepting. */
  DRAIN_GRACE_MS: z.coerce.number().int().min(0).default(5000),
  /** The longest a shutdown waits for requests and creates in flight once it stops accepting. */
  DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10000),
  /** Sandbox only: how long a sandbox task takes to render. */
  SANDBOX_RENDER_MS: z.coerce.number().int().min(0).default(10000),
  /** Sandbox only: its slot count (Kling's concurrency limit). */
  SANDBOX_CONCURRENCY: z.coerce.number().int().min(1).optional(),
  KLING_CONCURRENCY: z.string().transform((value, ctx) => {
    try {
      return parseSlotLimits(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }).optional(),
  /** Sandbox only: spread (sigma of ln) of the log-normal render times; 0 = always the median. */
  SANDBOX_RENDER_SPREAD: z.coerce.number().min(0).max(2).default(0.25),
  /** Sandbox only: `model=medianMs[/spread],...` for models that render at another pace. */
  SANDBOX_RENDER_MODELS: z
    .string()
    .transform((value, ctx) => {
      const models: Record<string, { medianMs: number; spread?: number }> = {};
      for (const entry of value.split(',').map((s) => s.trim()).filter(Boolean)) {
        const match = /^([\w.-]+)=(\d+)(?:\/(\d+(?:\.\d+)?))?$/.exec(entry);
        if (!match) {
          ctx.addIssue({ code: 'custom', message: 'each entry must be model=medianMs or model=medianMs/spread' });
          return z.NEVER;
        }
        models[match[1]!] = { medianMs: Number(match[2]), ...(match[3] !== undefined ? { spread: Number(match[3]) } : {}) };
      }
      return models;
    })
    .optional(),
});

export type UpstreamConfig =
  | { kind: 'bearer'; baseUrl: string; apiKey: string }
  | { kind: 'jwt'; baseUrl: string; accessKey: string; secretKey: string }
  | { kind: 'sandbox'; renderMs: number; renderSpread: number; renderModels?: Record<string, { medianMs: number; spread?: number }>; concurrency?: number };

export interface GatewayConfig {
  port: number;
  host: string;
  upstream: UpstreamConfig;
  redisUrl?: string;
  /** Set instead of `redisUrl` for a Redis Cluster: the nodes to discover it from. */
  redisClusterNodes?: { host: string; port: number }[];
  redisPrefix: string;
  pollLeaseMs: number;
  pollIntervalMs: number;
  pollMaxIntervalMs: number;
  pollSchedule: 'estimate' | 'backoff';
  pollEstimateSpacing: number;
  /** Key -> tenant. Absent: the gateway is open and everyone is tenant `default`. */
  apiKeys?: Map<string, string>;
  publicUrl?: string;
  /**
   * Browser origins allowed to call the gateway (CORS and the WebSocket `Origin` check): a list,
   * `*` for any, or empty for none.
   */
  corsOrigins: string[] | '*';
  /** `whsec_...`: callbacks must carry a valid Standard Webhooks signature made with it. */
  webhookSecret?: string;
  logLevel: string;
  /** How long a task is kept from its creation, in ms. */
  taskRetentionMs: number;
  /** Whether the schema answers introspection. */
  introspection: boolean;
  /** Graceful shutdown (see `DrainPlan`). */
  drainGraceMs: number;
  drainTimeoutMs: number;
  /** Kling slots per model pool (KLING_CONCURRENCY); learned from 1303 when unset. */
  slots: SlotLimits;
  /** Per-tenant keys, quotas and end-user token settings (GATEWAY_TENANTS_FILE). */
  tenants: TenantSettings;
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
  if (e.REDIS_URL && e.REDIS_CLUSTER_NODES) {
    throw new ConfigError('Invalid configuration: set REDIS_URL (one node) or REDIS_CLUSTER_NODES (a cluster), not both.');
  }
  let redisClusterNodes: { host: string; port: number }[] | undefined;
  if (e.REDIS_CLUSTER_NODES) {
    try {
      redisClusterNodes = parseClusterNodes(e.REDIS_CLUSTER_NODES);
    } catch (error) {
      throw new ConfigError(`Invalid configuration: REDIS_CLUSTER_NODES: ${(error as Error).message}`);
    }
  }
  // Braces would make the prefix a Redis Cluster hash tag, putting every key in one slot.
  if (/[{}]/.test(e.REDIS_PREFIX)) throw new ConfigError('Invalid configuration: REDIS_PREFIX: no braces ({ or }).');
  if (e.POLL_MAX_INTERVAL_MS < e.POLL_INTERVAL_MS) {
    throw new ConfigError('Invalid configuration: POLL_MAX_INTERVAL_MS is below POLL_INTERVAL_MS.');
  }
  const upstream: UpstreamConfig = e.KLING_API_KEY
    ? { kind: 'bearer', baseUrl: e.KLING_BASE_URL, apiKey: e.KLING_API_KEY }
    : e.KLING_ACCESS_KEY && e.KLING_SECRET_KEY
      ? { kind: 'jwt', baseUrl: e.KLING_BASE_URL, accessKey: e.KLING_ACCESS_KEY, secretKey: e.KLING_SECRET_KEY }
      : {
          kind: 'sandbox',
          renderMs: e.SANDBOX_RENDER_MS,
          renderSpread: e.SANDBOX_RENDER_SPREAD,
          renderModels: e.SANDBOX_RENDER_MODELS,
          concurrency: e.SANDBOX_CONCURRENCY,
        };
  let tenants = NO_TENANT_SETTINGS;
  if (e.GATEWAY_TENANTS_FILE) {
    try {
      tenants = loadTenantSettings(e.GATEWAY_TENANTS_FILE);
    } catch (error) {
      throw new ConfigError(`Invalid configuration: GATEWAY_TENANTS_FILE: ${(error as Error).message}`);
    }
  }
  const apiKeys = e.GATEWAY_API_KEYS || tenants.keys.size > 0 ? new Map([...(e.GATEWAY_API_KEYS ?? []), ...tenants.keys]) : undefined;
  return {
    port: e.PORT,
    host: e.HOST,
    upstream,
    redisUrl: e.REDIS_URL,
    redisClusterNodes,
    redisPrefix: e.REDIS_PREFIX,
    pollLeaseMs: e.POLL_LEASE_MS,
    pollIntervalMs: e.POLL_INTERVAL_MS,
    pollMaxIntervalMs: e.POLL_MAX_INTERVAL_MS,
    pollSchedule: e.POLL_SCHEDULE,
    pollEstimateSpacing: e.POLL_ESTIMATE_SPACING,
    apiKeys,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    corsOrigins: e.CORS_ORIGINS ?? defaultCorsOrigins(upstream, apiKeys, Object.keys(tenants.tokens).length > 0),
    webhookSecret: e.KLING_WEBHOOK_SECRET,
    logLevel: e.LOG_LEVEL,
    taskRetentionMs: Math.round(e.TASK_RETENTION_DAYS * 24 * 60 * 60 * 1000),
    introspection: e.GRAPHQL_INTROSPECTION,
    drainGraceMs: e.DRAIN_GRACE_MS,
    drainTimeoutMs: e.DRAIN_TIMEOUT_MS,
    slots: e.KLING_CONCURRENCY ?? LEARNED_SLOTS,
    tenants,
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

