import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function outputTimes(dir: string): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const path = join(entry.parentPath, entry.name);
    times.set(path, (await stat(path)).mtimeMs);
  }
  return times;
}

describe('npm start build step', () => {
  it('writes nothing when no source changed since the last build', async () => {
    await run('npm', ['run', 'build', '--silent'], { timeout: 120_000 });
    const before = await outputTimes('dist');
    expect(before.size).toBeGreaterThan(10);
    await run('npm', ['run', 'build', '--silent'], { timeout: 120_000 });
    expect(await outputTimes('dist')).toEqual(before);
  }, 180_000);
});
