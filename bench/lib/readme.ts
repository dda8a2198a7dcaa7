import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './build.js';
import type { machineInfo } from './machine.js';

/**
 * `--readme` writes the run's table into bench/README.md, between the markers of its mode
 * (`<!-- bench:quick -->` ... `<!-- /bench:quick -->`, same for full), with the machine and date.
 */
export function updateReadme(options: {
  mode: 'quick' | 'full';
  table: string;
  pending: string[];
  machine: ReturnType<typeof machineInfo>;
  servers: string;
  redis: string;
  seconds: number;
}): boolean {
  const file = join(ROOT, 'bench', 'README.md');
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const open = `<!-- bench:${options.mode} -->`;
  const close = `<!-- /bench:${options.mode} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) return false;
  const m = options.machine;
  const block = [
    open,
    `${options.mode} run, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${options.seconds.toFixed(0)} s. ` +
      `${m.cpus} x ${m.cpuModel}, ${m.memoryGB} GB, ${m.platform}, Node ${m.node}, Redis ${m.redis}, open files ${m.openFileLimit}. ` +
      `Servers: ${options.servers}. ${options.redis}.`,
    '',
    options.table,
    ...(options.pending.length ? ['', ...options.pending.map((p) => `- ${p}`)] : []),
    close,
  ].join('\n');
  writeFileSync(file, text.slice(0, start) + block + text.slice(end + close.length));
  return true;
}
