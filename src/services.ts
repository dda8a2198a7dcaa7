import type { Logger } from 'pino';
import type { RenderEstimator } from './estimates/estimator.js';
import type { KlingClient } from './kling/client.js';
import type { Poller } from './poller/poller.js';
import type { TaskEvents } from './pubsub/task-events.js';
import type { GatewayMetrics } from './server/metrics.js';
import type { TaskStore } from './store/task-store.js';

/**
 * What resolvers and servers are handed, built once in `src/app.ts`. Tests build the same graph with
 * other parts (a sandbox upstream, a fresh Redis prefix).
 */
export interface Services {
  store: TaskStore;
  events: TaskEvents;
  poller: Poller;
  kling: KlingClient;
  log: Logger;
  metrics: GatewayMetrics;
  /** Render-time distributions per key, from observations shared by every replica. */
  estimator: RenderEstimator;
  /** Where Kling should push status changes for a task, when the gateway is reachable from outside. */
  callbackUrl?: () => string;
}
