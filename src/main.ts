import { startApp, type App } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const log = createLogger(config.logLevel);
let app: App | undefined;
// Every Redis and upstream command is awaited and handled; one that is not is a bug to see, not a
// reason to drop every connection.
process.on('unhandledRejection', (reason) => {
  app?.services.metrics.unhandledRejections.inc();
  log.error({ err: String(reason) }, 'unhandled rejection');
});

try {
  app = await startApp(config, { log });
} catch (error) {
  console.error(`kling-gateway: could not start: ${(error as Error).message}`);
  process.exit(1);
}
const where = `${app.url}/graphql`;
const state = config.redisClusterNodes ? 'state in a Redis Cluster' : config.redisUrl ? 'state in Redis' : 'state in memory (one process)';
if (app.sandbox) {
  console.log(
    `kling-gateway: SANDBOX MODE, no Kling credentials set; tasks go to the built-in sandbox upstream at ${app.sandbox.url}; ${state}. web app: ${app.url}/, GraphiQL: ${where}`,
  );
} else if (config.upstream.kind !== 'sandbox') {
  // The origin only: a base URL may carry credentials or a token in its query.
  console.log(`kling-gateway: upstream ${new URL(config.upstream.baseUrl).origin} (${config.upstream.kind} auth); ${state}. web app: ${app.url}/, GraphiQL: ${where}`);
}
log.info({ url: where, store: config.redisClusterNodes ? 'redis-cluster' : config.redisUrl ? 'redis' : 'memory' }, 'listening');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // SIGTERM comes from an orchestrator: give its load balancer the grace period to stop sending.
    // SIGINT is someone at a terminal: stop accepting at once, but still let work in flight finish.
    const graceMs = signal === 'SIGTERM' ? config.drainGraceMs : 0;
    log.info({ signal, graceMs, timeoutMs: config.drainTimeoutMs }, 'draining');
    app.stop({ graceMs }).then(
      () => process.exit(0),
      (error) => {
        log.error({ err: String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
