import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { GatewayConfig } from './config.js';
import { bearerAuth, jwtAuth, type UpstreamAuth } from './kling/auth.js';
import { createKlingClient, type KlingClient } from './kling/client.js';
import { createLogger } from './logger.js';
import { createMemorySchedule } from './poller/memory-schedule.js';
import { createPoller } from './poller/poller.js';
import type { PollSchedule } from './poller/schedule.js';
import { createMemoryEvents } from './pubsub/memory-events.js';
import type { TaskEvents } from './pubsub/task-events.js';
import { startSandbox, type Sandbox } from './sandbox/server.js';
import { schema } from './schema/index.js';
import { createHttpServer } from './server/http.js';
import { addGauges, createMetrics, metricsRoute } from './server/metrics.js';
import { createTenantResolver } from './server/tenants.js';
import { attachWebSocketServer } from './server/websocket.js';
import { createGatewayYoga } from './server/yoga.js';
import type { Services } from './services.js';
import { createMemoryStore } from './store/memory-store.js';
import type { TaskStore } from './store/task-store.js';

/** Parts a caller (a test, a benchmark) may supply instead of the ones the config implies. */
export interface AppParts {
  log?: Logger;
  store?: TaskStore;
  events?: TaskEvents;
  schedule?: PollSchedule;
  kling?: KlingClient;
}

export interface App {
  /** `http://host:port`, known once started. */
  url: string;
  services: Services;
  /** The embedded upstream, when no Kling credentials were configured. */
  sandbox?: Sandbox;
  stop(): Promise<void>;
}

function upstreamAuth(config: GatewayConfig): UpstreamAuth | undefined {
  const upstream = config.upstream;
  if (upstream.kind === 'bearer') return bearerAuth(upstream.apiKey);
  if (upstream.kind === 'jwt') return jwtAuth({ accessKey: upstream.accessKey, secretKey: upstream.secretKey });
  return undefined;
}

/**
 * Wiring at the edge: builds the services the config asks for, the schema's servers, and starts
 * listening. Everything below receives its parts as arguments.
 */
export async function startApp(config: GatewayConfig, parts: AppParts = {}): Promise<App> {
  const log = parts.log ?? createLogger(config.logLevel);

  let sandbox: Sandbox | undefined;
  let kling = parts.kling;
  if (!kling) {
    const auth = upstreamAuth(config);
    if (auth && config.upstream.kind !== 'sandbox') {
      kling = createKlingClient({ baseUrl: config.upstream.baseUrl, auth });
    } else {
      const sandboxKey = 'sandbox-key';
      sandbox = await startSandbox({
        apiKey: sandboxKey,
        renderMs: config.upstream.kind === 'sandbox' ? config.upstream.renderMs : undefined,
      });
      kling = createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth(sandboxKey) });
    }
  }

  const store = parts.store ?? createMemoryStore();
  const events = parts.events ?? createMemoryEvents();
  const schedule = parts.schedule ?? createMemorySchedule();
  const metrics = createMetrics();
  const poller = createPoller({
    store,
    schedule,
    events,
    kling,
    log,
    intervalMs: config.pollIntervalMs,
    maxIntervalMs: config.pollMaxIntervalMs,
    onPoll: (outcome) => metrics.polls.inc({ outcome }),
  });
  const services: Services = { store, events, poller, kling, log, metrics };

  const resolveTenant = createTenantResolver(config.apiKeys);
  let stopping = false;
  const yoga = createGatewayYoga({
    schema,
    services,
    resolveTenant,
    log,
    isReady: async () => !stopping,
  });
  const server = createHttpServer(yoga, [metricsRoute(metrics)]);
  const ws = attachWebSocketServer(server, yoga, resolveTenant);
  addGauges(metrics, { liveTasks: () => schedule.size(), webSocketConnections: () => ws.wss.clients.size });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Resume every live task a previous process (or another replica) left behind.
  for (const id of await store.liveTaskIds()) await poller.track(id);
  poller.start();

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;

  return {
    url,
    services,
    sandbox,
    async stop() {
      if (stopping) return;
      stopping = true;
      // Drain: no new connections, subscribers told we are going away, polls in flight finished.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await ws.dispose();
      server.closeIdleConnections();
      await poller.stop();
      server.closeAllConnections();
      await closed;
      await events.close();
      await sandbox?.close();
    },
  };
}
