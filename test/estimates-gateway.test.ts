import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { MIN_SAMPLES } from '../src/estimates/estimator.js';
import { bearerAuth } from '../src/kling/auth.js';
import { createKlingClient } from '../src/kling/client.js';
import { startSandbox } from '../src/sandbox/server.js';
import { collect, eventually, gql, SANDBOX_KEY, startHarness, wsClient } from './support/harness.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';

const CREATE = /* GraphQL */ `
  mutation Create($input: TextToVideoInput!) {
    createTextToVideo(input: $input) { id submittedAt estimatedCompletionAt estimatedCompletionAtP90 estimateSamples progress }
  }
`;
const STATES = /* GraphQL */ `
  query States($ids: [ID!]!) { nodes(ids: $ids) { ... on VideoTask { id status submittedAt startedAt finishedAt } } }
`;
const WATCH_ESTIMATE = /* GraphQL */ `
  subscription Watch($id: ID!) { videoTaskUpdated(id: $id) { status progress estimatedCompletionAt estimatedCompletionAtP90 } }
`;

interface Created {
  id: string;
  submittedAt: string;
  estimatedCompletionAt: string | null;
  estimatedCompletionAtP90: string | null;
  estimateSamples: number | null;
  progress: number;
}
interface State {
  id: string;
  status: string;
  submittedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

async function createMany(url: string, count: number): Promise<Created[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const res = await gql<{ createTextToVideo: Created }>(url, CREATE, { input: { prompt: `estimate ${i}` } });
      expect(res.errors).toBeUndefined();
      return res.data!.createTextToVideo;
    }),
  );
}

async function finished(url: string, ids: string[]): Promise<State[]> {
  return eventually(
    async () => {
      const res = await gql<{ nodes: State[] }>(url, STATES, { ids });
      const states = res.data?.nodes ?? [];
      return states.every((s) => s.status === 'SUCCEEDED') ? states : undefined;
    },
    30_000,
    'every task to succeed',
  );
}

/** |estimated end - actual end| / actual render time, per task. */
function relativeErrors(created: Created[], states: State[]): number[] {
  return created.map((c, i) => {
    const s = states[i]!;
    const render = Date.parse(s.finishedAt!) - Date.parse(s.submittedAt);
    return Math.abs(Date.parse(c.estimatedCompletionAt!) - Date.parse(s.finishedAt!)) / render;
  });
}

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('estimates against a sandbox with a known distribution', () => {
  it('learn from finished tasks: after 30, the median error of the ETA given at create is at most 20%', async () => {
    // Log-normal renders, median 500 ms, spread 0.15: a render time compressed about 180 times from
    // the kling-v3 prior of ~147 s, which is what the first tasks are told.
    const h = await startHarness({
      sandbox: { renderMs: 500, renderSpread: 0.15, seed: 11, concurrency: 1000 },
      env: { POLL_INTERVAL_MS: '20', POLL_MAX_INTERVAL_MS: '200' },
    });
    try {
      const learning = await createMany(h.url, 30);
      const learnt = await finished(h.url, learning.map((c) => c.id));
      // Those created before five had finished (on a slow machine, not all 30) were told the prior.
      const fromPrior = learning.flatMap((c, i) => (c.estimateSamples === 0 ? [i] : []));
      expect(fromPrior.length).toBeGreaterThanOrEqual(MIN_SAMPLES);
      const before = medianOf(relativeErrors(fromPrior.map((i) => learning[i]!), fromPrior.map((i) => learnt[i]!)));

      const measured = await createMany(h.url, 20);
      expect(measured.every((c) => c.estimateSamples === 30)).toBe(true);
      const client = wsClient(h.url);
      const watch = collect<{ videoTaskUpdated: { status: string; progress: number; estimatedCompletionAt: string | null } }>(
        client,
        WATCH_ESTIMATE,
        { id: measured[0]!.id },
      );
      const states = await finished(h.url, measured.map((c) => c.id));
      const after = medianOf(relativeErrors(measured, states));
      console.log(`ETA median error: ${(before * 100).toFixed(0)}% from the prior, ${(after * 100).toFixed(1)}% after 30 tasks`);
      expect(before).toBeGreaterThan(10);
      expect(after).toBeLessThanOrEqual(0.2);

      // What a subscriber sees: progress that never falls, below 1 until the end, then 1.
      const { results } = await watch.done;
      await client.dispose();
      const seen = results.map((r) => r.data!.videoTaskUpdated);
      expect(seen.at(-1)).toMatchObject({ status: 'SUCCEEDED', progress: 1, estimatedCompletionAt: null });
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.progress).toBeGreaterThanOrEqual(seen[i - 1]!.progress);
      for (const s of seen.slice(0, -1)) expect(s.progress).toBeLessThan(1);
      for (const s of states) expect(Date.parse(s.startedAt!)).toBeLessThan(Date.parse(s.finishedAt!));
    } finally {
      await h.close();
    }
  }, 60_000);
});

describe('polls and events follow the estimate', () => {
  /** Teaches the gateway that kling-v3 5 s renders take `ms`, as if it had seen five. */
  async function teach(app: App, ms: number) {
    const base = { id: 'x', tenant: 'default', taskId: '1', capability: 'TEXT_TO_VIDEO', model: 'kling-v3', request: {} } as const;
    for (let i = 0; i < MIN_SAMPLES; i++) {
      await app.services.estimator.recordFinished({
        ...base,
        status: 'SUCCEEDED',
        statusMessage: null,
        externalTaskId: null,
        videos: [],
        createdAt: 0,
        updatedAt: ms,
        submittedAt: 0,
        startedAt: null,
        finishedAt: ms,
        estimate: null,
        version: 3,
      });
    }
  }

  it('few polls while the task cannot be done yet, dense ones around its expected end', async () => {
    const h = await startHarness({ sandbox: { renderMs: 1500 }, env: { POLL_INTERVAL_MS: '20', POLL_MAX_INTERVAL_MS: '1000' } });
    try {
      await teach(h.app, 1500);
      const res = await gql(h.url, `mutation { createTextToVideo(input: { prompt: "timed" }) { id taskId submittedAt estimateSamples } }`);
      const created = res.data!.createTextToVideo as { id: string; taskId: string; submittedAt: string; estimateSamples: number };
      expect(created.estimateSamples).toBe(MIN_SAMPLES);
      const states = await finished(h.url, [created.id]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const start = Date.parse(created.submittedAt);
      const end = Date.parse(states[0]!.finishedAt!);
      const gets = h.sandbox.getsFor(created.taskId).map((r) => r.at - start);
      // The first poll at POLL_INTERVAL_MS, then the longest interval: nothing else in the first half.
      expect(gets.filter((t) => t < 700).length).toBeLessThanOrEqual(2);
      // Around the end they come every few tens of ms (the backoff would be at 1000 ms by then).
      const detected = gets.find((t) => t >= end - start)!;
      expect(detected - (end - start)).toBeLessThan(600);
      expect(gets.filter((t) => t >= 1000).length).toBeGreaterThanOrEqual(3);
    } finally {
      await h.close();
    }
  });

  it('a task running past its estimate gets events as the expected end moves out; progress rises, below 1 until the end', async () => {
    const h = await startHarness({ sandbox: { renderMs: 1500 }, env: { POLL_INTERVAL_MS: '20', POLL_MAX_INTERVAL_MS: '200' } });
    try {
      await teach(h.app, 200);
      const res = await gql(h.url, `mutation { createTextToVideo(input: { prompt: "overrun" }) { id } }`);
      const id = (res.data!.createTextToVideo as { id: string }).id;
      const client = wsClient(h.url);
      const { results } = await collect<{ videoTaskUpdated: { status: string; progress: number; estimatedCompletionAt: string | null } }>(
        client,
        WATCH_ESTIMATE,
        { id },
      ).done;
      await client.dispose();
      const seen = results.map((r) => r.data!.videoTaskUpdated);
      const etas = seen.filter((s) => s.estimatedCompletionAt).map((s) => Date.parse(s.estimatedCompletionAt!));
      // More events than status changes (SUBMITTED, PROCESSING, SUCCEEDED), each ETA later than the last.
      expect(seen.length).toBeGreaterThan(4);
      for (let i = 1; i < etas.length; i++) expect(etas[i]!).toBeGreaterThan(etas[i - 1]!);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.progress).toBeGreaterThanOrEqual(seen[i - 1]!.progress);
      expect(seen.slice(0, -1).every((s) => s.progress < 1)).toBe(true);
      expect(seen.at(-1)).toMatchObject({ status: 'SUCCEEDED', progress: 1 });
    } finally {
      await h.close();
    }
  });
});

describe('two replicas', () => {
  const prefix = testPrefix();
  const apps: App[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await dropPrefix(prefix);
  });

  it('share observations: tasks finished through one replica set the estimates of the other', async () => {
    const sandbox = await startSandbox({ apiKey: SANDBOX_KEY, renderMs: 300, concurrency: 1000 });
    const kling = createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth(SANDBOX_KEY) });
    try {
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        REDIS_URL,
        REDIS_PREFIX: prefix,
        POLL_INTERVAL_MS: '30',
        POLL_MAX_INTERVAL_MS: '150',
      });
      const log = pino({ level: 'silent' });
      const [a, b] = await Promise.all([startApp(config, { kling, log }), startApp(config, { kling, log })]);
      apps.push(a!, b!);

      // B looks first, so its cache holds the prior: the observations must still reach it.
      const [early] = await createMany(b!.url, 1);
      expect(early!.estimateSamples).toBe(0);

      const onA = await createMany(a!.url, MIN_SAMPLES);
      await finished(a!.url, onA.map((c) => c.id));
      await finished(b!.url, [early!.id]);

      const redis = new Redis(REDIS_URL);
      const stored = await redis.lrange(`${prefix}rendertimes:TEXT_TO_VIDEO:kling-v3:std:5`, 0, -1);
      redis.disconnect();
      expect(stored.length).toBeGreaterThanOrEqual(MIN_SAMPLES);

      // B's cached fit is replaced within its cache time (5 s).
      const onB = await eventually(
        async () => {
          const [c] = await createMany(b!.url, 1);
          if (c!.estimateSamples! >= MIN_SAMPLES) return c;
          await new Promise((resolve) => setTimeout(resolve, 250));
          return undefined;
        },
        10_000,
        'B to use the observations A recorded',
      );
      const expectedMs = Date.parse(onB!.estimatedCompletionAt!) - Date.parse(onB!.submittedAt);
      expect(expectedMs).toBeGreaterThan(250);
      expect(expectedMs).toBeLessThan(400);
      await finished(b!.url, [onB!.id]);
    } finally {
      kling.close();
      await sandbox.close();
    }
  }, 40_000);
});

describe('a queued task', () => {
  it('expects to end after its wait for a slot: later the further back it stands', async () => {
    const h = await startHarness({ env: { KLING_CONCURRENCY: '1' }, sandbox: { renderMs: 3000, concurrency: 1 } });
    try {
      const ends: number[] = [];
      const statuses: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await gql(
          h.url,
          `mutation { createTextToVideo(input: { prompt: "in line ${i}" }) { status queuePosition estimatedCompletionAt estimatedCompletionAtP90 progress } }`,
        );
        const task = res.data!.createTextToVideo as { status: string; queuePosition: number | null; estimatedCompletionAt: string; estimatedCompletionAtP90: string; progress: number };
        statuses.push(task.status);
        expect(Date.parse(task.estimatedCompletionAtP90)).toBeGreaterThan(Date.parse(task.estimatedCompletionAt));
        if (task.status === 'QUEUED') expect(task.progress).toBe(0);
        ends.push(Date.parse(task.estimatedCompletionAt));
      }
      expect(statuses).toEqual(['SUBMITTED', 'QUEUED', 'QUEUED']);
      // One slot: each place further back is one more render (the prior's, over a minute) later.
      expect(ends[1]! - ends[0]!).toBeGreaterThan(30_000);
      expect(ends[2]! - ends[1]!).toBeGreaterThan(30_000);
    } finally {
      await h.close();
    }
  });
});

describe('in sandbox mode', () => {
  it('assumes the embedded sandbox\'s render times before any are observed, not the table\'s for Kling', async () => {
    const app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', SANDBOX_RENDER_MS: '400', SANDBOX_RENDER_SPREAD: '0' }), {
      log: pino({ level: 'silent' }),
    });
    try {
      const res = await gql(app.url, `mutation { createTextToVideo(input: { prompt: "sandbox pace" }) { submittedAt estimatedCompletionAt estimateSamples } }`);
      const task = res.data!.createTextToVideo as { submittedAt: string; estimatedCompletionAt: string; estimateSamples: number };
      expect(task.estimateSamples).toBe(0);
      const expected = Date.parse(task.estimatedCompletionAt) - Date.parse(task.submittedAt);
      // The sandbox's median (400 ms), where the table would say about two and a half minutes.
      expect(expected).toBeGreaterThanOrEqual(380);
      expect(expected).toBeLessThan(2000);
    } finally {
      await app.stop();
    }
  });
});
