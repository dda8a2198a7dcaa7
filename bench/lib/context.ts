import { join } from 'node:path';
import type { Launch } from './build.js';
import { RESULTS_DIR } from './build.js';
import { startChild, type Child } from './child.js';
import type { RedisPlan } from './redis.js';

/** Sizes of every scenario, for the quick (< 60 s) and the full run. */
export interface Params {
  fanOut: { connections: number; tasks: number; steadyRate: number; steadyMs: number; floodCount: number };
  economy: { watchers: number[]; renderMs: number; intervalMs: number; baselineWatchers: number };
  create: { perPathC1: number; perPathC32: number; rounds: number; warmup: number };
  batched: { ids: number; latencyReps: number; roundTripReps: number; separateReps: number };
  footprint: { starts: number; idleMs: number };
  admission: { creates: number; tenants: number; slots: number; renderMs: number; heavyShare: number; learnedCreates: number };
  lag: { tasks: number; arrivalMs: number; medianMs: number; spread: number; compression: number };
}

export const QUICK: Params = {
  fanOut: { connections: 500, tasks: 100, steadyRate: 200, steadyMs: 2000, floodCount: 10 },
  economy: { watchers: [1, 10, 100], renderMs: 2000, intervalMs: 100, baselineWatchers: 100 },
  create: { perPathC1: 160, perPathC32: 800, rounds: 4, warmup: 40 },
  batched: { ids: 100, latencyReps: 100, roundTripReps: 7, separateReps: 3 },
  footprint: { starts: 1, idleMs: 300 },
  admission: { creates: 300, tenants: 10, slots: 10, renderMs: 300, heavyShare: 0.55, learnedCreates: 60 },
  lag: { tasks: 40, arrivalMs: 4000, medianMs: 3000, spread: 0.2, compression: 30 },
};

export const FULL: Params = {
  fanOut: { connections: 5000, tasks: 100, steadyRate: 200, steadyMs: 10_000, floodCount: 10 },
  economy: { watchers: [1, 10, 100, 1000], renderMs: 2000, intervalMs: 100, baselineWatchers: 100 },
  create: { perPathC1: 1000, perPathC32: 5000, rounds: 5, warmup: 100 },
  batched: { ids: 100, latencyReps: 400, roundTripReps: 11, separateReps: 10 },
  footprint: { starts: 5, idleMs: 3000 },
  admission: { creates: 1000, tenants: 10, slots: 10, renderMs: 300, heavyShare: 0.55, learnedCreates: 100 },
  lag: { tasks: 200, arrivalMs: 15_000, medianMs: 3000, spread: 0.2, compression: 30 },
};

export interface BenchContext {
  quick: boolean;
  params: Params;
  launch: Launch;
  redis: RedisPlan;
  runId: string;
  /** Write --cpu-prof profiles of gateway processes here, when profiling. */
  profileDir?: string;
  /** A key prefix of this run; removed at the end. */
  prefix(label: string): string;
  /** Starts a server process; it is stopped at the end of its scenario at the latest. */
  start(name: string, script: string, env: Record<string, string>): Promise<Child>;
  /**
   * Profiles `child`'s CPU while `work` runs, when the run profiles (--profile); the profile lands
   * in `profileDir` as `<label>.cpuprofile`.
   */
  profiled<T>(child: Child, label: string, work: () => Promise<T>): Promise<T>;
  /** Stops every process the current scenario started. */
  stopAll(): Promise<void>;
  log(message: string): void;
}

export function createContext(options: {
  quick: boolean;
  launch: Launch;
  redis: RedisPlan;
  runId: string;
  profile: boolean;
}): BenchContext {
  const children: Child[] = [];
  const profileDir = options.profile ? join(RESULTS_DIR, 'profiles', options.runId) : undefined;
  const started = performance.now();
  return {
    quick: options.quick,
    params: options.quick ? QUICK : FULL,
    launch: options.launch,
    redis: options.redis,
    runId: options.runId,
    profileDir,
    prefix: (label) => `${options.runId}-${label}:`,
    async start(name, script, env) {
      const child = await startChild(options.launch, { name, script, env });
      children.push(child);
      return child;
    },
    async profiled(child, label, work) {
      if (!profileDir) return work();
      await child.call('profileStart');
      try {
        return await work();
      } finally {
        await child.call('profileStop', { file: join(profileDir, `${label}.cpuprofile`) });
      }
    },
    async stopAll() {
      const all = children.splice(0);
      await Promise.all(all.map((child) => child.stop()));
    },
    log(message) {
      const s = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
      console.log(`[${s}s] ${message}`);
    },
  };
}
