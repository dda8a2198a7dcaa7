import type { Logger } from 'pino';
import type { TaskRecord } from '../model/task.js';
import type { RenderTimes } from '../store/render-times.js';
import { fitRenderTimes, type RenderDistribution } from './distribution.js';
import { priorFor } from './prior.js';
import { renderKeyName, renderKeyOf, type RenderKey } from './render-key.js';

/** Observations a key needs before they replace the prior table. */
export const MIN_SAMPLES = 5;

/**
 * The render-time distribution of a task's key: fitted to the key's observations once there are
 * `MIN_SAMPLES`, the prior table's before. Fits are cached for `cacheMs` per process, so polls cost no
 * extra store read; a replica's own observation refreshes its cache at once, another's within `cacheMs`.
 */
export interface RenderEstimator {
  distributionFor(record: TaskRecord): Promise<RenderDistribution>;
  /**
   * Records a succeeded task's render time (failures end early for reasons of their own). Never
   * throws: a lost observation only leaves the estimate a sample short.
   */
  recordFinished(record: TaskRecord): Promise<void>;
}

export interface RenderEstimatorOptions {
  times: RenderTimes;
  cacheMs?: number;
  log?: Logger;
  /** What a key with too few observations assumes. @default the prior table (`priorFor`) */
  prior?: (key: RenderKey) => RenderDistribution;
}

const tablePrior = (key: RenderKey) => priorFor(key.capability, key.model, key.duration);

export function createRenderEstimator({ times, cacheMs = 5000, log, prior = tablePrior }: RenderEstimatorOptions): RenderEstimator {
  const cache = new Map<string, { at: number; distribution: RenderDistribution }>();
  return {
    async distributionFor(record) {
      const key = renderKeyOf(record);
      const name = renderKeyName(key);
      const cached = cache.get(name);
      if (cached && Date.now() - cached.at < cacheMs) return cached.distribution;
      const samples = await times.recent(name);
      const distribution = samples.length >= MIN_SAMPLES ? fitRenderTimes(samples) : prior(key);
      cache.set(name, { at: Date.now(), distribution });
      return distribution;
    },
    async recordFinished(record) {
      if (record.status !== 'SUCCEEDED' || record.submittedAt == null || record.finishedAt == null) return;
      const ms = record.finishedAt - record.submittedAt;
      if (!(ms > 0)) return;
      const name = renderKeyName(renderKeyOf(record));
      try {
        await times.add(name, ms);
        cache.delete(name);
      } catch (error) {
        log?.warn({ err: String(error), key: name }, 'render time not recorded');
      }
    },
  };
}
