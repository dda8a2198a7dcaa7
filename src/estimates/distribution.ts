import { normalDensity, normalSurvival, normalUpperQuantile } from './normal.js';

/**
 * A render time (submitted -> terminal) as a log-normal: `ln T ~ N(mu, sigma²)`. Render times are
 * positive and right-skewed (a slow render is slower by a factor, not by a fixed amount), which is
 * the log-normal's shape; and it needs only two figures, so a handful of observations fits it.
 */
export interface RenderDistribution {
  /** ln of the median, in ms. */
  mu: number;
  /** Spread of ln T. */
  sigma: number;
  /** Observations it was fitted to; 0 when it is the prior table's. */
  samples: number;
}

/** Below this a fitted spread says more about the few samples than about the renders. */
export const MIN_SIGMA = 0.05;
export const MAX_SIGMA = 2;

export function lognormal(medianMs: number, sigma: number, samples = 0): RenderDistribution {
  return { mu: Math.log(medianMs), sigma: Math.min(MAX_SIGMA, Math.max(MIN_SIGMA, sigma)), samples };
}

export const medianOf = (d: RenderDistribution) => Math.exp(d.mu);

/** Fits `ln T` by its mean and standard deviation (the log-normal's maximum likelihood). */
export function fitRenderTimes(samplesMs: readonly number[]): RenderDistribution {
  const logs = samplesMs.filter((ms) => ms > 0).map(Math.log);
  if (logs.length === 0) throw new Error('no render times to fit');
  const mu = logs.reduce((a, b) => a + b, 0) / logs.length;
  const variance = logs.length > 1 ? logs.reduce((a, b) => a + (b - mu) ** 2, 0) / (logs.length - 1) : 0;
  return { ...lognormal(Math.exp(mu), Math.sqrt(variance)), samples: logs.length };
}

const zOf = (d: RenderDistribution, ms: number) => (Math.log(ms) - d.mu) / d.sigma;

/** P(T > ms). */
export function survival(d: RenderDistribution, ms: number): number {
  return ms <= 0 ? 1 : normalSurvival(zOf(d, ms));
}

/**
 * The q-quantile of the whole render time, given it has already lasted `elapsedMs`: the estimate of
 * a task that is running long moves out with it instead of pointing into the past. Always above
 * `elapsedMs` for q > 0.
 */
export function conditionalQuantile(d: RenderDistribution, q: number, elapsedMs: number): number {
  const left = survival(d, elapsedMs);
  let z: number;
  if (left > 1e-300) {
    z = normalUpperQuantile((1 - q) * left);
  } else {
    // Past what a double can hold: the normal tail's Mills-ratio form, S(z + d) ~ S(z) e^(-z d).
    const ze = zOf(d, elapsedMs);
    z = ze - Math.log(1 - q) / ze;
  }
  return Math.max(Math.exp(d.mu + d.sigma * z), elapsedMs + 1);
}

/** The density of finishing at `ms`, given the render has lasted `elapsedMs` (per ms). */
export function conditionalDensity(d: RenderDistribution, ms: number, elapsedMs: number): number {
  if (ms <= 0) return 0;
  const left = survival(d, elapsedMs);
  const density = normalDensity(zOf(d, ms)) / (ms * d.sigma);
  return left > 0 ? density / left : density;
}
