import type { BenchContext } from '../lib/context.js';
import { httpJson } from '../lib/http.js';
import { PROMPT } from '../lib/queries.js';
import { redisEnv } from '../lib/redis.js';
import { row, verdict, type Row, type ScenarioResult } from '../lib/report.js';
import { percentile, sleep } from '../lib/stats.js';

/**
 * Scenario 6, admission. `creates` tasks from `tenants` tenants against a sandbox with `slots`
 * slots and `renderMs` renders, through one gateway with KLING_CONCURRENCY=slots. The first tenant
 * sends a burst of most of the tasks first; the others send theirs right after (the case a FIFO
 * queue serves worst). Figures, all from the sandbox's own records and the Redis relay:
 * - 1303 answers (baseline: the same gateway with no KLING_CONCURRENCY, learning the limit);
 * - the most live tasks the sandbox saw;
 * - slot freed -> next submit: from the sandbox answering a query with a terminal status to the
 *   next create arriving, both timed in the sandbox's process;
 * - fairness: Jain's index over the tenants' upstream creates while every tenant had tasks queued
 *   (baseline: first-come-first-served over the same window, computed from the arrival order);
 * - store round trips per task over its whole life (create, dispatch, polls, end), counted by a
 *   relay in front of Redis.
 */

interface CreateLogEntry {
  at: number;
  externalId: string;
}

const CREATE = `mutation($i: TextToVideoInput!) { createTextToVideo(input: $i) { id status } }`;
const tenantOfExternalId = (externalId: string) => externalId.split(/[:/]/)[0]!;

/** Jain's fairness index: 1 when every share is equal, 1/n when one takes everything. */
export function jain(shares: readonly number[]): number {
  const sum = shares.reduce((a, b) => a + b, 0);
  const squares = shares.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (shares.length * squares);
}

/** Per tenant, how many of `tenants` appear in `order`. */
const sharesOf = (order: readonly string[], tenants: readonly string[]) => tenants.map((t) => order.filter((o) => o === t).length);

/** Pairs each slot freed (while tasks waited) with the first create after it. */
function freedToSubmit(ends: readonly number[], creates: readonly number[]): { at: number; gap: number }[] {
  const sortedEnds = [...ends].sort((a, b) => a - b);
  const sortedCreates = [...creates].sort((a, b) => a - b);
  const gaps: { at: number; gap: number }[] = [];
  let c = 0;
  for (const end of sortedEnds) {
    while (c < sortedCreates.length && sortedCreates[c]! < end) c++;
    if (c >= sortedCreates.length) break;
    gaps.push({ at: end, gap: sortedCreates[c]! - end });
    c++;
  }
  return gaps;
}

export async function admission(ctx: BenchContext): Promise<ScenarioResult> {
  const { creates: total, tenants: tenantCount, slots, renderMs, heavyShare, learnedCreates } = ctx.params.admission;
  const pending: string[] = [];
  const tenants = Array.from({ length: tenantCount }, (_, i) => `t${i}`);
  const keyOf = (tenant: string) => `bench-key-${tenant}-000000`;
  const common = {
    PORT: '0',
    HOST: '127.0.0.1',
    POLL_INTERVAL_MS: '50',
    POLL_MAX_INTERVAL_MS: '100',
    GATEWAY_API_KEYS: tenants.map((t) => `${t}:${keyOf(t)}`).join(','),
  };
  const sandbox = await ctx.start('sandbox-admission', 'bench/servers/sandbox.ts', {
    SANDBOX_RENDER_MS: String(renderMs),
    SANDBOX_CONCURRENCY: String(slots),
  });
  const upstream = { KLING_API_KEY: sandbox.info.key as string, KLING_BASE_URL: sandbox.info.url as string };
  let redisUrl: string | undefined;
  let relay: Awaited<ReturnType<BenchContext['start']>> | undefined;
  if (ctx.redis.gatewayUsesRedis) {
    const target = new URL(ctx.redis.url);
    relay = await ctx.start('redis-relay-admission', 'bench/servers/redis-proxy.ts', { REDIS_TARGET: `redis://${target.host}` });
    redisUrl = `redis://127.0.0.1:${relay.info.port as number}${target.pathname}`;
  } else {
    pending.push('store round trips: pending without Redis (in-memory store)');
  }

  const send = async (url: string, tenant: string, i: number) => {
    const answer = await httpJson(`${url}/graphql`, 'POST', { query: CREATE, variables: { i: { prompt: `${PROMPT} #${i}`, duration: 5 } } }, {
      authorization: `Bearer ${keyOf(tenant)}`,
    });
    const parsed = JSON.parse(answer.body) as { errors?: unknown[] };
    if (parsed.errors) throw new Error(`create refused: ${JSON.stringify(parsed.errors)}`);
  };
  /** The heavy tenant's burst, then everyone else's share at once; returns the arrival order. */
  const load = async (url: string, count: number) => {
    const heavy = Math.round(count * heavyShare);
    const rest = count - heavy;
    const arrival: string[] = [];
    const run = async (tenant: string, n: number, concurrency: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, n) }, async () => {
          while (next < n) {
            const i = next++;
            await send(url, tenant, i);
            arrival.push(tenant);
          }
        }),
      );
    };
    await run(tenants[0]!, heavy, 32);
    const others = tenants.slice(1);
    await Promise.all(others.map((t, k) => run(t, Math.floor(rest / others.length) + (k < rest % others.length ? 1 : 0), 4)));
    return arrival;
  };
  /** Every task ended, as the sandbox answered a query for it (refused creates are in the log too, so the log cannot say). */
  const waitForEnds = async (count: number, before: number, what: string) => {
    const deadline = Date.now() + (count / slots) * (renderMs + 500) + 60_000;
    for (;;) {
      const ends = (await sandbox.call<number[]>('endsAnswered')).length - before;
      if (ends >= count) return;
      if (Date.now() > deadline) throw new Error(`${what}: only ${ends} of ${count} tasks ended`);
      await sleep(200);
    }
  };

  // Baseline: no KLING_CONCURRENCY, the gateway learns the limit from Kling's 1303 answers.
  ctx.log(`admission: baseline, ${learnedCreates} creates with the limit learned`);
  const learned = await ctx.start('gateway-admission-learned', 'bench/servers/gateway.ts', {
    ...common,
    ...upstream,
    ...redisEnv(ctx.redis, ctx.prefix('admission-learned')),
  });
  await load(learned.info.url as string, learnedCreates);
  await waitForEnds(learnedCreates, 0, 'learned');
  const learnedStats = await sandbox.call<{ maxLive: number; refusals: number }>('concurrencyStats');
  await learned.call('stop');

  ctx.log(`admission: ${total} creates from ${tenantCount} tenants, ${slots} slots, ${renderMs} ms renders`);
  const gateway = await ctx.start('gateway-admission', 'bench/servers/gateway.ts', {
    ...common,
    ...upstream,
    KLING_CONCURRENCY: String(slots),
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_PREFIX: ctx.prefix('admission') } : {}),
  });
  const logBefore = (await sandbox.call<CreateLogEntry[]>('createLog')).length;
  const endsBefore = await sandbox.call<number[]>('endsAnswered');
  const tripsBefore = relay ? (await relay.call<{ roundTrips: number }>('stats')).roundTrips : 0;
  const t0 = performance.now();
  const arrival = await load(gateway.info.url as string, total);
  const loadDone = performance.now();
  await waitForEnds(total, endsBefore.length, 'admission');
  const log = (await sandbox.call<CreateLogEntry[]>('createLog')).slice(logBefore);
  const wallMs = performance.now() - t0;
  const tripsAfter = relay ? (await relay.call<{ roundTrips: number }>('stats')).roundTrips : 0;
  const stats = await sandbox.call<{ maxLive: number; refusals: number }>('concurrencyStats');
  const ends = (await sandbox.call<number[]>('endsAnswered')).filter((at) => !endsBefore.includes(at));

  // Slot freed -> next submit, for the slots freed while tasks waited (before the last create).
  const createTimes = log.map((e) => e.at);
  const lastCreate = Math.max(...createTimes);
  const paired = freedToSubmit(ends.filter((at) => at < lastCreate), createTimes);
  const gaps = paired.map((p) => p.gap).sort((a, b) => a - b);
  const firstCreate = Math.min(...createTimes);
  const slowest = [...paired].sort((a, b) => b.gap - a.gap).slice(0, 10).map((p) => ({ gap: Math.round(p.gap), atMs: Math.round(p.at - firstCreate) }));

  // Fairness window: from the first upstream create of the last tenant to get one, to the last
  // upstream create of the first tenant to drain: every tenant had tasks queued throughout.
  const order = log.map((e) => tenantOfExternalId(e.externalId));
  const start = Math.max(...tenants.map((t) => order.indexOf(t)));
  const end = Math.min(...tenants.map((t) => order.lastIndexOf(t)));
  const window = end > start ? order.slice(start, end + 1) : [];
  const oursJain = jain(sharesOf(window, tenants));
  const fifoJain = jain(sharesOf(arrival.slice(start, start + window.length), tenants));
  const roundTrips = relay ? (tripsAfter - tripsBefore) / total : null;

  const rows: Row[] = [
    row({
      scenario: 'admission',
      figure: `upstream 1303 answers (ours: ${total} creates, slots set; baseline: ${learnedCreates}, limit learned)`,
      unit: '',
      ours: stats.refusals - learnedStats.refusals,
      baseline: learnedStats.refusals,
      target: '0 with slots configured',
      verdict: verdict(stats.refusals - learnedStats.refusals === 0),
      note: `the learning gateway capped the pool after its first 1303 (it saw at most ${learnedStats.maxLive} live)`,
    }),
    row({
      scenario: 'admission',
      figure: 'most live tasks the sandbox saw',
      unit: '',
      ours: stats.maxLive,
      target: `<= ${slots} slots`,
      verdict: verdict(stats.maxLive <= slots),
    }),
    row({
      scenario: 'admission',
      figure: 'slot freed -> next submit, p50',
      unit: 'ms',
      ours: gaps.length ? percentile(gaps, 50) : null,
      target: 'info',
      verdict: 'info',
      note: `${gaps.length} slots freed while tasks waited; from the terminal answer to the next create, in the sandbox`,
    }),
    row({
      scenario: 'admission',
      figure: 'slot freed -> next submit, p99',
      unit: 'ms',
      ours: gaps.length ? percentile(gaps, 99) : null,
      target: '<= 50 ms',
      verdict: verdict(gaps.length ? percentile(gaps, 99) <= 50 : undefined),
    }),
    row({
      scenario: 'admission',
      figure: `fairness, Jain's index over ${tenantCount} tenants' upstream creates`,
      unit: '',
      ours: oursJain,
      baseline: fifoJain,
      target: '>= 0.95',
      verdict: verdict(window.length > 0 ? oursJain >= 0.95 : undefined),
      note: `window of ${window.length} creates while every tenant had tasks queued; baseline first-come-first-served over the same window`,
    }),
    row({
      scenario: 'admission',
      figure: 'store round trips per task, whole life',
      unit: '',
      ours: roundTrips,
      target: 'info',
      verdict: relay ? 'info' : 'pending',
      note: 'create, dispatch, polls and end, through a counting relay; divided by tasks',
    }),
  ];
  return {
    name: 'admission',
    baseline: `1303s: the same gateway without KLING_CONCURRENCY (learning the limit); fairness: first-come-first-served order of the same arrivals`,
    rows,
    details: { total, tenantCount, slots, renderMs, wallMs, stats, learnedStats, gapsCount: gaps.length, slowest, loadDoneMs: Math.round(loadDone - t0), window: window.length, start, end },
    pending,
  };
}
