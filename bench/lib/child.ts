import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { IpcReply } from './ipc.js';
import type { Launch } from './build.js';

export interface ChildOptions {
  /** Name in logs and errors. */
  name: string;
  /** `.ts` path from the repository root. */
  script: string;
  env: Record<string, string>;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeFlags?: string[];
  readyTimeoutMs?: number;
}

export interface Child {
  name: string;
  pid: number;
  /** What the server sent with its ready message (its url, ...). */
  info: Record<string, unknown>;
  call<T = unknown>(cmd: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Resident set size read from /proc, in bytes. */
  rss(): number;
  /** CPU time used so far, ms. */
  cpuMs(): number;
  /** Asks the server to stop (so --cpu-prof can write), then kills it if it does not exit. */
  stop(): Promise<void>;
  process: ChildProcess;
}

/** Variables that would change what a server does; children get only what a scenario sets. */
const SCRUBBED = /^(PORT|HOST|KLING_|REDIS_|POLL_|GATEWAY_API_KEYS|PUBLIC_URL|SANDBOX_|LOG_LEVEL|NODE_ENV)/;

/** Servers run as `npm start` runs the gateway: NODE_ENV=production (graphql-js skips its development checks). */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !SCRUBBED.test(key)) env[key] = value;
  return { ...env, LOG_LEVEL: 'silent', NODE_ENV: 'production', ...extra };
}

export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of a process so far, in ms (from /proc; resolution one clock tick). */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat(5), counted from the state field (3).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** Children still running, so the driver can end them whatever happens. */
const live = new Set<ChildProcess>();
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}

export async function startChild(launch: Launch, options: ChildOptions): Promise<Child> {
  const args = [...launch.nodeArgs, '--expose-gc', ...(options.nodeFlags ?? []), launch.script(options.script)];
  const proc = spawn(process.execPath, args, {
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(proc);
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    if (process.env.BENCH_VERBOSE) process.stderr.write(`[${options.name}] ${chunk.toString()}`);
  });
  proc.stdout!.on('data', (chunk: Buffer) => {
    if (process.env.BENCH_VERBOSE) process.stdout.write(`[${options.name}] ${chunk.toString()}`);
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => {
    live.delete(proc);
    resolve(code);
  }));

  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let ready: (info: Record<string, unknown>) => void = () => {};
  const readyPromise = new Promise<Record<string, unknown>>((resolve) => (ready = resolve));
  proc.on('message', (message: IpcReply | ({ ready: true } & Record<string, unknown>)) => {
    if ('ready' in message) return ready(message);
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(`${options.name}: ${message.error}`));
  });
  void exited.then((code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${options.name} exited (${code}): ${stderr}`));
    pending.clear();
  });

  const timeout = options.readyTimeoutMs ?? 30_000;
  const info = await Promise.race([
    readyPromise,
    exited.then((code) => {
      throw new Error(`${options.name} exited (${code}) before it was ready:\n${stderr}`);
    }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${options.name} not ready after ${timeout} ms:\n${stderr}`)), timeout).unref()),
  ]);

  return {
    name: options.name,
    pid: proc.pid!,
    info,
    process: proc,
    call<T>(cmd: string, args?: unknown, timeoutMs = 120_000): Promise<T> {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${options.name}: ${cmd} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        timer.unref();
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        proc.send({ id, cmd, args });
      });
    },
    rss: () => rssOf(proc.pid!),
    cpuMs: () => cpuMsOf(proc.pid!),
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const graceful = new Promise<void>((resolve) => {
        const id = next++;
        pending.set(id, { resolve: () => resolve(), reject: () => resolve() });
        try {
          proc.send({ id, cmd: 'stop' });
        } catch {
          resolve();
        }
      });
      await Promise.race([graceful.then(() => exited), new Promise((r) => setTimeout(r, 8000).unref())]);
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
}
