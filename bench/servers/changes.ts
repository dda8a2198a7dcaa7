import { randomUUID } from 'node:crypto';
import type { TaskRecord } from '../../src/model/task.js';
import { encodeStamp, nowUs } from '../lib/stamp.js';

/**
 * How a benchmark server writes: a store read, a compare-and-set write and a publish, the path the
 * poller's `recordObservation` takes. The gateway wires this to its own services; the bare baseline
 * to a Map and a listener set.
 */
export interface ChangeTarget {
  insert(record: TaskRecord): Promise<void>;
  get(id: string): Promise<TaskRecord | null>;
  /** Compare-and-set write, then publish; false when the version moved underneath. */
  write(next: TaskRecord): Promise<boolean>;
}

export interface SeededTask {
  id: string;
  /** The Relay global id clients use. */
  globalId: string;
}

export const globalIdOf = (id: string) => Buffer.from(`VideoTask:${id}`).toString('base64');

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The IPC commands shared by the gateway and baseline servers: seed tasks, then change them. */
export function changeHandlers(target: ChangeTarget) {
  const chains = new Map<string, Promise<unknown>>();
  const finalVersion = new Map<string, number>();

  /** One change: read, stamp, write, publish. The stamp is taken right before the write. */
  async function change(id: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await target.get(id);
      if (!current) throw new Error(`no task ${id}`);
      const version = current.version + 1;
      const next: TaskRecord = { ...current, version, statusMessage: encodeStamp(version, nowUs()), updatedAt: Date.now() };
      if (await target.write(next)) {
        finalVersion.set(id, version);
        return;
      }
    }
    throw new Error(`task ${id}: compare-and-set kept failing`);
  }

  /** Changes to one task are applied one after another, as the poller does for one task. */
  function enqueue(id: string): Promise<void> {
    const run = (chains.get(id) ?? Promise.resolve()).then(() => change(id));
    chains.set(id, run.catch(() => undefined));
    return run;
  }

  const finals = (ids: readonly string[]) => Object.fromEntries(ids.map((id) => [id, finalVersion.get(id) ?? 1]));

  return {
    async seed({ count }: { count: number }): Promise<SeededTask[]> {
      const seeded: SeededTask[] = [];
      const now = Date.now();
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        await target.insert({
          id,
          tenant: 'default',
          taskId: String(880_000_000_000_000_000n + BigInt(i)),
          capability: 'TEXT_TO_VIDEO',
          model: 'kling-v3',
          request: { prompt: 'a fox' },
          status: 'PROCESSING',
          statusMessage: encodeStamp(1, 0),
          externalTaskId: null,
          videos: [],
          createdAt: now,
          updatedAt: now,
          submittedAt: now,
          startedAt: now,
          finishedAt: null,
          estimate: null,
          version: 1,
        });
        finalVersion.set(id, 1);
        seeded.push({ id, globalId: globalIdOf(id) });
      }
      return seeded;
    },

    /**
     * `ratePerSec` changes a second for `durationMs`, round-robin over `ids`, on schedule (a late
     * timer catches up). Answers once every change is written and published.
     */
    async steady({ ids, ratePerSec, durationMs }: { ids: string[]; ratePerSec: number; durationMs: number }) {
      const total = Math.round((ratePerSec * durationMs) / 1000);
      const started = performance.now();
      const runs: Promise<void>[] = [];
      let issued = 0;
      let maxLagMs = 0;
      while (issued < total) {
        const elapsed = performance.now() - started;
        const due = Math.min(total, Math.floor((elapsed * ratePerSec) / 1000) + 1);
        while (issued < due) {
          maxLagMs = Math.max(maxLagMs, elapsed - (issued * 1000) / ratePerSec);
          runs.push(enqueue(ids[issued % ids.length]!));
          issued++;
        }
        await sleep(1);
      }
      await Promise.all(runs);
      return { published: total, elapsedMs: performance.now() - started, maxLagMs, final: finals(ids) };
    },

    /** `count` changes to one task, back to back: each is written and published before the next. */
    async flood({ id, count }: { id: string; count: number }) {
      const started = performance.now();
      for (let i = 0; i < count; i++) await enqueue(id);
      return { published: count, elapsedMs: performance.now() - started, final: finals([id]) };
    },

    finals: ({ ids }: { ids: string[] }) => finals(ids),
  };
}
