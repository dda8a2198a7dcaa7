import { startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { memory, serveIpc } from '../lib/ipc.js';
import { changeHandlers } from './changes.js';

/**
 * The gateway under test, in its own process: `startApp` with the configuration its environment
 * gives (exactly as `src/main.ts` reads it, so REDIS_URL selects Redis), plus a control channel
 * through which the driver seeds tasks and writes changes through the gateway's own store and
 * events, the path the poller takes.
 */
const config = loadConfig(process.env);
const app = await startApp(config);
const { store, events } = app.services;

const changes = changeHandlers({
  insert: (record) => store.insert(record),
  get: (id) => store.get(id),
  async write(next) {
    if (!(await store.replace(next))) return false;
    await events.publish(next);
    return true;
  },
});

serveIpc(
  {
    ...changes,
    memory,
    listeners: () => events.listenerCount(),
    async stop() {
      await app.stop();
      // Exit on the next turn so the reply goes out first; --cpu-prof writes its profile on exit.
      setTimeout(() => process.exit(0), 20);
    },
  },
  { url: app.url, store: config.redisUrl ? 'redis' : 'memory' },
);
