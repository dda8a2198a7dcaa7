import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import { notFound } from '../errors.js';
import { canSee, type Caller } from '../model/caller.js';
import { isTerminal, type TaskRecord } from '../model/task.js';
import type { Services } from '../services.js';

/**
 * States a slow subscriber may fall behind by before older ones are dropped. Each event is a whole
 * state and the terminal one is always the newest, so dropping old ones loses nothing that matters.
 */
const SUBSCRIBER_BUFFER = 16;

/**
 * The source of `videoTaskUpdated`: the current state at once, then every newer state, then the
 * end after a terminal one.
 *
 * Order matters (traps T2, T3: docs/traps.md): the listener is attached, and acknowledged, before the stored state
 * is read, so no change slips between the two; versions drop anything already sent; and the
 * Repeater is returned as is, so a client that leaves releases its listener at once.
 */
export async function watchTask(services: Services, caller: Caller, id: string): Promise<AsyncIterable<TaskRecord>> {
  const known = await services.store.get(id);
  if (!known || !canSee(caller, known)) throw notFound('Video task');

  return new Repeater<TaskRecord>(async (push, stop) => {
    let sent = 0;
    let lastView: TaskRecord | undefined;
    let unwatchPosition: (() => void) | undefined;
    const emit = (record: TaskRecord) => {
      if (record.version <= sent) return;
      sent = record.version;
      unwatchPosition?.();
      unwatchPosition = undefined;
      if (record.status === 'QUEUED') {
        // While queued, the position feed sends the record with its position, now and when it changes.
        unwatchPosition = services.positions.watch(record, (view) => {
          if (view === lastView || view.version !== sent) return;
          lastView = view;
          void push(view);
        });
        return;
      }
      void push(record);
      if (isTerminal(record.status)) stop();
    };
    const detach = await services.events.subscribe(id, emit);
    try {
      const current = await services.store.get(id);
      if (current) emit(current);
    } catch (error) {
      stop(error);
    }
    await stop;
    unwatchPosition?.();
    detach();
  }, new SlidingBuffer(SUBSCRIBER_BUFFER));
}
