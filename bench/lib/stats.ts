/** Summary of a sample: nearest-rank percentiles over a sorted copy. */
export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  const arr = Array.from(sorted);
  let sum = 0;
  for (const v of arr) sum += v;
  return {
    n: arr.length,
    p50: percentile(arr, 50),
    p90: percentile(arr, 90),
    p99: percentile(arr, 99),
    max: arr.length ? arr[arr.length - 1]! : Number.NaN,
    mean: arr.length ? sum / arr.length : Number.NaN,
  };
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** `ours / baseline`, or NaN when either side is missing. */
export function ratio(ours: number | undefined, baseline: number | undefined): number {
  if (ours === undefined || baseline === undefined || !Number.isFinite(ours) || !Number.isFinite(baseline) || baseline === 0) {
    return Number.NaN;
  }
  return ours / baseline;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
