import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareLaunch, RESULTS_DIR, ROOT } from './lib/build.js';
import { killAllChildren } from './lib/child.js';
import { createContext, type BenchContext } from './lib/context.js';
import { closeAgents } from './lib/http.js';
import { machineInfo } from './lib/machine.js';
import { summarizeProfiles } from './lib/profile.js';
import { deleteKeys, planRedis, redisClient } from './lib/redis.js';
import { updateReadme } from './lib/readme.js';
import { formatTable, row, type ScenarioResult } from './lib/report.js';
import { admission } from './scenarios/admission.js';
import { batchedReads } from './scenarios/batched-reads.js';
import { createOverhead } from './scenarios/create-overhead.js';
import { detectionLag } from './scenarios/detection-lag.js';
import { fanOut } from './scenarios/fan-out.js';
import { footprint } from './scenarios/footprint.js';
import { scheduleScale } from './scenarios/schedule-scale.js';
import { upstreamEconomy } from './scenarios/upstream-economy.js';

/**
 * `npm run bench` (full) or `npm run bench -- --quick` (under a minute). This process is the load
 * generator; every server (gateway, baseline, sandbox, Redis relay) runs in a process of its own.
 * Options: --only=fan-out,economy,create,batched,footprint,admission,detection-lag,schedule  --profile (CPU-profile the servers
 * during each measured phase, summary printed, .cpuprofile files kept under bench/results/profiles)
 * --store=memory (run the gateways without REDIS_URL)
 * --readme (write the table into bench/README.md).
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    /** auto: Redis when it answers; memory: never pass REDIS_URL. */
    store: { type: 'string', default: 'auto' },
    /** Write the table into bench/README.md. */
    readme: { type: 'boolean', default: false },
  },
});

const machine = machineInfo();
const runId = `bench-${Date.now().toString(36)}`;
const started = performance.now();
mkdirSync(RESULTS_DIR, { recursive: true });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

const launch = await prepareLaunch();
const planned = await planRedis();
const redis = values.store === 'memory' ? { ...planned, gatewayUsesRedis: false, note: 'in-memory store (--store=memory)' } : planned;
const ctx = createContext({ quick: values.quick, launch, redis, runId, profile: values.profile });
ctx.log(`${values.quick ? 'quick' : 'full'} run ${runId}; servers: ${launch.how}; ${redis.note}`);

// Each side of a connection holds a descriptor in its own process; keep headroom for the rest.
const maxConnections = Number.isFinite(machine.openFileLimit) ? machine.openFileLimit - 200 : 5000;

const scenarios: { key: string; run: (ctx: BenchContext) => Promise<ScenarioResult> }[] = [
  { key: 'fan-out', run: (c) => fanOut(c, maxConnections) },
  { key: 'economy', run: upstreamEconomy },
  { key: 'create', run: createOverhead },
  { key: 'batched', run: batchedReads },
  { key: 'footprint', run: footprint },
  { key: 'admission', run: admission },
  { key: 'detection-lag', run: detectionLag },
  { key: 'schedule', run: scheduleScale },
];
const only = values.only?.split(',').map((s) => s.trim());

const results: ScenarioResult[] = [];
for (const scenario of scenarios) {
  if (only && !only.includes(scenario.key)) continue;
  ctx.log(`scenario ${scenario.key}`);
  try {
    results.push(await scenario.run(ctx));
  } catch (error) {
    console.error(`scenario ${scenario.key} failed:`, error);
    results.push({
      name: scenario.key,
      baseline: '',
      rows: [row({ scenario: scenario.key, figure: 'FAILED', unit: '', verdict: 'missed', note: String(error).slice(0, 200) })],
      details: { error: String(error) },
    });
  } finally {
    await ctx.stopAll();
  }
}
closeAgents();

const client = await redisClient(redis.url);
if (client) {
  await deleteKeys(client, runId);
  client.disconnect();
}

const rows = results.flatMap((r) => r.rows);
const table = formatTable(rows);
const pending = results.flatMap((r) => (r.pending ?? []).map((p) => `${r.name}: ${p}`));
const totalSeconds = (performance.now() - started) / 1000;

console.log('');
console.log(table);
if (pending.length) console.log(`\nnot measured or measured differently:\n${pending.map((p) => `- ${p}`).join('\n')}`);

const profiles = ctx.profileDir ? summarizeProfiles(ctx.profileDir) : undefined;
if (profiles) console.log(`\nCPU profiles (${relative(ROOT, ctx.profileDir!)}), top self time:\n${profiles.text}`);

const report = {
  date: new Date().toISOString(),
  mode: values.quick ? 'quick' : 'full',
  runId,
  totalSeconds,
  machine,
  servers: launch.how,
  loadGenerator: `this driver process (pid ${process.pid}); every server runs in a separate process`,
  redis,
  table,
  rows,
  pending,
  scenarios: results,
  profiles: profiles?.top,
};
// latest.json is the last run of either mode; latest-<mode>.json keeps the last of each.
const file = join(RESULTS_DIR, 'latest.json');
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
if (!only) writeFileSync(join(RESULTS_DIR, `latest-${report.mode}.json`), `${JSON.stringify(report, null, 2)}\n`);
if (values.readme && !only) {
  const mode = values.quick ? 'quick' : 'full';
  const done = updateReadme({ mode, table, pending, machine, servers: launch.how, redis: redis.note, seconds: totalSeconds });
  console.log(done ? `bench/README.md: ${mode} table updated` : 'bench/README.md: no markers for this mode, not updated');
}
console.log(`\n${values.quick ? 'quick' : 'full'} run took ${totalSeconds.toFixed(1)} s; figures in ${relative(ROOT, file)}`);
process.exit(0);
