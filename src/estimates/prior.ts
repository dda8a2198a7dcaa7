import type { Capability } from '../capabilities/registry.js';
import { lognormal, type RenderDistribution } from './distribution.js';

/**
 * What a render is expected to take before the gateway has seen enough of its own (fewer than
 * `MIN_SAMPLES` finished tasks of the same capability, model, mode and duration).
 *
 * Kling publishes no render times. The figures are third-party reports, gathered in the issue that
 * asked for estimates: Kling 2.x 5 s videos take 60-90 s and 10 s videos 90-120 s; 2.5 Turbo (pro)
 * 30-60 s; kling-v3 about 2-3 min; omni (o1) about 80 s for 3 s at 720p. A range is read as the
 * 10th-90th percentile, so its median is the geometric middle and `sigma = ln(high / low) / 2.563`.
 * Where only one figure exists the spread is a wide 0.35. Models without any figure (kling-v1*)
 * borrow the 2.x row, and the mode is not told apart (std and pro alike) for want of figures.
 *
 * Duration: 5 s -> 10 s grows the 2.x figure by 75 s -> 104 s, about the square root of the length,
 * so other lengths scale the 5 s row by `(seconds / 5) ^ 0.5`.
 */
export interface PriorRow {
  /** Median render time of a 5 s video, ms. */
  medianMs: number;
  sigma: number;
  source: string;
}

/** z of the 90th percentile: a 10th-90th range spans 2 x 1.2816 sigmas. */
const Z90 = 1.2816;
const fromRange = (lowS: number, highS: number, source: string): PriorRow => ({
  medianMs: Math.sqrt(lowS * highS) * 1000,
  sigma: Math.log(highS / lowS) / (2 * Z90),
  source,
});

const KLING_2X = fromRange(60, 90, 'Kling 2.x, 5 s: 60-90 s');
const TURBO = fromRange(30, 60, 'Kling 2.5 Turbo (pro): 30-60 s');
const V3 = fromRange(120, 180, 'kling-v3: about 2-3 min');
/** 80 s for 3 s, scaled to 5 s by the duration rule below. */
const OMNI: PriorRow = { medianMs: 80_000 * Math.sqrt(5 / 3), sigma: 0.35, source: 'omni: about 80 s for 3 s at 720p' };
export const FALLBACK_PRIOR: PriorRow = { medianMs: 120_000, sigma: 0.5, source: 'no figure: 2 min, wide' };

export const PRIOR_BY_MODEL: Readonly<Record<string, PriorRow>> = {
  'kling-v1': KLING_2X,
  'kling-v1-5': KLING_2X,
  'kling-v1-6': KLING_2X,
  'kling-v2-master': KLING_2X,
  'kling-v2-1': KLING_2X,
  'kling-v2-1-master': KLING_2X,
  'kling-v2-6': KLING_2X,
  'kling-v2-5-turbo': TURBO,
  'kling-v3': V3,
  'kling-v3-omni': V3,
  'kling-video-o1': OMNI,
};

/** Growth of render time with video length: ~ the square root, from the 2.x 5 s and 10 s figures. */
export const DURATION_EXPONENT = 0.5;
export const DEFAULT_SECONDS = 5;

export function priorFor(_capability: Capability, model: string, seconds: number | null): RenderDistribution {
  const row = PRIOR_BY_MODEL[model] ?? FALLBACK_PRIOR;
  const scale = ((seconds ?? DEFAULT_SECONDS) / DEFAULT_SECONDS) ** DURATION_EXPONENT;
  return lognormal(row.medianMs * scale, row.sigma);
}
