import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, CREATE_T2V, eventually, gql, sse, startHarness, WATCH, wsClient, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sandbox: { renderMs: 600, submittedMs: 150 } });
});
afterAll(() => h.close());

async function create(prompt: string, extra: Record<string, unknown> = {}) {
  const res = await gql(h.url, CREATE_T2V, { input: { prompt, ...extra } });
  expect(res.errors).toBeUndefined();
  return res.data!.createTextToVideo as { id: string; taskId: string };
}

describe('videoTaskUpdated over graphql-ws', () => {
  it('sends the current state, every change once, and completes after SUCCEEDED', async () => {
    const task = await create('a fox in the snow');
    const client = wsClient(h.url);
    const { done } = collect(client, WATCH, { id: task.id });
    const { results, error } = await done;
    await client.dispose();
    expect(error).toBeUndefined();
    const statuses = results.map((r) => r.data?.videoTaskUpdated.status);
    expect(statuses).toEqual(['SUBMITTED', 'PROCESSING', 'SUCCEEDED']);
    const last = results.at(-1)!.data!.videoTaskUpdated;
    expect(last.videos[0].url).toMatch(new RegExp(`/sandbox/videos/${task.taskId}\\.mp4$`));
    expect(last.videos[0].duration).toBe(5);
  });

  it('ends with FAILED and Kling\'s reason', async () => {
    const task = await create('please [fail] this one');
    const client = wsClient(h.url);
    const { results, error } = await collect(client, WATCH, { id: task.id }).done;
    await client.dispose();
    expect(error).toBeUndefined();
    const last = results.at(-1)!.data!.videoTaskUpdated;
    expect(last.status).toBe('FAILED');
    expect(last.statusMessage).toBe('The sandbox was asked to fail this task.');
    expect(results.map((r) => r.data?.videoTaskUpdated.status)).not.toContain('SUCCEEDED');
  });

  it('twenty watchers of one task cause one poll stream upstream', async () => {
    const task = await create('one task, many eyes');
    const clients = Array.from({ length: 20 }, () => wsClient(h.url));
    const runs = clients.map((client) => collect(client, WATCH, { id: task.id }).done);
    const outcomes = await Promise.all(runs);
    await Promise.all(clients.map((c) => c.dispose()));
    for (const { results, error } of outcomes) {
      expect(error).toBeUndefined();
      expect(results.at(-1)!.data!.videoTaskUpdated.status).toBe('SUCCEEDED');
    }
    // The poller polls every 50-200 ms over a 600 ms render: one stream makes a handful of GETs;
    // one stream per watcher would make at least 20 times as many.
    const gets = h.sandbox.getsFor(task.taskId).length;
    expect(gets).toBeGreaterThan(0);
    expect(gets).toBeLessThanOrEqual(15);
  });

  it('an unknown id is a NOT_FOUND error, and the socket keeps serving', async () => {
    const client = wsClient(h.url);
    const unknown = Buffer.from('VideoTask:00000000-0000-0000-0000-000000000000').toString('base64');
    const first = await collect(client, WATCH, { id: unknown }).done;
    const errors = (first.error ?? first.results[0]?.errors) as { extensions?: { code?: string } }[];
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const task = await create('still alive');
    const second = await collect(client, WATCH, { id: task.id }).done;
    expect(second.results.at(-1)!.data!.videoTaskUpdated.status).toBe('SUCCEEDED');
    await client.dispose();
  });

  it('a syntax error fails that operation only; other subscriptions on the socket go on (T1)', async () => {
    const task = await create('survives a neighbour');
    const client = wsClient(h.url);
    const good = collect(client, WATCH, { id: task.id });
    const bad = await collect(client, 'subscription { videoTaskUpdated(id: ', {}).done;
    const [parseError] = bad.error as { extensions?: Record<string, unknown> }[];
    expect(parseError?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    // An armor rejection is refused the same way, with its own code.
    const aliased = `subscription { ${Array.from({ length: 20 }, (_, i) => `a${i}: videoTaskUpdated(id: "${task.id}") { id }`).join(' ')} }`;
    const limited = await collect(client, aliased, {}).done;
    expect((limited.error as { extensions?: Record<string, unknown> }[])[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    const { results, error } = await good.done;
    expect(error).toBeUndefined();
    expect(results.at(-1)!.data!.videoTaskUpdated.status).toBe('SUCCEEDED');
    await client.dispose();
  });

  it('allows 100 operations on one socket and refuses the 101st with LIMIT_EXCEEDED', async () => {
    const task = await create('crowded socket', { duration: 10 });
    const client = wsClient(h.url);
    const subs = Array.from({ length: 100 }, () => collect(client, WATCH, { id: task.id }));
    await eventually(() => subs.every((s) => s.results.length > 0), 5000, '100 first states');
    const extra = await collect(client, WATCH, { id: task.id }).done;
    const errors = extra.error as { extensions?: Record<string, unknown> }[];
    expect(errors[0]?.extensions).toEqual({ code: 'LIMIT_EXCEEDED' });
    for (const s of subs) s.dispose();
    await client.dispose();
  });

  it('a client that leaves releases its listener at once (T2)', async () => {
    const task = await create('watched briefly', { duration: 10 });
    const before = h.app.services.events.listenerCount();
    const clients = Array.from({ length: 10 }, () => wsClient(h.url));
    const subs = clients.map((client) => collect(client, WATCH, { id: task.id }));
    await eventually(() => subs.every((s) => s.results.length > 0), 5000, 'first states');
    expect(h.app.services.events.listenerCount()).toBe(before + 10);
    for (const s of subs) s.dispose();
    await eventually(() => h.app.services.events.listenerCount() === before, 1000, 'listeners released');
    await Promise.all(clients.map((c) => c.dispose()));
  });
});

describe('videoTaskUpdated over SSE', () => {
  it('streams SUBMITTED -> PROCESSING -> SUCCEEDED and closes', async () => {
    const task = await create('over server-sent events');
    const { status, events } = await sse(h.url, WATCH, { id: task.id });
    expect(status).toBe(200);
    expect(events.map((e) => e.data?.videoTaskUpdated.status)).toEqual(['SUBMITTED', 'PROCESSING', 'SUCCEEDED']);
  });

  it('streams a FAILED task to its end', async () => {
    const task = await create('[fail] over SSE');
    const { events } = await sse(h.url, WATCH, { id: task.id });
    expect(events.at(-1)?.data?.videoTaskUpdated.status).toBe('FAILED');
  });
});
