import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface Stalls {
  /** Longest the event loop was held up, ms. */
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
  /** Longest single GC pause, and all of them together, ms. */
  gcMaxMs: number;
  gcTotalMs: number;
}

export interface StallWatch {
  stop(): Stalls;
}

/**
 * Watches one process for what holds deliveries up without being work on them: a blocked event loop
 * and GC pauses. Run in the server and in the load generator over the same phase, it tells a slow
 * path (the server's loop busy) from a stalled process or machine (a long GC, a loop delay on both
 * sides, or on neither while latency still jumps: the OS did not schedule us).
 */
export function stallWatch(): StallWatch {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let gcMaxMs = 0;
  let gcTotalMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMaxMs = Math.max(gcMaxMs, entry.duration);
      gcTotalMs += entry.duration;
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      loop.disable();
      gc.disconnect();
      return { loopDelayMaxMs: loop.max / 1e6, loopDelayP99Ms: loop.percentile(99) / 1e6, gcMaxMs, gcTotalMs };
    },
  };
}
