import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import { notFound } from '../errors.js';
import { isTerminal, type TaskRecord } from '../model/task.js';
import type { Services } from '../services.js';

/**
 * States a slow subscriber may fall behind by before older ones are dropped. Each event is a whole
 * state and the terminal one is always the newest, so dropping old ones loses nothing that matters.
 */
const SUBSCRIBER_BUFFER = 16;
/**
 * How often a queued task's position is read for its watchers. A dispatch moves every queued task
 * up, so the position is sent at most this often rather than on every dispatch: one dispatch with
 * 1,000 tasks queued costs nothing at once, and each watcher gets at most one position a second.
 */
export const POSITION_INTERVAL_MS = 1000;

/**
 * The source of `videoTaskUpdated`: the current state at once, then every newer state, then the
 * end after a terminal one.
 *
 * Order matters (traps T2, T3): the listener is attached, and acknowledged, before the stored state
 * is read, so no change slips between the two; versions drop anything already sent; and the
 * Repeater is returned as is, so a client that leaves releases its listener at once.
 */
export async function watchTask(services: Services, tenant: string, id: string): Promise<AsyncIterable<TaskRecord>> {
  const known = await services.store.get(id);
  if (!known || known.tenant !== tenant) throw notFound('Video task');

  return new Repeater<TaskRecord>(async (push, stop) => {
    let sent = 0;
    let latest: TaskRecord | undefined;
    let position: number | null | undefined;
    const emit = (record: TaskRecord) => {
      if (record.version <= sent) return;
      sent = record.version;
      latest = record;
      position = record.status === 'QUEUED' ? position : null;
      void push({ ...record, queuePosition: position ?? null });
      if (isTerminal(record.status)) stop();
    };
    // While queued, the position is re-read on a timer and sent when it changed (with the same version).
    const timer = setInterval(() => {
      const record = latest;
      if (record?.status !== 'QUEUED') return;
      services.dispatcher.position(record).then(
        (now) => {
          if (latest !== record || now === position) return;
          position = now;
          void push({ ...record, queuePosition: now });
        },
        () => undefined,
      );
    }, POSITION_INTERVAL_MS);
    const detach = await services.events.subscribe(id, emit);
    try {
      const current = await services.store.get(id);
      if (current?.status === 'QUEUED') position = await services.dispatcher.position(current);
      if (current) emit(current);
    } catch (error) {
      stop(error);
    }
    await stop;
    clearInterval(timer);
    detach();
  }, new SlidingBuffer(SUBSCRIBER_BUFFER));
}
