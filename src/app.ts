import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { GatewayConfig } from './config.js';
import { bearerAuth, jwtAuth, type UpstreamAuth } from './kling/auth.js';
import { createKlingClient, type KlingClient } from './kling/client.js';
import { createLogger } from './logger.js';
import { createMemorySchedule } from './poller/memory-schedule.js';
import { createPoller } from './poller/poller.js';
import { createRedisSchedule } from './poller/redis-schedule.js';
import type { PollSchedule } from './poller/schedule.js';
import { createMemoryEvents } from './pubsub/memory-events.js';
import { createRedisEventTarget } from './pubsub/redis-event-target.js';
import { createRedisEvents } from './pubsub/redis-events.js';
import type { TaskEvents } from './pubsub/task-events.js';
import { connectRedis, createRedisConnection, isRedisReady } from './redis/connection.js';
import { guardRedis } from './redis/guard.js';
import { startSandbox, type Sandbox } from './sandbox/server.js';
import { schema } from './schema/index.js';
import { CALLBACK_PREFIX, callbackRoute } from './server/callbacks.js';
import { createHttpServer } from './server/http.js';
import { addGauges, createMetrics, metricsRoute } from './server/metrics.js';
import { createAuthenticator } from './server/auth.js';
import { attachWebSocketServer } from './server/websocket.js';
import { createGatewayYoga } from './server/yoga.js';
import type { Services } from './services.js';
import { createMemoryStore } from './store/memory-store.js';
import { createRedisStore } from './store/redis-store.js';
import type { TaskStore } from './store/task-store.js';

/** Parts a caller (a test, a benchmark) may supply instead of the ones the config implies. */
export interface AppParts {
  log?: Logger;
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
 * The secret path segment of `callback_url`. Every replica with the same Kling credentials derives
 * the same one, so a callback may land on any of them, and nobody without the credentials can.
 */
function callbackPathSecret(config: GatewayConfig): string {
  const upstream = config.upstream;
  const material =
    upstream.kind === 'bearer' ? upstream.apiKey : upstream.kind === 'jwt' ? upstream.secretKey : randomBytes(32).toString('hex');
  return createHmac('sha256', material).update('kling-gateway callback path').digest('base64url').slice(0, 32);
}

interface State {
  store: TaskStore;
  events: TaskEvents;
  schedule: PollSchedule;
  ready: () => boolean;
  close: () => Promise<void>;
}

function memoryState(): State {
  return {
    store: createMemoryStore(),
    events: createMemoryEvents(),
    schedule: createMemorySchedule(),
    ready: () => true,
    close: async () => {},
  };
}

async function redisState(url: string, prefix: string, log: Logger): Promise<State> {
  const commands = createRedisConnection(url, 'kling-gateway', log);
  const subscriber = createRedisConnection(url, 'kling-gateway:sub', log);
  await Promise.all([connectRedis(commands), connectRedis(subscriber)]);
  const store = guardRedis(createRedisStore({ redis: commands, prefix }));
  const target = createRedisEventTarget({ publisher: commands, subscriber, log });
  const events = guardRedis(createRedisEvents({ target, store, prefix, log }));
  const quit = async (redis: Redis) => {
    await redis.quit().catch(() => redis.disconnect());
  };
  return {
    store,
    events,
    schedule: guardRedis(createRedisSchedule({ redis: commands, prefix })),
    ready: () => isRedisReady(commands) && isRedisReady(subscriber),
    close: async () => {
      await Promise.all([quit(commands), quit(subscriber)]);
    },
  };
}

/**
 * Wiring at the edge: builds the services the config asks for, the schema's servers, and starts
 * listening. Everything below receives its parts as arguments.
 */
export async function startApp(config: GatewayConfig, parts: AppParts = {}): Promise<App> {
  const log = parts.log ?? createLogger(config.logLevel);

  let sandbox: Sandbox | undefined;
  let kling = parts.kling;
  const ownsKling = !kling;
  if (!kling) {
    const auth = upstreamAuth(config);
    if (auth && config.upstream.kind !== 'sandbox') {
      kling = createKlingClient({ baseUrl: config.upstream.baseUrl, auth });
    } else {
      const sandboxKey = randomBytes(16).toString('hex');
      sandbox = await startSandbox({
        apiKey: sandboxKey,
        record: false,
        renderMs: config.upstream.kind === 'sandbox' ? config.upstream.renderMs : undefined,
      });
      kling = createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth(sandboxKey) });
    }
  }

  const state = config.redisUrl ? await redisState(config.redisUrl, config.redisPrefix, log) : memoryState();
  const { store, events, schedule } = state;
  const metrics = createMetrics();
  const poller = createPoller({
    store,
    schedule,
    events,
    kling,
    log,
    // With callbacks, Kling pushes each change; polling is the slow fallback.
    intervalMs: config.publicUrl ? config.pollMaxIntervalMs : config.pollIntervalMs,
    maxIntervalMs: config.pollMaxIntervalMs,
    leaseMs: config.pollLeaseMs,
    onPoll: (outcome) => metrics.polls.inc({ outcome }),
  });
  const pathSecret = callbackPathSecret(config);
  const services: Services = {
    store,
    events,
    poller,
    kling,
    log,
    metrics,
    callbackUrl: config.publicUrl ? () => `${config.publicUrl}${CALLBACK_PREFIX}${pathSecret}` : undefined,
  };

  const authenticate = createAuthenticator({ apiKeys: config.apiKeys, tenants: config.tenants, log });
  let stopping = false;
  const yoga = createGatewayYoga({
    schema,
    services,
    authenticate,
    corsOrigins: config.corsOrigins,
    log,
    isReady: async () => !stopping && state.ready(),
  });
  const server = createHttpServer(yoga, [
    metricsRoute(metrics),
    callbackRoute({ pathSecret, webhookSecret: config.webhookSecret, services }),
  ]);
  const ws = attachWebSocketServer(server, yoga, { authenticate, corsOrigins: config.corsOrigins });
  addGauges(metrics, { liveTasks: () => schedule.size(), webSocketConnections: () => ws.wss.clients.size });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The poller's first tick puts every live task a previous process left behind back on the schedule;
  // with Redis, tasks another replica has scheduled (and may be polling) stay as they are.
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
      await state.close();
      if (ownsKling) kling.close();
      await sandbox?.close();
    },
  };
}
