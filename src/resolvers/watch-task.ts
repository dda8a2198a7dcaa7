import { notFound } from '../errors.js';
import { canSee, type Caller } from '../model/caller.js';
import { isTerminal, type TaskRecord } from '../model/task.js';
import { StateStream } from '../pubsub/state-stream.js';
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
 * is read, so no change slips between the two; versions drop anything already sent; and the stream
 * is returned as is, so a client that leaves releases its listener at once. The stream can be
 * tapped (see StateStream), so the WebSocket layer writes each state in the publish's own pass.
 */
export async function watchTask(services: Services, caller: Caller, id: string): Promise<AsyncIterable<TaskRecord>> {
  const known = await services.store.get(id);
  if (!known || !canSee(caller, known)) throw notFound('Video task');

  let sent = 0;
  let lastView: TaskRecord | undefined;
  let unwatchPosition: (() => void) | undefined;
  let detach: (() => void) | undefined;
  const out = new StateStream<TaskRecord>(SUBSCRIBER_BUFFER, () => {
    unwatchPosition?.();
    unwatchPosition = undefined;
    detach?.();
  });
  const emit = (record: TaskRecord) => {
    if (record.version <= sent || out.ended) return;
    sent = record.version;
    unwatchPosition?.();
    unwatchPosition = undefined;
    if (record.status === 'QUEUED') {
      // While queued, the position feed sends the record with its position, now and when it changes.
      unwatchPosition = services.positions.watch(record, (view) => {
        if (view === lastView || view.version !== sent) return;
        lastView = view;
        out.push(view);
      });
      return;
    }
    out.push(record);
    if (isTerminal(record.status)) out.stop();
  };
  try {
    detach = await services.events.subscribe(id, emit);
    // Ended while attaching (a terminal state cannot arrive yet, but a client may have left).
    if (out.ended) detach();
    const current = await services.store.get(id);
    if (current) emit(current);
  } catch (error) {
    out.stop(error);
  }
  return out;
}
