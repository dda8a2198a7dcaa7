import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/lib/ -> ../..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');
/** Transpiled copies of src/ and bench/, so servers run on plain `node` without a loader thread. */
const BUILD_DIR = join(RESULTS_DIR, 'build');

export interface Launch {
  /** Node flags that must precede the script (a loader, when no build could be made). */
  nodeArgs: string[];
  /** The runnable file for a `.ts` path relative to the root, e.g. `bench/servers/gateway.ts`. */
  script(pathFromRoot: string): string;
  /** How the servers run, for the report. */
  how: string;
}

/**
 * Server processes run on plain `node` over JavaScript transpiled file by file (no bundling, same
 * module graph) with esbuild, which tsx already brings in: the tsx loader would add ~50 MB of RSS
 * and a second thread to every server, which is not what a deployment runs. Without esbuild the
 * servers fall back to `node --import tsx`, and the report says so.
 */
export async function prepareLaunch(): Promise<Launch> {
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: ['src/**/*.ts', 'bench/servers/**/*.ts', 'bench/lib/**/*.ts'],
      absWorkingDir: ROOT,
      outbase: ROOT,
      outdir: BUILD_DIR,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      bundle: false,
      sourcemap: false,
      logLevel: 'error',
      // The package is "type": "module"; emit .js next to a package.json that says so.
      outExtension: { '.js': '.js' },
    });
    return {
      nodeArgs: [],
      script: (path) => join(BUILD_DIR, path.replace(/\.ts$/, '.js')),
      how: `plain node on esbuild-transpiled JS (${relative(ROOT, BUILD_DIR)})`,
    };
  } catch (error) {
    console.warn(`bench: esbuild unavailable (${String(error)}); servers run under the tsx loader.`);
    return {
      nodeArgs: ['--import', 'tsx'],
      script: (path) => join(ROOT, path),
      how: 'node --import tsx on the TypeScript sources (loader overhead included)',
    };
  }
}
