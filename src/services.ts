import type { Logger } from 'pino';
import type { AdmissionQueue } from './admission/admission-queue.js';
import type { Dispatcher } from './admission/dispatcher.js';
import type { PositionFeed } from './admission/position-feed.js';
import type { TenantLimits } from './tenant-settings.js';
import type { RenderEstimator } from './estimates/estimator.js';
import type { KlingClient } from './kling/client.js';
import type { Poller } from './poller/poller.js';
import type { TaskEvents } from './pubsub/task-events.js';
import type { InFlight } from './server/in-flight.js';
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
  /**
   * Work a graceful shutdown waits for (up to DRAIN_TIMEOUT_MS): wrap anything that must not be cut
   * off, such as a create's upstream call together with the write that stores its answer.
   */
  inFlight: InFlight;
  /** The shared admission state: queues, slots, tenants' counts. */
  admission: AdmissionQueue;
  dispatcher: Dispatcher;
  /** Queue positions of queued tasks for this process's subscribers. */
  positions: PositionFeed;
  tenantLimits: (tenant: string) => TenantLimits;
  /** Render-time distributions per key, from observations shared by every replica. */
  estimator: RenderEstimator;
  /** Where Kling should push status changes for a task, when the gateway is reachable from outside. */
  callbackUrl?: () => string;
}
