import { conditionalDensity, conditionalQuantile, medianOf, type RenderDistribution } from './distribution.js';

/**
 * The most of the remaining chance of ending that one interval may step over: without it, a long
 * interval from the quiet start of a narrow distribution could jump past all of it.
 */
export const MAX_SKIPPED = 0.25;

/**
 * When to poll a task next, from its render-time distribution: rarely while it cannot be done yet,
 * densest where it most likely ends, and denser again as it overruns (the chance it ends in the next
 * moment grows once it is past its expected time).
 *
 * The interval is `spacing * sqrt(median / density)`, where density is that of ending now given it
 * has not ended yet. Polls placed with density ∝ sqrt(pdf) give the least expected detection lag for
 * a given number of polls (each end is found on average half an interval late, and the lag weighs
 * each interval by the chance of ending in it). `spacing` sets the budget: smaller, more polls.
 * No interval steps over more than `MAX_SKIPPED` of the remaining chance of ending. The result is
 * clamped to [minMs, maxMs] (POLL_INTERVAL_MS .. POLL_MAX_INTERVAL_MS).
 */
export function estimatedPollInterval(
  distribution: RenderDistribution,
  elapsedMs: number,
  options: { spacing: number; minMs: number; maxMs: number },
): number {
  const density = conditionalDensity(distribution, Math.max(1, elapsedMs), elapsedMs);
  const spaced = density > 0 ? options.spacing * Math.sqrt(medianOf(distribution) / density) : Number.POSITIVE_INFINITY;
  const raw = Math.min(spaced, conditionalQuantile(distribution, MAX_SKIPPED, elapsedMs) - elapsedMs);
  return Math.round(Math.min(options.maxMs, Math.max(options.minMs, raw)));
}
