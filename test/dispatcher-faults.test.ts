import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionQueue } from '../src/admission/admission-queue.js';
import { createDispatcher, type Dispatcher } from '../src/admission/dispatcher.js';
import { createMemoryAdmission } from '../src/admission/memory-admission.js';
import { LEARNED_SLOTS } from '../src/admission/slots.js';
import { bearerAuth } from '../src/kling/auth.js';
import { createKlingClient, type KlingClient } from '../src/kling/client.js';
import { createMemoryEvents } from '../src/pubsub/memory-events.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import { eventually } from './support/harness.js';
import { queuedTaskRecord } from './support/task-record.js';

/** A real queue whose next `claim` fails before it runs, as a claim script does when Redis is away. */
function failingOnce(queue: AdmissionQueue): AdmissionQueue & { fail(): void } {
  let failNext = false;
  return {
    ...queue,
    claim(...args) {
      if (!failNext) return queue.claim(...args);
      failNext = false;
      return Promise.reject(new Error('connection lost'));
    },
    fail: () => void (failNext = true),
  };
}

describe('dispatcher, when the claim that admits a create fails', () => {
  let sandbox: Sandbox;
  let kling: KlingClient;
  let dispatcher: Dispatcher;
  const store = createMemoryStore();
  const queue = failingOnce(createMemoryAdmission());
  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: 'k', renderMs: 60_000 });
    kling = createKlingClient({ baseUrl: sandbox.url, auth: bearerAuth('k') });
    dispatcher = createDispatcher({
      store,
      queue,
      events: createMemoryEvents(),
      kling,
      log: pino({ level: 'silent' }),
      slots: LEARNED_SLOTS,
      tenantInFlight: {},
      track: async () => {},
      leaseMs: 5000,
      tickMs: 50,
      reconcileMs: 10_000,
    });
  });
  afterAll(async () => {
    await dispatcher.stop();
    kling.close();
    await sandbox.close();
  });

  it('leaves the task queued, and the timer submits it within a tick, not at the next scan for lost tasks', async () => {
    dispatcher.start();
    // The first tick's scan for stored tasks missing from the queue is over; the next is a minute away.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const record = queuedTaskRecord({ tenant: 'acme', request: { prompt: 'a claim that failed', model: 'kling-v3' } });
    await store.insert(record);
    queue.fail();
    await expect(dispatcher.admit(record)).rejects.toThrow('connection lost');
    await eventually(async () => (await store.get(record.id))?.status === 'SUBMITTED', 3000, 'submitted by the timer');
    expect(sandbox.creates()).toHaveLength(1);
  });
});
