import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxOptions } from '../src/sandbox/server.js';
import { collect, eventually, gql, startHarness, wsClient, type Harness } from './support/harness.js';
import { dropPrefix, REDIS_URL, testPrefix } from './support/redis.js';

const KEYS = { big: 'key-big-000000000000', s1: 'key-s1-0000000000000', s2: 'key-s2-0000000000000' } as const;
type Tenant = keyof typeof KEYS;
const auth = (tenant: Tenant) => ({ authorization: `Bearer ${KEYS[tenant]}` });
const API_KEYS = Object.entries(KEYS).map(([tenant, key]) => `${tenant}:${key}`).join(',');

const CREATE = `mutation($i: TextToVideoInput!) { createTextToVideo(input: $i) { id taskId status queuePosition } }`;
const STATUS = `query($id: ID!) { videoTask(id: $id) { status taskId submittedAt queuePosition statusMessage } }`;
const tenantOf = (body: unknown) => String((body as { external_task_id: string }).external_task_id).split(/[:/]/)[0];

const harnesses: Harness[] = [];
const prefixes: string[] = [];
async function harness(env: Record<string, string>, sandbox: SandboxOptions = {}) {
  const prefix = testPrefix();
  prefixes.push(prefix);
  const h = await startHarness({ env: { REDIS_URL, REDIS_PREFIX: prefix, ...env }, sandbox });
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
  await Promise.all(prefixes.splice(0).map((p) => dropPrefix(p)));
});

async function statusOf(h: Harness, id: string, headers: Record<string, string> = {}) {
  return (await gql(h.url, STATUS, { id }, headers)).data!.videoTask as { status: string; taskId: string | null; submittedAt: string | null };
}
const allSucceeded = (h: Harness, tasks: { id: string; tenant: Tenant }[]) =>
  eventually(
    async () => (await Promise.all(tasks.map((t) => statusOf(h, t.id, auth(t.tenant))))).every((s) => s.status === 'SUCCEEDED'),
    60_000,
    'every task to succeed',
  );

describe('slots and fairness (Redis, a sandbox with 3 slots)', () => {
  it('30 creates from 3 tenants, one sending 24: all succeed, never over 3 live, no 1303, small tenants first', async () => {
    const h = await harness({ KLING_CONCURRENCY: '3', GATEWAY_API_KEYS: API_KEYS }, { concurrency: 3, renderMs: 800 });
    const plan: Tenant[] = [...Array<Tenant>(24).fill('big'), 's1', 's1', 's1', 's2', 's2', 's2'];
    const results = await Promise.all(plan.map((tenant, i) => gql(h.url, CREATE, { i: { prompt: `task ${i}` } }, auth(tenant))));
    for (const r of results) expect(r.errors).toBeUndefined();
    const tasks = results.map((r, i) => ({ id: r.data!.createTextToVideo.id as string, tenant: plan[i]! }));
    expect(results.filter((r) => r.data!.createTextToVideo.status === 'QUEUED').length).toBeGreaterThanOrEqual(27);
    await allSucceeded(h, tasks);

    const stats = h.sandbox.concurrencyStats();
    expect(stats.maxLive).toBeLessThanOrEqual(3);
    expect(stats.refusals).toBe(0);
    const creates = h.sandbox.creates();
    expect(creates).toHaveLength(30);
    // The first 3 slots, then three rounds of three: the small tenants' six are all among the first 12.
    const first12 = creates.slice(0, 12).map((c) => tenantOf(c.body));
    expect(first12.filter((t) => t !== 'big')).toHaveLength(6);
  }, 90_000);

  it('a 1303 behind the gateway\'s back requeues the task at the head, lowers the limit until a task ends, and still completes', async () => {
    const h = await harness({ KLING_CONCURRENCY: '3' }, { concurrency: 3, renderMs: 600 });
    const first = await gql(h.url, CREATE, { i: { prompt: 'holds a slot' } });
    expect(first.data!.createTextToVideo.status).toBe('SUBMITTED');
    // Another client of the account takes the other slots: every attempt of the next create meets 1303.
    h.sandbox.injectFault({ on: 'create', httpStatus: 429, code: 1303, times: 3 });
    const second = await gql(h.url, CREATE, { i: { prompt: 'meets 1303' } });
    expect(second.errors).toBeUndefined();
    expect(second.data!.createTextToVideo).toMatchObject({ status: 'QUEUED', taskId: null });
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/kling_gateway_pool_limit\{pool="kling-v3"\} 1\b/);
    expect(metrics).toMatch(/kling_gateway_upstream_concurrency_refusals_total\{pool="kling-v3"\} 1\b/);
    const ids = [first, second].map((r) => ({ id: r.data!.createTextToVideo.id as string, tenant: 'big' as Tenant }));
    await eventually(async () => (await Promise.all(ids.map((t) => statusOf(h, t.id)))).every((s) => s.status === 'SUCCEEDED'), 20_000, 'both');
    // The first task's end lifted the lowered limit back to the configured one.
    const after = await (await fetch(`${h.url}/metrics`)).text();
    expect(after).toMatch(/kling_gateway_pool_limit\{pool="kling-v3"\} 3\b/);
  }, 30_000);

  it('with no KLING_CONCURRENCY the limit is learned from the first 1303: capped at what is in flight', async () => {
    const h = await harness({}, { concurrency: 2, renderMs: 1000 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => gql(h.url, CREATE, { i: { prompt: `learn ${i}` } })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const ids = results.map((r) => r.data!.createTextToVideo.id as string);
    await eventually(async () => (await Promise.all(ids.map((id) => statusOf(h, id)))).every((s) => s.status === 'SUCCEEDED'), 30_000, 'all');
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/kling_gateway_pool_limit\{pool="kling-v3"\} 2\b/);
    expect(h.sandbox.concurrencyStats().maxLive).toBe(2);
    // Each task was created once; the refusals were all before the limit was learned.
    expect(new Set(h.sandbox.creates().map((c) => (c.body as { external_task_id: string }).external_task_id)).size).toBe(5);
    console.info(`learned limit: sandbox refusals ${h.sandbox.concurrencyStats().refusals} before the pool was capped at 2`);
  }, 40_000);
});

describe('queued tasks', () => {
  it('subscribers see QUEUED with the position going down, then SUBMITTED ... SUCCEEDED', async () => {
    const h = await harness({ KLING_CONCURRENCY: '1' }, { concurrency: 1, renderMs: 1500 });
    const made = [];
    for (const i of [1, 2, 3]) made.push((await gql(h.url, CREATE, { i: { prompt: `in line ${i}` } })).data!.createTextToVideo);
    expect(made.map((t) => t.status)).toEqual(['SUBMITTED', 'QUEUED', 'QUEUED']);
    expect(made.map((t) => t.queuePosition)).toEqual([null, 1, 2]);
    const client = wsClient(h.url);
    const query = `subscription($id: ID!) { videoTaskUpdated(id: $id) { status taskId queuePosition } }`;
    const { results, error } = await collect(client, query, { id: made[2]!.id }).done;
    await client.dispose();
    expect(error).toBeUndefined();
    const events = results.map((r) => r.data!.videoTaskUpdated as { status: string; taskId: string | null; queuePosition: number | null });
    expect(events[0]).toMatchObject({ status: 'QUEUED', taskId: null, queuePosition: 2 });
    const queued = events.filter((e) => e.status === 'QUEUED').map((e) => e.queuePosition!);
    expect(queued).toContain(1);
    for (let i = 1; i < queued.length; i++) expect(queued[i]!).toBeLessThan(queued[i - 1]!);
    const order = ['QUEUED', 'SUBMITTED', 'PROCESSING', 'SUCCEEDED'];
    const ranks = events.map((e) => order.indexOf(e.status));
    for (let i = 1; i < ranks.length; i++) expect(ranks[i]!).toBeGreaterThanOrEqual(ranks[i - 1]!);
    expect(events.at(-1)).toMatchObject({ status: 'SUCCEEDED', queuePosition: null });
    expect(events.at(-1)!.taskId).toMatch(/^\d+$/);
  }, 30_000);

  it('positions are coalesced: 20 watchers of a queued task cost one position read a second, not one each', async () => {
    const h = await harness({ KLING_CONCURRENCY: '1' }, { concurrency: 1, renderMs: 60_000 });
    const running = (await gql(h.url, CREATE, { i: { prompt: 'long' } })).data!.createTextToVideo;
    const waiting = (await gql(h.url, CREATE, { i: { prompt: 'behind it' } })).data!.createTextToVideo;
    const dispatcher = h.app.services.dispatcher;
    const original = dispatcher.position.bind(dispatcher);
    let reads = 0;
    dispatcher.position = (record) => {
      reads++;
      return original(record);
    };
    const client = wsClient(h.url);
    const query = `subscription($id: ID!) { videoTaskUpdated(id: $id) { status queuePosition } }`;
    const watches = Array.from({ length: 20 }, () => collect(client, query, { id: waiting.id }));
    await eventually(() => watches.every((w) => w.results.length === 1), 5000, 'every watcher\'s first state');
    reads = 0;
    await new Promise((r) => setTimeout(r, 2500));
    expect(reads).toBeLessThanOrEqual(4);
    // The position did not change: nobody got a second message.
    for (const w of watches) expect(w.results.map((r) => r.data!.videoTaskUpdated)).toEqual([{ status: 'QUEUED', queuePosition: 1 }]);
    h.sandbox.finishTask((await statusOf(h, running.id)).taskId!);
    await eventually(() => watches.every((w) => w.results.length >= 2), 5000, 'the dispatch to reach every watcher');
    for (const w of watches) expect(w.results[1]!.data!.videoTaskUpdated).toMatchObject({ queuePosition: null });
    for (const w of watches) w.dispose();
    await client.dispose();
  }, 20_000);

  it('a queued task Kling refuses later becomes FAILED with Kling\'s reason', async () => {
    const h = await harness({ KLING_CONCURRENCY: '1' }, { concurrency: 1, renderMs: 500 });
    await gql(h.url, CREATE, { i: { prompt: 'first' } });
    const refused = (await gql(h.url, CREATE, { i: { prompt: 'a [reject] later' } })).data!.createTextToVideo;
    expect(refused.status).toBe('QUEUED');
    const final = await eventually(async () => {
      const s = await statusOf(h, refused.id);
      return s.status === 'FAILED' ? s : undefined;
    }, 10_000, 'refusal');
    expect(final).toMatchObject({ taskId: null, submittedAt: null });
    expect((final as unknown as { statusMessage: string }).statusMessage).toMatch(/content safety.*1301/);
  }, 20_000);

  it('a refusal within the create is the mutation\'s error, and the task is not kept', async () => {
    const h = await harness({ KLING_CONCURRENCY: '2' }, { concurrency: 2 });
    const res = await gql(h.url, CREATE, { i: { prompt: 'now [reject]', externalTaskId: 'refused-1' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('CONTENT_REJECTED');
    const list = await gql(h.url, `{ videoTasks(first: 10) { edges { node { id } } } }`);
    expect(list.data!.videoTasks.edges).toHaveLength(0);
    // Its key is free again.
    const again = await gql(h.url, CREATE, { i: { prompt: 'now fine', externalTaskId: 'refused-1' } });
    expect(again.errors).toBeUndefined();
  });
});

describe('cancel, retry, idempotency conflicts and quotas', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kg-tenants-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a queued task is cancelled without reaching Kling; a submitted one is NOT_CANCELLABLE; retry makes a new task', async () => {
    const h = await harness({ KLING_CONCURRENCY: '1' }, { concurrency: 1, renderMs: 800 });
    const running = (await gql(h.url, CREATE, { i: { prompt: 'running' } })).data!.createTextToVideo;
    const waiting = (await gql(h.url, CREATE, { i: { prompt: 'waiting', duration: 10 } })).data!.createTextToVideo;
    expect(waiting.status).toBe('QUEUED');
    const before = h.sandbox.creates().length;
    const cancelled = await gql(h.url, `mutation($id: ID!) { cancelVideoTask(id: $id) { status taskId } }`, { id: waiting.id });
    expect(cancelled.data!.cancelVideoTask).toEqual({ status: 'CANCELLED', taskId: null });
    const refused = await gql(h.url, `mutation($id: ID!) { cancelVideoTask(id: $id) { status } }`, { id: running.id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_CANCELLABLE');
    expect(refused.errors?.[0]?.message).toMatch(/Kling.*no cancel/);
    await eventually(async () => (await statusOf(h, running.id)).status === 'SUCCEEDED', 10_000, 'first done');
    await new Promise((r) => setTimeout(r, 500));
    expect(h.sandbox.creates().length).toBe(before);
    expect((await statusOf(h, waiting.id)).status).toBe('CANCELLED');

    const retried = await gql(h.url, `mutation($id: ID!) { retryVideoTask(id: $id) { id status } }`, { id: waiting.id });
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.retryVideoTask.id).not.toBe(waiting.id);
    await eventually(async () => (await statusOf(h, retried.data!.retryVideoTask.id)).status === 'SUCCEEDED', 10_000, 'retry done');
    const sent = h.sandbox.creates().at(-1)!.body as { prompt: string; duration: string };
    expect(sent).toMatchObject({ prompt: 'waiting', duration: '10' });
    const notRetryable = await gql(h.url, `mutation($id: ID!) { retryVideoTask(id: $id) { id } }`, { id: running.id });
    expect(notRetryable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  }, 30_000);

  it('an externalTaskId sent again with a different input is IDEMPOTENCY_CONFLICT; the same input returns the task', async () => {
    const h = await harness({});
    const first = await gql(h.url, CREATE, { i: { prompt: 'a fox', externalTaskId: 'same-key', duration: 5 } });
    const before = h.sandbox.creates().length;
    // The same input, spelt differently (an explicit null, another key order), is the same task.
    const same = await gql(h.url, CREATE, { i: { duration: 5, negativePrompt: null, externalTaskId: 'same-key', prompt: 'a fox' } });
    expect(same.data!.createTextToVideo.id).toBe(first.data!.createTextToVideo.id);
    const other = await gql(h.url, CREATE, { i: { prompt: 'a wolf', externalTaskId: 'same-key' } });
    expect(other.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(h.sandbox.creates().length).toBe(before);
  });

  it('quotas refuse with QUOTA_EXCEEDED before any upstream call; usage shows the counts', async () => {
    const file = join(dir, 'tenants.yaml');
    await writeFile(
      file,
      [
        'tenants:',
        '  small:',
        `    keys: ["${KEYS.s1}"]`,
        '    maxQueued: 1',
        '    maxInFlight: 1',
        '  budget:',
        `    keys: ["${KEYS.s2}"]`,
        '    dailyVideoSeconds: 12',
        '    proFactor: 2',
        '    maxInFlight: 1',
      ].join('\n'),
    );
    const h = await harness({ GATEWAY_TENANTS_FILE: file }, { renderMs: 1500 });
    const small = { authorization: `Bearer ${KEYS.s1}` };
    const budget = { authorization: `Bearer ${KEYS.s2}` };
    const a = await gql(h.url, CREATE, { i: { prompt: 'a' } }, small);
    const b = await gql(h.url, CREATE, { i: { prompt: 'b' } }, small);
    expect([a.data!.createTextToVideo.status, b.data!.createTextToVideo.status]).toEqual(['SUBMITTED', 'QUEUED']);
    const before = h.sandbox.creates().length;
    const c = await gql(h.url, CREATE, { i: { prompt: 'c' } }, small);
    expect(c.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 'maxQueued', value: 1, used: 1, resetsAt: null });

    const usage = await gql(h.url, `{ usage { tenant queued inFlight videoSecondsToday limits { maxQueued maxInFlight dailyVideoSeconds proFactor } resetsAt } }`, {}, small);
    expect(usage.data!.usage).toMatchObject({ tenant: 'small', queued: 1, inFlight: 1, limits: { maxQueued: 1, maxInFlight: 1, dailyVideoSeconds: null, proFactor: 1 } });

    const std = await gql(h.url, CREATE, { i: { prompt: 'five', duration: 5 } }, budget);
    expect(std.errors).toBeUndefined();
    const afterStd = h.sandbox.creates().length;
    const pro = await gql(h.url, CREATE, { i: { prompt: 'ten', duration: 5, mode: 'PRO' } }, budget);
    expect(pro.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 'dailyVideoSeconds', value: 12, used: 5 });
    expect(Date.parse(pro.errors![0]!.extensions!.resetsAt as string)).toBeGreaterThan(Date.now());
    expect(h.sandbox.creates().length).toBe(afterStd);
    expect(afterStd).toBe(before + 1);
    const spent = await gql(h.url, `{ usage { videoSecondsToday } }`, {}, budget);
    expect(spent.data!.usage.videoSecondsToday).toBe(5);
    // A task waiting its turn (in-flight limit 1) is charged; cancelled, it gives its seconds back.
    const waiting = await gql(h.url, CREATE, { i: { prompt: 'waits', duration: 5 } }, budget);
    expect(waiting.data!.createTextToVideo.status).toBe('QUEUED');
    expect((await gql(h.url, `{ usage { videoSecondsToday queued } }`, {}, budget)).data!.usage).toEqual({ videoSecondsToday: 10, queued: 1 });
    await gql(h.url, `mutation($id: ID!) { cancelVideoTask(id: $id) { status } }`, { id: waiting.data!.createTextToVideo.id }, budget);
    expect((await gql(h.url, `{ usage { videoSecondsToday queued } }`, {}, budget)).data!.usage).toEqual({ videoSecondsToday: 5, queued: 0 });
    // Nothing in any answer names a key.
    expect(JSON.stringify([c, pro, usage])).not.toMatch(/key-s\d/);
  }, 20_000);
});
