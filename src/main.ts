import { startApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

let config;
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
process.on('unhandledRejection', (reason) => {
  log.error({ err: String(reason) }, 'unhandled rejection');
});

const app = await startApp(config, { log });
const where = `${app.url}/graphql`;
if (app.sandbox) {
  console.log(
    `kling-gateway: SANDBOX MODE, no Kling credentials set; tasks go to the built-in sandbox upstream at ${app.sandbox.url}. GraphiQL: ${where}`,
  );
} else {
  console.log(`kling-gateway: upstream ${config.upstream.kind === 'sandbox' ? '' : config.upstream.baseUrl}. GraphiQL: ${where}`);
}
log.info({ url: where, store: config.redisUrl ? 'redis' : 'memory' }, 'listening');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    app.stop().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
