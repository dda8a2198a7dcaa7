import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './build.js';

/** Open files a process may hold (the soft limit), from /proc. */
export function openFileLimit(): number {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const match = /Max open files\s+(\d+)/.exec(limits);
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function redisVersion(): string {
  try {
    const info = execFileSync('redis-cli', ['-h', '127.0.0.1', 'INFO', 'server'], { encoding: 'utf8', timeout: 2000 });
    return /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
  } catch {
    return '?';
  }
}

export function machineInfo() {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? '?',
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    openFileLimit: openFileLimit(),
    redis: redisVersion(),
    packages: Object.fromEntries(
      ['graphql', 'graphql-yoga', '@pothos/core', 'graphql-ws', 'ws', 'ioredis', 'dataloader', '@repeaterjs/repeater', 'tsx', 'esbuild'].map(
        (p) => [p, version(p)],
      ),
    ),
  };
}
