import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fairPosition, utcDay } from '../src/admission/admission-queue.js';
import { createMemoryAdmission } from '../src/admission/memory-admission.js';
import { parseSlotLimits, slotsFor } from '../src/admission/slots.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { videoSeconds } from '../src/resolvers/quotas.js';
import { requestHash } from '../src/resolvers/request-hash.js';
import { parseTenantSettings } from '../src/tenant-settings.js';

describe('KLING_CONCURRENCY', () => {
  it.each([
    ['5', 'kling-v3', 5],
    ['5', 'kling-video-o1', 5],
    ['kling-v3=5,kling-video-o1=3,*=4', 'kling-video-o1', 3],
    ['kling-v3=5,kling-video-o1=3,*=4', 'kling-v2-6', 4],
    ['kling-v3=5', 'kling-v2-6', undefined],
  ])('%s gives %s %s slots', (value, model, slots) => {
    expect(slotsFor(parseSlotLimits(value), model)).toBe(slots);
  });

  it.each(['0', 'five', 'kling-v3=', '=3', 'kling-v3=2.5'])('refuses %j, naming the variable', (value) => {
    expect(() => loadConfig({ KLING_CONCURRENCY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ KLING_CONCURRENCY: value })).toThrow(/KLING_CONCURRENCY/);
  });
});

describe('queue position in round-robin order', () => {
  // Queues [tenant, length]; the task at index i of `tenant`.
  it.each([
    [0, 'a', [['a', 3]], 1],
    [2, 'a', [['a', 3]], 3],
    [0, 'b', [['a', 24], ['b', 3], ['c', 3]], 2],
    [0, 'c', [['a', 24], ['b', 3], ['c', 3]], 3],
    [1, 'a', [['a', 24], ['b', 3], ['c', 3]], 4],
    [2, 'c', [['a', 24], ['b', 3], ['c', 3]], 9],
    [5, 'a', [['a', 24], ['b', 3], ['c', 3]], 12],
    [1, 'c', [['a', 24], ['b', 1], ['c', 3]], 5],
  ] as const)('index %i of %s in %j is %i', (i, tenant, queues, expected) => {
    expect(fairPosition(i, tenant, queues.map(([t, length]) => ({ tenant: t, length })))).toBe(expected);
  });

  it('matches the order the memory queue dispatches in', async () => {
    const queue = createMemoryAdmission();
    const plan = ['a', 'a', 'a', 'a', 'b', 'c', 'c', 'a', 'b'];
    for (const [n, tenant] of plan.entries()) await queue.enqueue('m', tenant, `${tenant}${n}`);
    const positions = new Map<string, number>();
    for (const [n, tenant] of plan.entries()) positions.set(`${tenant}${n}`, (await queue.position('m', tenant, `${tenant}${n}`))!);
    const order: string[] = [];
    for (;;) {
      const claim = await queue.claim('m', { slots: undefined, tenantInFlight: {} }, 0, 1);
      if (!claim) break;
      order.push(claim.id);
    }
    expect(order.map((id) => positions.get(id))).toEqual(order.map((_, i) => i + 1));
    expect(order.slice(0, 3).map((id) => id[0])).toEqual(['a', 'b', 'c']);
  });

  it('skips a tenant at its in-flight limit without losing its turn for later', async () => {
    const queue = createMemoryAdmission();
    for (const id of ['a1', 'a2']) await queue.enqueue('m', 'a', id);
    await queue.enqueue('m', 'b', 'b1');
    const limits = { slots: 10, tenantInFlight: { a: 1 } };
    const taken = [await queue.claim('m', limits, 0, 1), await queue.claim('m', limits, 0, 1), await queue.claim('m', limits, 0, 1)];
    expect(taken.map((c) => c?.id ?? null)).toEqual(['a1', 'b1', null]);
    await queue.release('m', 'a1', false);
    expect((await queue.claim('m', limits, 0, 1))?.id).toBe('a2');
  });
});

describe('idempotency: the normalised input', () => {
  it.each([
    [{ prompt: 'a', duration: 5 }, { duration: 5, prompt: 'a' }, true],
    [{ prompt: 'a', negativePrompt: null }, { prompt: 'a' }, true],
    [{ prompt: 'a', cameraControl: { type: 'simple', config: { zoom: 5, pan: null } } }, { prompt: 'a', cameraControl: { config: { zoom: 5 }, type: 'simple' } }, true],
    [{ prompt: 'a' }, { prompt: 'b' }, false],
    [{ prompt: 'a', model: 'kling-v3' }, { prompt: 'a', model: 'kling-v2-6' }, false],
    [{ images: ['x', 'y'] }, { images: ['y', 'x'] }, false],
  ])('%j vs %j: same = %s', (a, b, same) => {
    expect(requestHash(a) === requestHash(b)).toBe(same);
  });
});

describe('tenant settings', () => {
  it('reads JSON or YAML, merges defaults, and names the tenant (never a key) in errors', async () => {
    const settings = parseTenantSettings(
      JSON.stringify({ defaults: { maxQueued: 10 }, tenants: { acme: { keys: ['acme-key-0123456789'], maxInFlight: 2, proFactor: 2 } } }),
      't.json',
    );
    expect(settings.keys.get('acme-key-0123456789')).toBe('acme');
    expect(settings.limits('acme')).toEqual({ maxQueued: 10, maxInFlight: 2, proFactor: 2 });
    expect(settings.limits('other')).toEqual({ maxQueued: 10 });
    expect(settings.inFlightLimits).toEqual({ acme: 2 });
    const bad = () => parseTenantSettings('tenants:\n  acme:\n    keys: ["short-secret"]\n    maxQueued: -1\n', 't.yaml');
    expect(bad).toThrow(/tenants\.acme\.keys\.0/);
    expect(bad).toThrow(/tenants\.acme\.maxQueued/);
    expect(bad).not.toThrow(/short-secret/);
    expect(() => parseTenantSettings('tenants: { a: { maxQueue: 1 } }', 't.yaml')).toThrow(/tenants\.a/);
  });

  it('GATEWAY_TENANTS_FILE keys join GATEWAY_API_KEYS; a bad file stops the gateway naming the variable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kg-tenants-'));
    try {
      const file = join(dir, 'tenants.yaml');
      await writeFile(file, 'tenants:\n  acme:\n    keys: ["acme-key-0123456789"]\n    dailyVideoSeconds: 60\n');
      const config = loadConfig({ GATEWAY_TENANTS_FILE: file, GATEWAY_API_KEYS: 'beta:beta-key' });
      expect(config.apiKeys).toEqual(new Map([['beta-key', 'beta'], ['acme-key-0123456789', 'acme']]));
      expect(config.tenants.limits('acme').dailyVideoSeconds).toBe(60);
      await writeFile(file, 'tenants:\n  acme:\n    keys: ["acme-secret-0123456789"]\n    dailyVideoSeconds: lots\n');
      expect(() => loadConfig({ GATEWAY_TENANTS_FILE: file })).toThrow(/GATEWAY_TENANTS_FILE.*tenants\.acme\.dailyVideoSeconds/);
      expect(() => loadConfig({ GATEWAY_TENANTS_FILE: file })).not.toThrow(/acme-secret/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('video-seconds', () => {
  it.each([
    [{ duration: 10 }, {}, 10],
    [{}, {}, 5],
    [{ duration: 5, mode: 'pro' }, { proFactor: 2 }, 10],
    [{ duration: 5, mode: 'pro' }, {}, 5],
    [{ duration: 5, mode: 'std' }, { proFactor: 2 }, 5],
  ])('%j with %j costs %i', (request, limits, seconds) => {
    expect(videoSeconds(request, limits)).toBe(seconds);
  });

  it('a day is a UTC day', () => {
    expect(utcDay(Date.UTC(2026, 10, 29, 23, 59))).toEqual({ day: '2026-11-29', resetsAt: Date.UTC(2026, 10, 30) });
  });
});
