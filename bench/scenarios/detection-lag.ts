import { writeFileSync } from 'node:fs';
import { freePort } from '../../test/support/free-port.js';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { RESULTS_DIR, ROOT } from '../lib/build.js';
import type { Child } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { gql } from '../lib/http.js';
import { lagChart, type ChartSeries } from '../lib/lag-chart.js';
import { PROMPT } from '../lib/queries.js';
import { redisEnv } from '../lib/redis.js';
import { row, verdict, type Row, type ScenarioResult } from '../lib/report.js';
import { percentile, sleep } from '../lib/stats.js';

/**
 * Scenario 6, detection lag. Tasks with log-normal render times (the sandbox draws them: median 3 s,
 * spread 0.2, seeded), time-compressed 30x: 3 s stands for 90 s, a Kling 2.x 5 s video, and every
 * poll interval is divided by the same factor. For each polling strategy, one gateway process
 * watches N tasks arriving evenly over a window; the driver subscribes to each and takes, for the
 * terminal event, `receipt - finishedAt` (Kling's own end time, from the sandbox). GETs per task
 * are counted by the sandbox. One run compares: fixed 2 s, fixed 5 s, the backoff (2 s x1.5 up to
 * 15 s), estimate-timed at several spacings (its lag-versus-GETs curve, bounds 0.5 s .. 15 s) and at
 * the defaults, and callbacks (PUBLIC_URL).
 */

interface Strategy {
  key: string;
  label: string;
  env: Record<string, string>;
  kind: 'baseline' | 'curve' | 'default' | 'callbacks';
}

export interface StrategyFigures {
  key: string;
  label: string;
  kind: Strategy['kind'];
  tasks: number;
  getsPerTask: number;
  lagP50: number;
  lagP90: number;
  lagP99: number;
  missing: number;
  /** Every task's lag, sorted (ms). */
  lags: number[];
}

const CREATE = /* GraphQL */ `mutation Create($input: TextToVideoInput!) { createTextToVideo(input: $input) { id taskId } }`;
const WATCH = /* GraphQL */ `subscription Watch($id: ID!) { videoTaskUpdated(id: $id) { status finishedAt } }`;
/** Subscriptions per socket: the gateway allows 100 operations on one connection. */
const PER_SOCKET = 90;

/** `realMs` of Kling time in the compressed run. */
const scaled = (realMs: number, compression: number) => String(Math.max(1, Math.round(realMs / compression)));

function strategies(compression: number, port: number): Strategy[] {
  const c = (ms: number) => scaled(ms, compression);
  const fixed = (s: number): Strategy => ({
    key: `fixed-${s}s`,
    label: `fixed ${s} s`,
    kind: 'baseline',
    env: { POLL_SCHEDULE: 'backoff', POLL_INTERVAL_MS: c(s * 1000), POLL_MAX_INTERVAL_MS: c(s * 1000) },
  });
  const curve = (spacing: number): Strategy => ({
    key: `estimate-${spacing}`,
    label: `estimate-timed, spacing ${spacing}`,
    kind: 'curve',
    env: { POLL_SCHEDULE: 'estimate', POLL_INTERVAL_MS: c(500), POLL_MAX_INTERVAL_MS: c(15_000), POLL_ESTIMATE_SPACING: String(spacing) },
  });
  return [
    fixed(2),
    fixed(5),
    {
      key: 'backoff',
      label: 'backoff 2 s x1.5 to 15 s',
      kind: 'baseline',
      env: { POLL_SCHEDULE: 'backoff', POLL_INTERVAL_MS: c(2000), POLL_MAX_INTERVAL_MS: c(15_000) },
    },
    ...[0.008, 0.02, 0.05, 0.15].map(curve),
    {
      key: 'estimate-default',
      label: 'estimate-timed, defaults (2..15 s, 0.03)',
      kind: 'default',
      env: { POLL_SCHEDULE: 'estimate', POLL_INTERVAL_MS: c(2000), POLL_MAX_INTERVAL_MS: c(15_000) },
    },
    {
      key: 'callbacks',
      label: 'callbacks (PUBLIC_URL), polls every 15 s',
      kind: 'callbacks',
      env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, POLL_INTERVAL_MS: c(2000), POLL_MAX_INTERVAL_MS: c(15_000) },
    },
  ];
}

interface Watched {
  taskId: string;
  lagMs?: number;
}

/** Creates `count` tasks `spacingMs` apart, each watched to its end; resolves with each one's lag. */
async function runTasks(url: string, count: number, spacingMs: number, timeoutMs: number): Promise<Watched[]> {
  const clients: Client[] = [];
  const clientFor = (i: number) => {
    const index = Math.floor(i / PER_SOCKET);
    clients[index] ??= createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    return clients[index]!;
  };
  const started = performance.now();
  const one = async (i: number): Promise<Watched> => {
    await sleep(Math.max(0, started + i * spacingMs - performance.now()));
    const created = await gql<{ createTextToVideo: { id: string; taskId: string } }>(url, CREATE, { input: { prompt: PROMPT } });
    const { id, taskId } = created.createTextToVideo;
    const watched: Watched = { taskId };
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const dispose = clientFor(i).subscribe<{ videoTaskUpdated: { status: string; finishedAt: string | null } }>(
        { query: WATCH, variables: { id } },
        {
          next: (value) => {
            const state = value.data?.videoTaskUpdated;
            if (state?.finishedAt && watched.lagMs === undefined) watched.lagMs = Date.now() - Date.parse(state.finishedAt);
          },
          error: () => {
            clearTimeout(timer);
            resolve();
          },
          complete: () => {
            clearTimeout(timer);
            dispose();
            resolve();
          },
        },
      );
    });
    return watched;
  };
  try {
    return await Promise.all(Array.from({ length: count }, (_, i) => one(i)));
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
  }
}

/** Lag p50 of the estimate-timed curve at `gets` GETs per task, linear in log(GETs) between measured points. */
export function curveAt(curve: readonly StrategyFigures[], gets: number): { lag: number; inside: boolean } {
  const points = [...curve].sort((a, b) => a.getsPerTask - b.getsPerTask);
  if (points.length === 0) return { lag: Number.NaN, inside: false };
  if (gets <= points[0]!.getsPerTask) return { lag: points[0]!.lagP50, inside: gets === points[0]!.getsPerTask };
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (gets <= b.getsPerTask) {
      const t = (Math.log(gets) - Math.log(a.getsPerTask)) / (Math.log(b.getsPerTask) - Math.log(a.getsPerTask));
      return { lag: a.lagP50 + t * (b.lagP50 - a.lagP50), inside: true };
    }
  }
  return { lag: points.at(-1)!.lagP50, inside: false };
}

export async function detectionLag(ctx: BenchContext): Promise<ScenarioResult> {
  const { tasks, arrivalMs, medianMs, spread, compression } = ctx.params.lag;
  const sandbox: Child = await ctx.start('sandbox-lag', 'bench/servers/sandbox.ts', {
    SANDBOX_RENDER_MS: String(medianMs),
    SANDBOX_RENDER_SPREAD: String(spread),
    SANDBOX_SEED: '7',
  });
  const prefix = ctx.prefix('lag');
  const port = await freePort();
  const figures: StrategyFigures[] = [];
  const pending: string[] = [];
  // With Redis every gateway shares one prefix, so the observations of earlier runs are there for the
  // estimate-timed ones; in memory each gateway learns afresh from a warm-up.
  let warm = false;
  // BENCH_LAG_STRATEGIES=key,key runs some strategies only (while tuning one).
  const only = process.env.BENCH_LAG_STRATEGIES?.split(',');
  for (const strategy of strategies(compression, port).filter((s) => !only || only.includes(s.key))) {
    const gateway = await ctx.start(`gateway-lag-${strategy.key}`, 'bench/servers/gateway.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      KLING_API_KEY: sandbox.info.key as string,
      KLING_BASE_URL: sandbox.info.url as string,
      ...redisEnv(ctx.redis, prefix),
      ...strategy.env,
    });
    const url = gateway.info.url as string;
    if (!warm || !ctx.redis.gatewayUsesRedis) {
      ctx.log(`detection-lag: warm-up, 10 tasks (observations for the estimates)`);
      await runTasks(url, 10, 0, medianMs * 5);
      warm = true;
    }
    ctx.log(`detection-lag: ${strategy.label}, ${tasks} tasks over ${arrivalMs} ms`);
    const watched = await runTasks(url, tasks, arrivalMs / tasks, medianMs * 5 + 10_000);
    await sleep(Number(strategy.env.POLL_MAX_INTERVAL_MS ?? 500) + 200);
    const gets = await sandbox.call<number>('getsForMany', { taskIds: watched.map((w) => w.taskId) });
    await gateway.stop();
    const lags = watched.flatMap((w) => (w.lagMs === undefined ? [] : [w.lagMs])).sort((a, b) => a - b);
    figures.push({
      key: strategy.key,
      label: strategy.label,
      kind: strategy.kind,
      tasks,
      getsPerTask: gets / tasks,
      lagP50: percentile(lags, 50),
      lagP90: percentile(lags, 90),
      lagP99: percentile(lags, 99),
      missing: tasks - lags.length,
      lags,
    });
  }

  const curve = figures.filter((f) => f.kind === 'curve');
  const rows: Row[] = [];
  const real = (ms: number) => `${((ms * compression) / 1000).toFixed(1)} s real`;
  for (const f of figures) {
    rows.push(
      row({
        scenario: 'detection lag',
        figure: `${f.label}: lag p50`,
        unit: 'ms',
        ours: f.lagP50,
        verdict: f.kind === 'callbacks' ? undefined : 'info',
        note: `p99 ${f.lagP99.toFixed(0)} ms; ${f.getsPerTask.toFixed(1)} GETs/task; p50 = ${real(f.lagP50)}${f.missing ? `; ${f.missing} not seen to the end` : ''}`,
      }),
    );
  }
  for (const base of figures.filter((f) => f.kind === 'baseline')) {
    const at = curveAt(curve, base.getsPerTask);
    rows.push(
      row({
        scenario: 'detection lag',
        figure: `lag p50 at ${base.getsPerTask.toFixed(1)} GETs/task: estimate vs ${base.label}`,
        unit: 'ms',
        ours: at.lag,
        baseline: base.lagP50,
        target: 'ratio <= 0.5',
        verdict: verdict(at.inside ? at.lag / base.lagP50 <= 0.5 : undefined),
        note: at.inside ? 'estimate-timed curve interpolated at the same GETs' : 'outside the measured curve',
      }),
    );
    if (!at.inside) pending.push(`${base.label}: its ${base.getsPerTask.toFixed(1)} GETs/task fall outside the estimate-timed curve`);
  }
  const callbacks = figures.find((f) => f.kind === 'callbacks');
  if (callbacks) rows.push(
    row({
      scenario: 'detection lag',
      figure: 'callbacks: lag p99',
      unit: 'ms',
      ours: callbacks.lagP99,
      target: '<= 100 ms',
      verdict: verdict(callbacks.missing === 0 && callbacks.lagP99 <= 100),
      note: `${callbacks.getsPerTask.toFixed(1)} GETs/task (the fallback)`,
    }),
  );

  const short: Record<string, string> = { 'estimate-default': 'estimate-timed, defaults', callbacks: 'callbacks' };
  const labelled = (points: StrategyFigures[]) => points.map((p) => ({ ...p, label: short[p.key] ?? p.label }));
  const series: ChartSeries[] = [
    { name: 'fixed interval', color: '#1f77b4', line: false, points: figures.filter((f) => f.key.startsWith('fixed')) },
    { name: 'backoff', color: '#ff7f0e', line: false, points: figures.filter((f) => f.key === 'backoff').map((p) => ({ ...p, label: 'backoff' })) },
    { name: 'estimate-timed (spacings)', color: '#2ca02c', line: true, points: curve },
    { name: 'estimate-timed, defaults', color: '#2ca02c', line: false, points: labelled(figures.filter((f) => f.kind === 'default')) },
    { name: 'callbacks', color: '#d62728', line: false, points: labelled(callbacks ? [callbacks] : []) },
  ];
  const svg = lagChart(series, {
    title: `Detection lag vs upstream GETs (${ctx.quick ? 'quick' : 'full'} run, ${tasks} tasks per strategy)`,
    subtitle: `render times log-normal, median ${medianMs / 1000} s, spread ${spread}; time compressed ${compression}x (${medianMs / 1000} s = ${(medianMs * compression) / 60_000} min real)`,
    compression,
  });
  writeFileSync(join(RESULTS_DIR, 'detection-lag.svg'), svg);
  // The committed chart is the full run's.
  if (!ctx.quick) writeFileSync(join(ROOT, 'bench', 'detection-lag.svg'), svg);

  return {
    name: 'detection lag',
    baseline: `fixed 2 s and 5 s polling and the backoff, against the estimate-timed curve at the same GETs per task; time compressed ${compression}x`,
    rows,
    details: { tasks, arrivalMs, medianMs, spread, compression, figures },
    pending,
  };
}
