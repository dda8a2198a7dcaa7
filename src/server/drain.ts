import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { InFlight } from './in-flight.js';

export interface DrainPlan {
  /**
   * How long the gateway keeps serving everything after it starts draining, while `/readyz` answers
   * 503, so a load balancer takes it out of rotation before it stops accepting. @default 5000 (SIGTERM)
   */
  graceMs: number;
  /** The longest wait, once it stops accepting, for requests and operations in flight. @default 10000 */
  timeoutMs: number;
}

export interface DrainSteps {
  server: Server;
  inFlight: InFlight;
  log: Logger;
  /** From now on `/readyz` answers 503 and new WebSocket upgrades are refused. */
  markDraining(): void;
  /** Stops polling and hands the leases of polls in flight back, due now, to the other replicas. */
  stopPolling(): Promise<void>;
  /** Closes WebSockets (1001; a peer that does not answer is cut off) and ends SSE streams. */
  closeSockets(): Promise<void>;
}

/** Milliseconds from the start of the drain to each step, for the log and for tests. */
export interface DrainTimeline {
  /** `/readyz` answers 503 from here (0: at once). */
  notReadyAt: number;
  /** The listening socket is closed: new connections are refused. */
  stoppedAcceptingAt: number;
  /** Every request and operation in flight has finished (or the timeout ran out). */
  settledAt: number;
  /** Requests and operations still running when the timeout ran out. */
  abandoned: number;
  /** Every connection is closed. */
  closedAt: number;
}

/**
 * A graceful shutdown that loses no paid task: say "not ready" at once, keep serving through the
 * grace period, stop accepting, let what is in flight finish (a create reaches the store), give the
 * poll leases back, close the sockets, and only then let the caller close Redis and exit.
 */
export async function drain(steps: DrainSteps, plan: DrainPlan): Promise<DrainTimeline> {
  const started = performance.now();
  const at = () => Math.round(performance.now() - started);
  const { server, inFlight, log } = steps;

  steps.markDraining();
  const notReadyAt = at();
  log.info({ graceMs: plan.graceMs, timeoutMs: plan.timeoutMs }, 'draining: /readyz answers 503');
  if (plan.graceMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.graceMs));

  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections between requests would otherwise hold the server open.
  server.closeIdleConnections();
  const stoppedAcceptingAt = at();
  await steps.stopPolling();

  const settled = await inFlight.idle(plan.timeoutMs);
  const settledAt = at();
  const abandoned = inFlight.size;
  if (!settled) log.warn({ abandoned }, 'drain timeout: requests still in flight are cut off');

  await steps.closeSockets();
  server.closeAllConnections();
  await closed;
  const timeline = { notReadyAt, stoppedAcceptingAt, settledAt, abandoned, closedAt: at() };
  log.info(timeline, 'drained');
  return timeline;
}
