import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname } from 'node:path';
import { stallWatch, type StallWatch } from './stalls.js';

/**
 * The control channel between the bench driver and a server process: Node's IPC pipe, one request
 * `{id, cmd, args}` answered by one `{id, ok, result | error}`. The server announces itself with
 * `{ready: true, ...info}` once it listens.
 */
export interface IpcRequest {
  id: number;
  cmd: string;
  args?: unknown;
}

export type IpcReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

// biome-ignore lint/suspicious/noExplicitAny: a handler takes whatever its message carries
export type Handlers = Record<string, (args: any) => unknown>;

let session: Session | undefined;

/**
 * CPU profiling of just the measured part of a scenario (node --cpu-prof would also take in the
 * start-up and the warm-up): `profileStart`, then `profileStop` writes a .cpuprofile to `file`.
 */
const profilingHandlers: Handlers = {
  async profileStart() {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  },
  async profileStop({ file }: { file: string }) {
    if (!session) return null;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    session = undefined;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    return file;
  },
};

let stalls: StallWatch | undefined;

/** Where a phase's latency went missing on this side: event-loop delay and GC pauses (see stalls.ts). */
const stallHandlers: Handlers = {
  stallsStart() {
    stalls?.stop();
    stalls = stallWatch();
  },
  stallsStop() {
    const figures = stalls?.stop() ?? null;
    stalls = undefined;
    return figures;
  },
};

/** Server side: answers the driver's commands. Exits when the driver goes away. */
export function serveIpc(own: Handlers, info: Record<string, unknown>): void {
  const send = process.send?.bind(process);
  if (!send) return;
  const handlers = { ...profilingHandlers, ...stallHandlers, ...own };
  process.on('message', (message: IpcRequest) => {
    const handler = handlers[message.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${message.cmd}`);
        return handler(message.args);
      })
      .then(
        (result) => send({ id: message.id, ok: true, result: result ?? null } satisfies IpcReply),
        (error: unknown) =>
          send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies IpcReply),
      );
  });
  process.on('disconnect', () => process.exit(0));
  send({ ready: true, ...info });
}

/** `gc()` when the process runs with --expose-gc, twice so finalizers run. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

export function memory() {
  collectGarbage();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}
