import type { Child } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { gql, httpJson } from '../lib/http.js';
import { CREATE_T2V, PROMPT, WATCH, type WatchPayload } from '../lib/queries.js';
import { redisEnv } from '../lib/redis.js';
import { row, verdict, type Row, type ScenarioResult } from '../lib/report.js';
import { sleep } from '../lib/stats.js';
import { closeAll, connectMany, subscribeAll, type Subscriber } from '../lib/ws-subscriber.js';

/**
 * Scenario 2, upstream economy. For each watcher count, W clients subscribe to one task (created
 * through the gateway) for its whole life; the sandbox, in its own process, counts the GETs it
 * received for that task. Over one gateway, and over two sharing Redis with watchers split between
 * them. Baseline: every watcher polling the sandbox itself at the gateway's interval, measured
 * with 100 direct pollers and computed for the other sizes from the per-watcher figure.
 */

interface SizeFigures {
  watchers: number;
  replicas: number;
  taskId: string;
  gets: number;
  terminalSeen: number;
  lifeMs: number;
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED']);

async function watchOneTask(gateways: readonly Child[], sandbox: Child, watchers: number, renderMs: number, intervalMs: number): Promise<SizeFigures> {
  const urls = gateways.map((g) => g.info.url as string);
  // Connections first, so all watchers are there for the whole life of the task.
  const subs: Subscriber[] = [];
  for (const [r, url] of urls.entries()) {
    const share = Math.floor(watchers / urls.length) + (r < watchers % urls.length ? 1 : 0);
    subs.push(...(await connectMany(url, share)));
  }
  const t0 = performance.now();
  const created = await gql<{ createTextToVideo: { id: string; taskId: string } }>(urls[0]!, CREATE_T2V, { input: { prompt: PROMPT } });
  const { id, taskId } = created.createTextToVideo;
  await subscribeAll(subs, WATCH, () => ({ id }));
  await Promise.race([Promise.all(subs.map((s) => s.done)), sleep(renderMs + 15_000)]);
  const lifeMs = performance.now() - t0;
  const statusOf = (s: Subscriber) => ((s.last ?? s.first) as WatchPayload | undefined)?.data?.videoTaskUpdated?.status ?? '';
  const terminalSeen = subs.filter((s) => s.completed && TERMINAL.has(statusOf(s))).length;
  closeAll(subs);
  // A poll in flight when the task ended still counts; give stragglers time to land.
  await sleep(intervalMs * 3);
  const gets = await sandbox.call<number>('getsFor', { taskId });
  return { watchers, replicas: gateways.length, taskId, gets, terminalSeen, lifeMs };
}

/** The baseline: `watchers` clients each polling the task on the sandbox every `intervalMs`. */
async function directPollers(sandbox: Child, watchers: number, intervalMs: number) {
  const base = sandbox.info.url as string;
  const auth = { authorization: `Bearer ${sandbox.info.key as string}` };
  const created = await httpJson(`${base}/v1/videos/text2video`, 'POST', { model_name: 'kling-v3', prompt: PROMPT }, auth);
  const taskId = (JSON.parse(created.body) as { data: { task_id: string } }).data.task_id;
  const poll = async () => {
    for (;;) {
      const answer = await httpJson(`${base}/v1/videos/text2video/${taskId}`, 'GET', undefined, auth);
      const status = (JSON.parse(answer.body) as { data: { task_status: string } }).data.task_status;
      if (status === 'succeed' || status === 'succeeded' || status === 'failed') return;
      await sleep(intervalMs);
    }
  };
  await Promise.all(Array.from({ length: watchers }, poll));
  const gets = await sandbox.call<number>('getsFor', { taskId });
  return { watchers, taskId, gets, perWatcher: gets / watchers };
}

export async function upstreamEconomy(ctx: BenchContext): Promise<ScenarioResult> {
  const { watchers: sizes, renderMs, intervalMs, baselineWatchers } = ctx.params.economy;
  const pending: string[] = [];
  const sandbox = await ctx.start('sandbox-economy', 'bench/servers/sandbox.ts', { SANDBOX_RENDER_MS: String(renderMs) });
  const prefix = ctx.prefix('economy');
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    KLING_API_KEY: sandbox.info.key as string,
    KLING_BASE_URL: sandbox.info.url as string,
    POLL_INTERVAL_MS: String(intervalMs),
    // A fixed interval, so the baseline pollers and the gateway poll at the same pace.
    POLL_MAX_INTERVAL_MS: String(intervalMs),
    ...redisEnv(ctx.redis, prefix),
  };
  const a = await ctx.start('gateway-economy-a', 'bench/servers/gateway.ts', env);

  // The sizes run at once, each on a task of its own: the counts are per task. The baseline's
  // pollers live in this process: in the full run they run alone, as a thousand watcher sockets
  // beside them would slow them down and understate the baseline; the quick run (100 watchers at
  // most) runs them beside the 1-replica sizes to save the time of a task's life.
  const oneReplica = () => Promise.all(sizes.map((w) => watchOneTask([a], sandbox, w, renderMs, intervalMs)));
  let baseline: Awaited<ReturnType<typeof directPollers>>;
  let one: SizeFigures[];
  if (ctx.quick) {
    ctx.log(`economy: 1 replica, watchers ${sizes.join('/')}, beside ${baselineWatchers} direct pollers`);
    [baseline, one] = await Promise.all([directPollers(sandbox, baselineWatchers, intervalMs), oneReplica()]);
  } else {
    ctx.log(`economy: baseline, ${baselineWatchers} direct pollers`);
    baseline = await directPollers(sandbox, baselineWatchers, intervalMs);
    ctx.log(`economy: 1 replica, watchers ${sizes.join('/')}`);
    one = await oneReplica();
  }
  let two: SizeFigures[] = [];
  if (ctx.redis.gatewayUsesRedis) {
    const b = await ctx.start('gateway-economy-b', 'bench/servers/gateway.ts', env);
    ctx.log(`economy: 2 replicas, watchers ${sizes.join('/')}`);
    two = await Promise.all(sizes.map((w) => watchOneTask([a, b], sandbox, w, renderMs, intervalMs)));
  } else {
    pending.push('2 replicas: pending, they need Redis (it did not answer, or --store=memory)');
  }

  const rows: Row[] = [];
  const all = [...one, ...two];
  // One stream: the count does not grow with watchers (at most 2 GETs of timer jitter over the
  // 1-watcher figure of the same replica count, or over one poller at this interval). Fewer GETs
  // than that (a poller delayed by a busy event loop) is still one stream; the note says so.
  const reference = (replicas: number) => all.find((f) => f.replicas === replicas)!.gets;
  const oneStream = (f: SizeFigures) => f.gets <= Math.max(reference(f.replicas), Math.ceil(baseline.perWatcher)) + 2;
  for (const f of all) {
    const computed = Math.round(baseline.perWatcher * f.watchers);
    rows.push(
      row({
        scenario: 'upstream economy',
        figure: `GETs per task, ${f.watchers} watcher${f.watchers > 1 ? 's' : ''}, ${f.replicas} replica${f.replicas > 1 ? 's' : ''}`,
        unit: '',
        ours: f.gets,
        baseline: f.watchers === baselineWatchers ? baseline.gets : computed,
        target: 'same at every size',
        verdict: verdict(oneStream(f) && f.terminalSeen === f.watchers),
        note: `${f.terminalSeen}/${f.watchers} saw the terminal state; task life ${Math.round(f.lifeMs)} ms; baseline ${f.watchers === baselineWatchers ? 'measured' : 'computed'}`,
      }),
    );
  }
  if (!ctx.redis.gatewayUsesRedis) {
    rows.push(row({ scenario: 'upstream economy', figure: 'GETs per task, 2 replicas', unit: '', target: 'same at every size', verdict: 'pending', note: 'needs Redis' }));
  }
  return {
    name: 'upstream economy',
    baseline: `each watcher polls the sandbox itself every ${intervalMs} ms until terminal: measured with ${baselineWatchers} pollers (${baseline.perWatcher.toFixed(1)} GETs each), computed for other sizes`,
    rows,
    details: { renderMs, intervalMs, baseline, oneReplica: one, twoReplicas: two },
    pending,
  };
}
