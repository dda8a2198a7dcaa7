import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_T2V, gql, startHarness, type Harness } from './support/harness.js';

describe('videoTasks history', () => {
  let h: Harness;
  const me = { authorization: 'Bearer me-key' };
  beforeAll(async () => {
    h = await startHarness({ env: { GATEWAY_API_KEYS: 'me:me-key,you:you-key' }, sandbox: { renderMs: 60_000 } });
  });
  afterAll(() => h.close());

  const LIST = `query($first: Int, $after: String, $status: TaskStatus, $capability: VideoCapability) {
    videoTasks(first: $first, after: $after, status: $status, capability: $capability) {
      edges { cursor node { id capability status } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  it('pages a tenant history newest first, filters it, and refuses foreign cursors', async () => {
    const ids: string[] = [];
    for (const prompt of ['one', 'two', 'three']) {
      const res = await gql(h.url, CREATE_T2V, { input: { prompt } }, me);
      ids.push(res.data!.createTextToVideo.id as string);
    }
    await gql(h.url, CREATE_T2V, { input: { prompt: 'not mine' } }, { authorization: 'Bearer you-key' });
    await gql(h.url, `mutation { createMultiImageToVideo(input: { prompt: "m", images: ["https://x/a.png"] }) { id } }`, {}, me).then((res) => {
      if (res.data) ids.push(res.data.createMultiImageToVideo.id as string);
    });
    const newestFirst = [...ids].reverse();

    const first = await gql(h.url, LIST, { first: 2 }, me);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.videoTasks;
    expect(page1.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(newestFirst.slice(0, 2));
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await gql(h.url, LIST, { first: 10, after: page1.pageInfo.endCursor }, me);
    expect(second.data!.videoTasks.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(newestFirst.slice(2));
    expect(second.data!.videoTasks.pageInfo.hasNextPage).toBe(false);

    const t2v = await gql(h.url, LIST, { capability: 'TEXT_TO_VIDEO' }, me);
    expect(t2v.data!.videoTasks.edges).toHaveLength(3);
    const done = await gql(h.url, LIST, { status: 'SUCCEEDED' }, me);
    expect(done.data!.videoTasks.edges).toEqual([]);

    const bad = await gql(h.url, LIST, { after: 'bm9wZQ' }, me);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const tooMany = await gql(h.url, LIST, { first: 1000 }, me);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
