import type { DueTask, PollSchedule } from './schedule.js';

/** The single-process schedule. A linear scan per claim is fine at the task counts one process sees. */
export function createMemorySchedule(): PollSchedule {
  const entries = new Map<string, { dueAt: number; intervalMs: number }>();
  return {
    async schedule(id, dueAt, intervalMs, onlyIfAbsent = false) {
      if (onlyIfAbsent && entries.has(id)) return;
      entries.set(id, { dueAt, intervalMs });
    },
    async remove(id) {
      entries.delete(id);
    },
    async claimDue(now, limit, leaseMs) {
      const due: (DueTask & { dueAt: number })[] = [];
      for (const [id, entry] of entries) if (entry.dueAt <= now) due.push({ id, ...entry });
      due.sort((a, b) => a.dueAt - b.dueAt);
      return due.slice(0, limit).map(({ id, intervalMs }) => {
        entries.set(id, { dueAt: now + leaseMs, intervalMs });
        return { id, intervalMs };
      });
    },
    async size() {
      return entries.size;
    },
  };
}
