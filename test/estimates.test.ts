import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { conditionalQuantile, fitRenderTimes, lognormal, MIN_SIGMA, type RenderDistribution } from '../src/estimates/distribution.js';
import { createRenderEstimator, MIN_SAMPLES } from '../src/estimates/estimator.js';
import { estimatedPollInterval } from '../src/estimates/poll-timing.js';
import { priorFor } from '../src/estimates/prior.js';
import { queuedCompletion } from '../src/estimates/queue-wait.js';
import { renderKeyName, renderKeyOf } from '../src/estimates/render-key.js';
import { estimateFigures, nextEstimate, progressOf, PROGRESS_CAP } from '../src/estimates/task-estimate.js';
import { applyObservation, type TaskRecord } from '../src/model/task.js';
import { createMemoryRenderTimes } from '../src/store/memory-render-times.js';
import { createRedisRenderTimes } from '../src/store/redis-render-times.js';
import { RENDER_WINDOW } from '../src/store/render-times.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';

const T0 = 1_800_000_000_000;
const median = (d: RenderDistribution) => Math.exp(d.mu);

function task(overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id: 'g1',
    tenant: 'default',
    taskId: '800000000000000001',
    capability: 'TEXT_TO_VIDEO',
    model: 'kling-v3',
    request: { prompt: 'a fox', model: 'kling-v3' },
    status: 'SUBMITTED',
    statusMessage: null,
    externalTaskId: null,
    videos: [],
    createdAt: T0,
    updatedAt: T0,
    submittedAt: T0,
    startedAt: null,
    finishedAt: null,
    estimate: null,
    version: 1,
    ...overrides,
  };
}

/** A record carrying the estimate `distribution` gives at submission. */
function estimated(distribution: RenderDistribution, overrides: Partial<TaskRecord> = {}): TaskRecord {
  const base = task(overrides);
  return { ...base, estimate: nextEstimate(base, distribution, T0)! };
}

describe('prior table', () => {
  it.each([
    // model, seconds, median s, sigma: the third-party figures read as 10th-90th percentiles
    ['kling-v3', 5, 146.97, 0.158],
    ['kling-v3-omni', 5, 146.97, 0.158],
    ['kling-v2-6', 5, 73.48, 0.158],
    ['kling-v2-6', 10, 103.92, 0.158],
    ['kling-v1-6', 5, 73.48, 0.158],
    ['kling-v2-5-turbo', 5, 42.43, 0.27],
    ['kling-video-o1', 3, 80, 0.35],
    ['some-future-model', 5, 120, 0.5],
  ] as const)('%s, %i s: median %f s, sigma %f', (model, seconds, medianS, sigma) => {
    const prior = priorFor('TEXT_TO_VIDEO', model, seconds);
    expect(median(prior) / 1000).toBeCloseTo(medianS, 1);
    expect(prior.sigma).toBeCloseTo(sigma, 2);
    expect(prior.samples).toBe(0);
  });
});

describe('fitting observations', () => {
  it.each([
    { samples: [1000, 1000, 1000, 1000, 1000], median: 1000, sigma: MIN_SIGMA },
    { samples: [500, 1000, 2000], median: 1000, sigma: Math.LN2 },
    { samples: [3000, 3300, 2700, 3100, 2900, 3000], median: 2995, sigma: 0.068 },
  ])('$samples -> median $median, sigma $sigma', ({ samples, median: m, sigma }) => {
    const fit = fitRenderTimes(samples);
    expect(median(fit)).toBeCloseTo(m, -1);
    expect(fit.sigma).toBeCloseTo(sigma, 2);
    expect(fit.samples).toBe(samples.length);
  });
});

describe('quantiles given the time already run', () => {
  const d = lognormal(100_000, 0.2);
  it.each([
    // q, elapsed as a multiple of the median, expected as a multiple of the median
    { q: 0.5, elapsed: 0, expected: 1 },
    { q: 0.9, elapsed: 0, expected: Math.exp(1.2816 * 0.2) },
    { q: 0.5, elapsed: 0.5, expected: 1.0000001 }, // so early nothing moves
    { q: 0.5, elapsed: 1, expected: Math.exp(0.6745 * 0.2) }, // half the mass left: its median
    { q: 0.9, elapsed: 1, expected: Math.exp(1.6449 * 0.2) },
  ])('q=$q after $elapsed x median: $expected x median', ({ q, elapsed, expected }) => {
    expect(conditionalQuantile(d, q, elapsed * 100_000) / 100_000).toBeCloseTo(expected, 3);
  });

  it.each([2, 3, 5, 20, 1000])('a task at %i x its median is expected a little later, never earlier', (times) => {
    const elapsed = times * 100_000;
    const m = conditionalQuantile(d, 0.5, elapsed);
    const p90 = conditionalQuantile(d, 0.9, elapsed);
    expect(m).toBeGreaterThan(elapsed);
    expect(p90).toBeGreaterThan(m);
    expect(Number.isFinite(p90)).toBe(true);
    expect(m / elapsed).toBeLessThan(1.2);
  });
});

describe('progress', () => {
  const d = lognormal(10_000, 0.25);

  it('rises with time, stays below 1 however long the task overruns, and is 1 once terminal', () => {
    const record = estimated(d);
    let last = -1;
    for (let t = 0; t <= 200_000; t += 250) {
      const p = progressOf(record, T0 + t);
      expect(p).toBeGreaterThanOrEqual(last);
      expect(p).toBeLessThanOrEqual(PROGRESS_CAP);
      last = p;
    }
    expect(last).toBeGreaterThan(0.95);
    expect(progressOf({ ...record, status: 'SUCCEEDED' }, T0 + 1000)).toBe(1);
    expect(progressOf({ ...record, status: 'FAILED' }, T0 + 1000)).toBe(1);
  });

  it.each([
    // the estimate changes at `at` ms to a distribution of this median: progress never drops
    { at: 8000, newMedian: 30_000 },
    { at: 2000, newMedian: 100_000 },
    { at: 12_000, newMedian: 5_000 },
    { at: 40_000, newMedian: 200_000 },
  ])('never falls when the estimate moves at $at ms to a median of $newMedian ms', ({ at, newMedian }) => {
    let record = estimated(d);
    const before = progressOf(record, T0 + at);
    const estimate = nextEstimate(record, lognormal(newMedian, 0.25), T0 + at)!;
    expect(estimate).toBeDefined();
    record = { ...record, estimate };
    let last = before;
    for (let t = at; t <= at + 300_000; t += 500) {
      const p = progressOf(record, T0 + t);
      expect(p).toBeGreaterThanOrEqual(last);
      expect(p).toBeLessThan(1);
      last = p;
    }
  });

  it('is 0 before submission and has no completion time then', () => {
    const queued = task({ submittedAt: null });
    expect(progressOf(queued, T0 + 5000)).toBe(0);
    expect(estimateFigures(queued, T0)).toBeNull();
    expect(nextEstimate(queued, d, T0)).toBeUndefined();
  });
});

describe('events only when the estimate moves materially (10% of the render or 5 s, whichever is less)', () => {
  it.each([
    // stored median, fresh median, an event?
    { stored: 100_000, fresh: 103_000, event: false },
    { stored: 100_000, fresh: 106_000, event: true },
    { stored: 100_000, fresh: 94_000, event: true },
    { stored: 1_000, fresh: 1_050, event: false },
    { stored: 1_000, fresh: 1_150, event: true },
  ])('$stored ms -> $fresh ms: $event', ({ stored, fresh, event }) => {
    const record = estimated(lognormal(stored, 0.2));
    expect(nextEstimate(record, lognormal(fresh, 0.2), T0) !== undefined).toBe(event);
  });

  it('an overrunning task gets events as its expected end moves out, without a change of distribution', () => {
    const d = lognormal(10_000, 0.1);
    let record = estimated(d);
    const events: number[] = [];
    for (let t = 0; t <= 60_000; t += 100) {
      const estimate = nextEstimate(record, d, T0 + t);
      if (estimate) {
        events.push(t);
        record = { ...record, estimate };
      }
    }
    expect(events.filter((t) => t < 9000)).toEqual([]);
    expect(events.length).toBeGreaterThan(5);
    expect(events.length).toBeLessThan(60);
  });

  it('a terminal task gets no new estimate', () => {
    expect(nextEstimate(task({ status: 'SUCCEEDED' }), lognormal(1000, 0.2), T0, true)).toBeUndefined();
  });
});

describe('timestamps from observations', () => {
  it('startedAt is the first PROCESSING answer, finishedAt the terminal one, both in Kling\'s time', () => {
    const base = task();
    const processing = applyObservation(base, { status: 'PROCESSING', statusMessage: null, videos: [], updatedAt: T0 + 700 })!;
    expect(processing.startedAt).toBe(T0 + 700);
    const done = applyObservation(processing, { status: 'SUCCEEDED', statusMessage: null, videos: [], updatedAt: T0 + 9000 })!;
    expect(done).toMatchObject({ startedAt: T0 + 700, finishedAt: T0 + 9000 });
  });
});

describe('estimate-timed polls', () => {
  const d = lognormal(90_000, 0.2);
  const bounds = { spacing: 0.03, minMs: 2000, maxMs: 15_000 };
  it.each([
    // elapsed as a multiple of the median -> the interval's range
    { elapsed: 0, min: 15_000, max: 15_000 }, // cannot be done yet: as rare as allowed
    { elapsed: 0.5, min: 15_000, max: 15_000 },
    { elapsed: 0.9, min: 2000, max: 4000 }, // around the expected end: dense
    { elapsed: 1, min: 2000, max: 3000 },
    { elapsed: 1.5, min: 2000, max: 3000 }, // overrunning: stays dense
    { elapsed: 10, min: 2000, max: 2000 },
  ])('after $elapsed x median: $min..$max ms', ({ elapsed, min, max }) => {
    const interval = estimatedPollInterval(d, elapsed * 90_000, bounds);
    expect(interval).toBeGreaterThanOrEqual(min);
    expect(interval).toBeLessThanOrEqual(max);
  });

  it('never steps over the mass of a narrow distribution, however long the longest interval', () => {
    const narrow = lognormal(1500, 0.05);
    const wide = { spacing: 0.03, minMs: 20, maxMs: 60_000 };
    let t = 20;
    const polls: number[] = [];
    while (t < 1600) {
      t += estimatedPollInterval(narrow, t, wide);
      polls.push(t);
    }
    // A poll lands before the 25th percentile (1450 ms), then they come densely across the mass.
    expect(polls.some((p) => p > 1300 && p <= 1451)).toBe(true);
    expect(polls.filter((p) => p > 1400 && p < 1600).length).toBeGreaterThanOrEqual(5);
  });

  it('a smaller spacing polls more often, always within the bounds', () => {
    for (let e = 0; e < 300_000; e += 5000) {
      const wide = estimatedPollInterval(d, e, { ...bounds, spacing: 0.1 });
      const narrow = estimatedPollInterval(d, e, { ...bounds, spacing: 0.01 });
      expect(narrow).toBeLessThanOrEqual(wide);
      for (const v of [wide, narrow]) expect(v >= 2000 && v <= 15_000).toBe(true);
    }
  });
});

describe('render keys', () => {
  it.each([
    [{ capability: 'TEXT_TO_VIDEO', model: 'kling-v3', request: {} }, 'TEXT_TO_VIDEO:kling-v3:std:5'],
    [{ capability: 'TEXT_TO_VIDEO', model: 'kling-v3', request: { mode: 'pro', duration: 10 } }, 'TEXT_TO_VIDEO:kling-v3:pro:10'],
    [{ capability: 'OMNI_VIDEO', model: 'kling-video-o1', request: {} }, 'OMNI_VIDEO:kling-video-o1:pro:5'],
    [{ capability: 'MOTION_CONTROL', model: 'kling-v2-6', request: { mode: 'std' } }, 'MOTION_CONTROL:kling-v2-6:std:auto'],
  ] as const)('%j -> %s', (record, name) => {
    expect(renderKeyName(renderKeyOf(record as unknown as TaskRecord))).toBe(name);
  });
});

describe('observations', () => {
  const prefix = testPrefix();
  const redis = new Redis(REDIS_URL);
  afterAll(async () => {
    redis.disconnect();
    await dropPrefix(prefix);
  });

  it.each([
    ['memory', () => createMemoryRenderTimes()],
    ['redis', () => createRedisRenderTimes({ redis, prefix })],
  ] as const)('%s: keep only the latest window per key, newest first', async (_name, make) => {
    const times = make();
    for (let i = 1; i <= RENDER_WINDOW + 30; i++) await times.add('k', i);
    const kept = await times.recent('k');
    expect(kept).toHaveLength(RENDER_WINDOW);
    expect(kept[0]).toBe(RENDER_WINDOW + 30);
    expect(kept.at(-1)).toBe(31);
    expect(await times.recent('other')).toEqual([]);
  });

  it('a key uses the prior until it has MIN_SAMPLES successes, then its own render times', async () => {
    const estimator = createRenderEstimator({ times: createMemoryRenderTimes() });
    const record = task();
    expect((await estimator.distributionFor(record)).samples).toBe(0);
    await estimator.recordFinished({ ...record, status: 'FAILED', finishedAt: T0 + 100 });
    for (let i = 0; i < MIN_SAMPLES - 1; i++) await estimator.recordFinished({ ...record, status: 'SUCCEEDED', finishedAt: T0 + 3000 });
    expect((await estimator.distributionFor(record)).samples).toBe(0);
    await estimator.recordFinished({ ...record, status: 'SUCCEEDED', finishedAt: T0 + 3000 });
    const fitted = await estimator.distributionFor(record);
    expect(fitted.samples).toBe(MIN_SAMPLES);
    expect(median(fitted)).toBeCloseTo(3000, 0);
    // another key is untouched
    expect((await estimator.distributionFor(task({ request: { mode: 'pro' } }))).samples).toBe(0);
  });
});

describe('a queued task: its wait for a slot, then its render', () => {
  const d = lognormal(60_000, 0.2);
  const median = conditionalQuantile(d, 0.5, 0);
  const p90 = conditionalQuantile(d, 0.9, 0);
  it.each([
    // position, slots, render times from now
    [1, 1, 2],
    [1, 4, 1.25],
    [3, 3, 2],
    [10, 5, 3],
    [0, 3, 1],
    [5, 0, 6], // a pool still learning with nothing in flight counts as one slot
  ])('position %i in a pool of %i slots ends %f render times from now', (position, slots, turns) => {
    const figures = queuedCompletion(d, position, slots, 1_000);
    expect(figures.completionAt).toBeCloseTo(1_000 + turns * median, 3);
    expect(figures.completionAtP90).toBeCloseTo(1_000 + turns * p90, 3);
    expect(figures.progress).toBe(0);
  });

  it('moves earlier as the task moves up the queue', () => {
    const ends = [8, 6, 4, 2, 1].map((position) => queuedCompletion(d, position, 2, 0).completionAt);
    expect(ends).toEqual([...ends].sort((a, b) => b - a));
  });
});
