import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { GatewayConfig } from './config.js';
import { bearerAuth, jwtAuth, type UpstreamAuth } from './kling/auth.js';
import { createKlingClient, type KlingClient } from './kling/client.js';
import type { AdmissionQueue } from './admission/admission-queue.js';
import { createDispatcher } from './admission/dispatcher.js';
import { createMemoryAdmission } from './admission/memory-admission.js';
import { createPositionFeed } from './admission/position-feed.js';
import { createRedisAdmission } from './admission/redis-admission.js';
import { lognormal } from './estimates/distribution.js';
import { createRenderEstimator } from './estimates/estimator.js';
import type { RenderKey } from './estimates/render-key.js';
import { createLogger } from './logger.js';
import { createMemorySchedule } from './poller/memory-schedule.js';
import { createPoller } from './poller/poller.js';
import { createRedisSchedule } from './poller/redis-schedule.js';
import type { PollSchedule } from './poller/schedule.js';
import { createMemoryEvents } from './pubsub/memory-events.js';
import { createRedisEventTarget } from './pubsub/redis-event-target.js';
import { createRedisEvents } from './pubsub/redis-events.js';
import type { TaskEvents } from './pubsub/task-events.js';
import { connectRedis, createRedisConnection, isCluster, isRedisReady, type RedisClient, type RedisTarget } from './redis/connection.js';
import { guardRedis } from './redis/guard.js';
import { startSandbox, type Sandbox } from './sandbox/server.js';
import { schema } from './schema/index.js';
import { CALLBACK_PREFIX, callbackRoute } from './server/callbacks.js';
import { drain, type DrainPlan, type DrainTimeline } from './server/drain.js';
import { graphiqlRoute } from './server/graphiql.js';
import { readinessRoute } from './server/readiness.js';
import { createHttpServer } from './server/http.js';
import { createInFlight } from './server/in-flight.js';
import { addGauges, createMetrics, metricsRoute } from './server/metrics.js';
import { webAppRoute } from './server/web-app.js';
import { createAuthenticator } from './server/auth.js';
import { attachWebSocketServer } from './server/websocket.js';
import { createGatewayYoga } from './server/yoga.js';
import type { TaskRecord } from './model/task.js';
import type { Services } from './services.js';
import { createMemoryRenderTimes } from './store/memory-render-times.js';
import { createMemoryStore } from './store/memory-store.js';
import { createRedisRenderTimes } from './store/redis-render-times.js';
import { createRedisStore } from './store/redis-store.js';
import type { RenderTimes } from './store/render-times.js';
import type { TaskStore } from './store/task-store.js';

/**
 * How often a queued task's position is read for its watchers: at most one position message a
 * second to each, and one dispatch with 1,000 tasks queued costs nothing at once.
 */
const POSITION_INTERVAL_MS = 1000;

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
  /**
   * Drains (see `drain`), then closes Redis and the embedded sandbox. No grace period unless asked
   * for (SIGTERM asks for `DRAIN_GRACE_MS`); the wait for work in flight is `DRAIN_TIMEOUT_MS`.
   */
  stop(plan?: Partial<DrainPlan>): Promise<DrainTimeline>;
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
  admission: AdmissionQueue;
  renderTimes: RenderTimes;
  ready: () => boolean;
  close: () => Promise<void>;
}

function memoryState(retentionMs: number): State {
  return {
    store: createMemoryStore({ retentionMs }),
    events: createMemoryEvents(),
    schedule: createMemorySchedule(),
    admission: createMemoryAdmission(),
    renderTimes: createMemoryRenderTimes(),
    ready: () => true,
    close: async () => {},
  };
}

async function redisState(where: RedisTarget, prefix: string, log: Logger, retentionMs: number): Promise<State> {
  const commands = createRedisConnection(where, 'kling-gateway', log);
  // On a cluster, task events are shard channels: one subscriber connection per master.
  const subscriber = createRedisConnection(where, 'kling-gateway:sub', log, { sharded: true });
  await Promise.all([connectRedis(commands), connectRedis(subscriber)]);
  const store = guardRedis(createRedisStore({ redis: commands, prefix, retentionMs }));
  const target = createRedisEventTarget({ publisher: commands, subscriber, log, sharded: isCluster(subscriber) });
  const events = guardRedis(createRedisEvents({ target, store, prefix, log }));
  const quit = async (redis: RedisClient) => {
    await redis.quit().catch(() => redis.disconnect());
  };
  return {
    store,
    events,
    schedule: guardRedis(createRedisSchedule({ redis: commands, prefix })),
    admission: guardRedis(createRedisAdmission({ redis: commands, prefix })),
    renderTimes: guardRedis(createRedisRenderTimes({ redis: commands, prefix })),
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
        ...(config.upstream.kind === 'sandbox'
          ? {
              renderMs: config.upstream.renderMs,
              renderSpread: config.upstream.renderSpread,
              renderModels: config.upstream.renderModels,
              concurrency: config.upstream.concurrency,
            }
          : {}),
      });
      kling = createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth(sandboxKey) });
    }
  }

  const redisTarget: RedisTarget | undefined = config.redisClusterNodes
    ? { clusterNodes: config.redisClusterNodes }
    : config.redisUrl
      ? { url: config.redisUrl }
      : undefined;
  const state = redisTarget ? await redisState(redisTarget, config.redisPrefix, log, config.taskRetentionMs) : memoryState(config.taskRetentionMs);
  const { store, events, schedule, admission } = state;
  const metrics = createMetrics();
  // Work a drain waits for. Every upstream create counts, whoever makes it (a mutation, a
  // dispatcher), so a shutdown never cuts off a create Kling may bill.
  const inFlight = createInFlight();
  const upstream = kling;
  kling = { ...upstream, createTask: (...args) => inFlight.track(upstream.createTask(...args)) };
  const pathSecret = callbackPathSecret(config);
  const callbackUrl = config.publicUrl ? () => `${config.publicUrl}${CALLBACK_PREFIX}${pathSecret}` : undefined;
  // The poller tells the dispatcher of ended tasks, and the dispatcher the poller of submitted ones:
  // the late binding keeps each unaware of the other.
  let onTerminal: (record: TaskRecord) => void = () => {};
  const upstreamConfig = config.upstream;
  const estimator = createRenderEstimator({
    times: state.renderTimes,
    log,
    // The embedded sandbox is the upstream here, and its render times are known: the table's
    // figures for Kling would have the first tasks polled at the slowest interval.
    ...(sandbox && upstreamConfig.kind === 'sandbox'
      ? {
          prior: (key: RenderKey) => {
            const own = upstreamConfig.renderModels?.[key.model];
            return lognormal(own?.medianMs ?? upstreamConfig.renderMs, own?.spread ?? upstreamConfig.renderSpread);
          },
        }
      : {}),
  });
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
    estimator,
    // With callbacks the fallback stays slow and plain; without, polls follow each task's estimate.
    estimateTiming: !config.publicUrl && config.pollSchedule === 'estimate' ? { spacing: config.pollEstimateSpacing } : undefined,
    onPoll: (outcome) => metrics.polls.inc({ outcome }),
    onTerminal: (record) => onTerminal(record),
  });
  const dispatcher = createDispatcher({
    store,
    queue: admission,
    events,
    kling,
    log,
    slots: config.slots,
    tenantInFlight: config.tenants.inFlightLimits,
    track: (id) => poller.track(id),
    leaseMs: config.pollLeaseMs,
    callbackUrl,
    onConcurrencyRefusal: (pool) => metrics.concurrencyRefusals.inc({ pool }),
    estimator,
  });
  onTerminal = dispatcher.settled;
  const services: Services = {
    inFlight,
    store,
    events,
    poller,
    kling,
    log,
    metrics,
    admission,
    dispatcher,
    positions: createPositionFeed((record) => dispatcher.position(record), POSITION_INTERVAL_MS),
    tenantLimits: config.tenants.limits,
    callbackUrl,
    estimator,
  };

  const authenticate = createAuthenticator({ apiKeys: config.apiKeys, tokens: config.tenants.tokens, log });
  let draining = false;
  const isDraining = () => draining;
  const yoga = createGatewayYoga({
    schema,
    services,
    authenticate,
    corsOrigins: config.corsOrigins,
    log,
    inFlight,
    introspection: config.introspection,
  });
  const server = createHttpServer(
    yoga,
    [
      readinessRoute(async () => !draining && state.ready()),
      metricsRoute(metrics),
      graphiqlRoute(),
      webAppRoute(),
      callbackRoute({ pathSecret, webhookSecret: config.webhookSecret, services }),
    ],
    { inFlight, draining: isDraining, onRefused: (limit) => metrics.refusals.inc({ limit }) },
  );
  const ws = attachWebSocketServer(server, yoga, {
    authenticate,
    corsOrigins: config.corsOrigins,
    draining: isDraining,
    onRefused: (limit) => metrics.refusals.inc({ limit }),
  });
  addGauges(metrics, {
    liveTasks: () => schedule.size(),
    pools: () => dispatcher.poolStates(),
    webSocketConnections: () => ws.wss.clients.size,
    draining: isDraining,
  });

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
  dispatcher.start();

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;

  let stopped: Promise<DrainTimeline> | undefined;
  return {
    url,
    services,
    sandbox,
    stop(plan = {}) {
      stopped ??= (async () => {
        const timeline = await drain(
          {
            server,
            inFlight,
            log,
            markDraining: () => void (draining = true),
            // Dispatches under way count as work in flight: the drain waits for them within its bound,
            // and a dispatch cut off is recovered by its lease on another replica.
            stopPolling: async () => {
              void inFlight.track(dispatcher.stop());
              await poller.stop();
            },
            closeSockets: async () => {
              // SSE has no close frame: ending the stream is the signal, and the client resumes elsewhere.
              for (const stream of server.streams) stream.socket.destroy();
              await ws.dispose();
            },
          },
          { graceMs: plan.graceMs ?? 0, timeoutMs: plan.timeoutMs ?? config.drainTimeoutMs },
        );
        await events.close();
        await state.close();
        if (ownsKling) upstream.close();
        await sandbox?.close();
        return timeline;
      })();
      return stopped;
    },
  };
}
