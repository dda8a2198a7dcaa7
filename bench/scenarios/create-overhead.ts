import type { BenchContext } from '../lib/context.js';
import { gql, httpJson, timed } from '../lib/http.js';
import { CREATE_T2V, PROMPT } from '../lib/queries.js';
import { redisEnv } from '../lib/redis.js';
import { row, verdict, type Row, type ScenarioResult } from '../lib/report.js';
import { summarize, type Summary } from '../lib/stats.js';

/**
 * Scenario 3, create overhead. `createTextToVideo` through the gateway against a zero-latency
 * sandbox with no concurrency limit, against the same HTTP client POSTing the wire request the
 * gateway sent straight to the sandbox. The two paths alternate in rounds so that drift (the
 * sandbox's task table grows with every create) falls on both alike. A fresh sandbox and gateway
 * per concurrency level.
 */

interface PathFigures {
  latencyMs: Summary;
  throughput: number;
  requests: number;
  /** CPU of the server on the path (gateway, or sandbox for the direct path) per request, µs. */
  serverCpuUs?: number;
}

interface LevelFigures {
  concurrency: number;
  gateway: PathFigures;
  direct: PathFigures;
  /** `{ __typename }` through the gateway: its per-request floor. */
  floor: PathFigures;
}

async function level(ctx: BenchContext, concurrency: number, perPath: number): Promise<LevelFigures> {
  const { rounds, warmup } = ctx.params.create;
  const sandbox = await ctx.start(`sandbox-create-c${concurrency}`, 'bench/servers/sandbox.ts', { SANDBOX_RENDER_MS: '1000' });
  const gateway = await ctx.start(`gateway-create-c${concurrency}`, 'bench/servers/gateway.ts', {
    PORT: '0',
    HOST: '127.0.0.1',
    KLING_API_KEY: sandbox.info.key as string,
    KLING_BASE_URL: sandbox.info.url as string,
    // The figure is the create path; no polls during it.
    POLL_INTERVAL_MS: '3600000',
    POLL_MAX_INTERVAL_MS: '3600000',
    ...redisEnv(ctx.redis, ctx.prefix(`create${concurrency}`)),
  });
  const gwUrl = gateway.info.url as string;
  const createUrl = `${sandbox.info.url as string}/v1/videos/text2video`;
  const auth = { authorization: `Bearer ${sandbox.info.key as string}` };

  const viaGateway = async () => {
    const data = await gql<{ createTextToVideo: { id: string } }>(gwUrl, CREATE_T2V, { input: { prompt: PROMPT } });
    if (!data.createTextToVideo.id) throw new Error('create answered no id');
  };
  await timed(warmup, Math.min(concurrency, 8), viaGateway);
  // The wire request the gateway sent is the body of the direct path.
  const wireBody = await sandbox.call<Record<string, unknown>>('lastCreateBody');
  // Each create carries an external_task_id of its own, as the gateway's do.
  let sequence = 0;
  const direct = async () => {
    const answer = await httpJson(createUrl, 'POST', { ...wireBody, external_task_id: `direct-${ctx.runId}-${++sequence}` }, auth);
    if (answer.status !== 200 || (JSON.parse(answer.body) as { code: number }).code !== 0) throw new Error(`direct create: ${answer.body}`);
  };
  await timed(warmup, Math.min(concurrency, 8), direct);

  const lat = { gateway: [] as number[], direct: [] as number[] };
  const wall = { gateway: 0, direct: 0 };
  // CPU per create, a steadier figure than wall time on a shared 2-core machine: the gateway's
  // on its path, the sandbox's on the direct one.
  const cpu = { gateway: 0, direct: 0 };
  const perRound = Math.ceil(perPath / rounds);
  await ctx.profiled(gateway, `create-c${concurrency}-gateway`, async () => {
    for (let r = 0; r < rounds; r++) {
      for (const [name, fn] of [
        ['direct', direct],
        ['gateway', viaGateway],
      ] as const) {
        const server = name === 'gateway' ? gateway : sandbox;
        const cpu0 = server.cpuMs();
        const run = await timed(perRound, concurrency, fn);
        cpu[name] += server.cpuMs() - cpu0;
        lat[name].push(...run.latencies);
        wall[name] += run.wallMs;
      }
    }
  });
  // The floor: what yoga costs for a request that does nothing.
  const floorCpu0 = gateway.cpuMs();
  const floor = await ctx.profiled(gateway, `create-c${concurrency}-floor`, () =>
    timed(perPath, concurrency, async () => {
      await gql(gwUrl, '{ __typename }');
    }),
  );
  const floorCpuMs = gateway.cpuMs() - floorCpu0;
  await ctx.stopAll();
  const figures = (name: 'gateway' | 'direct'): PathFigures => ({
    latencyMs: summarize(lat[name]),
    throughput: lat[name].length / (wall[name] / 1000),
    requests: lat[name].length,
    serverCpuUs: (cpu[name] * 1000) / lat[name].length,
  });
  return {
    concurrency,
    gateway: figures('gateway'),
    direct: figures('direct'),
    floor: {
      latencyMs: summarize(floor.latencies),
      throughput: floor.latencies.length / (floor.wallMs / 1000),
      requests: floor.latencies.length,
      serverCpuUs: (floorCpuMs * 1000) / floor.latencies.length,
    },
  };
}

export async function createOverhead(ctx: BenchContext): Promise<ScenarioResult> {
  const { perPathC1, perPathC32 } = ctx.params.create;
  ctx.log(`create: concurrency 1, ${perPathC1} per path`);
  const c1 = await level(ctx, 1, perPathC1);
  ctx.log(`create: concurrency 32, ${perPathC32} per path`);
  const c32 = await level(ctx, 32, perPathC32);
  const s = 'create overhead';
  const added = c1.gateway.latencyMs.p50 - c1.direct.latencyMs.p50;
  const rows: Row[] = [
    row({ scenario: s, figure: 'c=1 p50', unit: 'ms', ours: c1.gateway.latencyMs.p50, baseline: c1.direct.latencyMs.p50, target: 'added <= 2 ms', verdict: verdict(added <= 2), note: `added ${added.toFixed(2)} ms` }),
    row({ scenario: s, figure: 'c=1 p99', unit: 'ms', ours: c1.gateway.latencyMs.p99, baseline: c1.direct.latencyMs.p99, verdict: 'info' }),
    row({ scenario: s, figure: 'c=1 throughput', unit: 'req/s', ours: c1.gateway.throughput, baseline: c1.direct.throughput, verdict: 'info' }),
    row({ scenario: s, figure: 'c=32 p50', unit: 'ms', ours: c32.gateway.latencyMs.p50, baseline: c32.direct.latencyMs.p50, verdict: 'info' }),
    row({ scenario: s, figure: 'c=32 p99', unit: 'ms', ours: c32.gateway.latencyMs.p99, baseline: c32.direct.latencyMs.p99, verdict: 'info' }),
    row({
      scenario: s,
      figure: 'c=32 gateway CPU per create vs sandbox CPU',
      unit: 'us',
      ours: c32.gateway.serverCpuUs,
      baseline: c32.direct.serverCpuUs,
      target: 'ours <= 600 us',
      // CPU time comes from /proc in 10 ms ticks: judged on the full run's thousands of creates.
      verdict: ctx.quick ? 'info' : verdict((c32.gateway.serverCpuUs ?? Infinity) <= 600),
      note: `{ __typename }: ${c32.floor.serverCpuUs?.toFixed(0)} us${ctx.quick ? '; judged on the full run only' : ''}`,
    }),
    row({
      scenario: s,
      figure: 'c=32 throughput, { __typename } (yoga floor)',
      unit: 'req/s',
      ours: c32.floor.throughput,
      baseline: c32.direct.throughput,
      verdict: 'info',
      note: `c=1 p50 ${c1.floor.latencyMs.p50.toFixed(2)} ms`,
    }),
    row({
      scenario: s,
      figure: 'c=32 throughput',
      unit: 'req/s',
      ours: c32.gateway.throughput,
      baseline: c32.direct.throughput,
      target: 'ratio >= 0.35',
      verdict: verdict(c32.gateway.throughput / c32.direct.throughput >= 0.35),
    }),
  ];
  return {
    name: s,
    baseline: 'the same node:http keep-alive client POSTing the gateway\'s own wire request straight to the sandbox',
    rows,
    details: { c1, c32, store: ctx.redis.gatewayUsesRedis ? 'redis' : 'memory' },
  };
}
