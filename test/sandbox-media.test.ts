import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_T2V, eventually, gql, startHarness, type Harness } from './support/harness.js';

/** A player built against the sandbox gets a real MP4 and a poster, served as a CDN serves Kling's results. */
describe("the sandbox's result media", () => {
  let h: Harness;
  let videoUrl: string;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { renderMs: 200 } });
    const created = await gql(h.url, CREATE_T2V, { input: { prompt: 'media' } });
    const id = created.data!.createTextToVideo.id as string;
    videoUrl = await eventually(async () => {
      const res = await gql(h.url, `query($id: ID!) { videoTask(id: $id) { videos { url } } }`, { id });
      return res.data?.videoTask?.videos[0]?.url as string | undefined;
    });
  });
  afterAll(() => h.close());

  it('serves an ISO-BMFF MP4 with an H.264 track, to any origin, with byte ranges', async () => {
    const res = await fetch(videoUrl, { headers: { origin: 'http://elsewhere.test' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(bytes.length).toBeLessThan(100_000);
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(bytes.includes(Buffer.from('avc1'))).toBe(true);
    // `+faststart`: the index comes before the media data, so playback starts before the download ends.
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
  });

  it.each([
    ['bytes=0-99', 206, 'bytes 0-99/', 100],
    ['bytes=100-', 206, 'bytes 100-', -100],
    ['bytes=-50', 206, '/', 50],
  ])('answers Range %s with %i', async (range, status, contentRange, length) => {
    const full = Buffer.from(await (await fetch(videoUrl)).arrayBuffer());
    const res = await fetch(videoUrl, { headers: { range } });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-range')).toContain(contentRange);
    const part = Buffer.from(await res.arrayBuffer());
    expect(part.length).toBe(length > 0 ? length : full.length + length);
    const start = range === 'bytes=-50' ? full.length - 50 : Number(/=(\d+)/.exec(range)![1]);
    expect(part.equals(full.subarray(start, start + part.length))).toBe(true);
  });

  it('refuses a range past the end with 416 and the size', async () => {
    const res = await fetch(videoUrl, { headers: { range: 'bytes=99999999-' } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toMatch(/^bytes \*\/\d+$/);
  });

  it('serves a JPEG poster beside the video, and nothing for unknown tasks', async () => {
    const poster = await fetch(videoUrl.replace(/\.mp4$/, '.jpg'));
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await poster.arrayBuffer());
    expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect((await fetch(videoUrl.replace(/\/\d+\.mp4$/, '/123.mp4'))).status).not.toBe(200);
  });
});
