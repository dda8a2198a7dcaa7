import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolState } from '../admission/admission-queue.js';
import { requestPath, type RouteHandler } from './route-handler.js';

/**
 * Prometheus metrics, on a registry of the app's own (not prom-client's global one), so two gateways
 * in one process (tests, benchmarks) count separately.
 */
export interface GatewayMetrics {
  registry: Registry;
  polls: Counter<'outcome'>;
  creates: Counter<'capability' | 'outcome'>;
  callbacks: Counter<'outcome'>;
  unhandledRejections: Counter;
  /** Subscriptions streaming now, by transport. */
  subscriptions: Gauge<'transport'>;
  /** Requests and operations refused to protect the gateway, by the limit that refused them. */
  refusals: Counter<'limit'>;
  concurrencyRefusals: Counter<'pool'>;
}

/** The limits `refusals` counts by. */
export type RefusedBy =
  | 'body_size'
  | 'body_length'
  | 'cross_site'
  | 'cost'
  | 'depth'
  | 'aliases'
  | 'directives'
  | 'tokens'
  | 'operations_per_socket'
  | 'draining';

export interface MetricSources {
  liveTasks: () => Promise<number>;
  pools: () => Promise<PoolState[]>;
  webSocketConnections: () => number;
  draining: () => boolean;
}

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kling_gateway_' });
  return {
    registry,
    polls: new Counter({
      name: 'kling_gateway_upstream_polls_total',
      help: 'Task queries sent to Kling, by outcome (changed, unchanged, error).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    creates: new Counter({
      name: 'kling_gateway_tasks_created_total',
      help: 'Create mutations, by capability and outcome (created, queued, existing, upstream_error).',
      labelNames: ['capability', 'outcome'],
      registers: [registry],
    }),
    callbacks: new Counter({
      name: 'kling_gateway_callbacks_total',
      help: 'Callbacks received from Kling, by outcome (applied, unchanged, unknown, rejected, failed).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    unhandledRejections: new Counter({
      name: 'kling_gateway_unhandled_rejections_total',
      help: 'Promise rejections nothing handled: always a bug; the process logs them and keeps serving.',
      registers: [registry],
    }),
    subscriptions: new Gauge({
      name: 'kling_gateway_active_subscriptions',
      help: 'Subscriptions streaming on this replica, by transport (ws, sse).',
      labelNames: ['transport'],
      registers: [registry],
    }),
    refusals: new Counter({
      name: 'kling_gateway_refusals_total',
      help: 'Requests and operations refused to protect the gateway, by limit (body_size, body_length, cross_site, cost, depth, aliases, directives, tokens, operations_per_socket, draining).',
      labelNames: ['limit'],
      registers: [registry],
    }),
    concurrencyRefusals: new Counter({
      name: 'kling_gateway_upstream_concurrency_refusals_total',
      help: 'Creates Kling refused with 1303 (its concurrency limit), by model pool; each task went back to the head of its queue.',
      labelNames: ['pool'],
      registers: [registry],
    }),
  };
}

/** Gauges read at scrape time, once the parts they read exist. */
export function addGauges(metrics: GatewayMetrics, sources: MetricSources): void {
  new Gauge({
    name: 'kling_gateway_live_tasks',
    help: 'Tasks on the poll schedule (shared by every replica when Redis backs it).',
    registers: [metrics.registry],
    async collect() {
      this.set(await sources.liveTasks());
    },
  });
  const poolGauge = (name: string, help: string, value: (state: PoolState) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ['pool'],
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const state of await sources.pools()) {
          const v = value(state);
          if (v !== undefined) this.set({ pool: state.pool }, v);
        }
      },
    });
  poolGauge('kling_gateway_pool_limit', 'Kling slots in force per model pool: configured, lowered after a 1303, or learned (absent while still learning).', (s) => s.limit);
  poolGauge('kling_gateway_pool_in_flight', 'Tasks holding a Kling slot, per model pool.', (s) => s.inFlight);
  poolGauge('kling_gateway_pool_queued', 'Tasks waiting for a Kling slot, per model pool.', (s) => s.queued);
  new Gauge({
    name: 'kling_gateway_draining',
    help: '1 while this replica drains for shutdown (/readyz answers 503), else 0.',
    registers: [metrics.registry],
    collect() {
      this.set(sources.draining() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'kling_gateway_websocket_connections',
    help: 'Open graphql-ws connections on this replica.',
    registers: [metrics.registry],
    collect() {
      this.set(sources.webSocketConnections());
    },
  });
}

export function metricsRoute(metrics: GatewayMetrics): RouteHandler {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' || requestPath(req) !== '/metrics') return false;
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      },
      () => {
        res.writeHead(500).end();
      },
    );
    return true;
  };
}
