import { spawn } from 'node:child_process';
import { freePort } from '../../test/support/free-port.js';
import { childEnv, rssOf } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { httpJson } from '../lib/http.js';
import { redisEnv } from '../lib/redis.js';
import { row, type ScenarioResult } from '../lib/report.js';
import { median, sleep } from '../lib/stats.js';

/**
 * Scenario 5, footprint. The gateway as deployed (`src/main.ts`, transpiled, on plain node) from
 * spawn to the first `/readyz` 200, then its RSS after it has sat idle. Baseline: the bare
 * ws + graphql-ws server, started and measured the same way. Starts alternate, median taken.
 */

async function startOnce(ctx: BenchContext, script: string, env: Record<string, string>) {
  const port = await freePort();
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...ctx.launch.nodeArgs, ctx.launch.script(script)], {
    env: childEnv({ ...env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    const deadline = t0 + 30_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`${script} exited with ${proc.exitCode}`);
      const ok = await httpJson(`http://127.0.0.1:${port}/readyz`, 'GET').then(
        (a) => a.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() > deadline) throw new Error(`${script}: /readyz not 200 after 30 s`);
      await sleep(5);
    }
    const startupMs = performance.now() - t0;
    await sleep(ctx.params.footprint.idleMs);
    const rssMB = rssOf(proc.pid!) / 2 ** 20;
    return { startupMs, rssMB };
  } finally {
    proc.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (proc.exitCode === null) proc.kill('SIGKILL');
  }
}

export async function footprint(ctx: BenchContext): Promise<ScenarioResult> {
  const gatewayEnv = {
    // Real upstream credentials (never called), so no embedded sandbox starts with it.
    KLING_API_KEY: 'bench-unused',
    KLING_BASE_URL: 'http://127.0.0.1:9',
    ...redisEnv(ctx.redis, ctx.prefix('footprint')),
  };
  const gateway: { startupMs: number; rssMB: number }[] = [];
  const baseline: { startupMs: number; rssMB: number }[] = [];
  for (let i = 0; i < ctx.params.footprint.starts; i++) {
    gateway.push(await startOnce(ctx, 'src/main.ts', gatewayEnv));
    baseline.push(await startOnce(ctx, 'bench/servers/baseline-ws.ts', {}));
  }
  const m = (list: { startupMs: number; rssMB: number }[], key: 'startupMs' | 'rssMB') => median(list.map((x) => x[key]));
  const s = 'footprint';
  return {
    name: s,
    baseline: 'the bare ws + graphql-ws server (bench/servers/baseline-ws.ts) started the same way',
    rows: [
      row({ scenario: s, figure: `idle RSS (${ctx.params.footprint.idleMs} ms after ready)`, unit: 'MB', ours: m(gateway, 'rssMB'), baseline: m(baseline, 'rssMB'), verdict: 'info' }),
      row({ scenario: s, figure: 'start-up to /readyz 200', unit: 'ms', ours: m(gateway, 'startupMs'), baseline: m(baseline, 'startupMs'), verdict: 'info' }),
    ],
    details: { gateway, baseline, store: ctx.redis.gatewayUsesRedis ? 'redis' : 'memory', how: ctx.launch.how },
  };
}
