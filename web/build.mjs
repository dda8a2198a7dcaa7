// Builds the web app (web/src -> dist/web) with esbuild: one hashed JS and CSS bundle and index.html.
// `npm start` runs it every time, so it does nothing when no input changed since the last build (a
// digest of every input file, the lockfile and this script is kept beside the output).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const DIGEST_FILE = '.inputs-digest';

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function inputsDigest() {
  const inputs = [
    ...files(join(root, 'web/src')),
    join(root, 'web/index.html'),
    ...files(join(root, 'src/capabilities')),
    join(root, 'src/kling/wire.ts'),
    join(root, 'package-lock.json'),
    fileURLToPath(import.meta.url),
  ].sort();
  const hash = createHash('sha256');
  for (const path of inputs) hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  return hash.digest('hex');
}

/** @param {{ outDir?: string, force?: boolean, quiet?: boolean }} [options] */
export async function buildWeb(options = {}) {
  const outDir = options.outDir ?? join(root, 'dist/web');
  const digest = inputsDigest();
  const digestPath = join(outDir, DIGEST_FILE);
  if (!options.force && existsSync(digestPath) && readFileSync(digestPath, 'utf8') === digest) {
    return { built: false, outDir };
  }
  const { build } = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: { app: join(root, 'web/src/main.tsx') },
    outdir: join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(root, 'web/tsconfig.json'),
    metafile: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: options.quiet ? 'silent' : 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => relative(outDir, join(root, p)));
  const js = outputs.find((p) => p.endsWith('.js'));
  const css = outputs.find((p) => p.endsWith('.css'));
  const html = readFileSync(join(root, 'web/index.html'), 'utf8')
    .replace('<!-- styles -->', css ? `<link rel="stylesheet" href="/${css}">` : '')
    .replace('<!-- script -->', `<script type="module" src="/${js}"></script>`);
  writeFileSync(join(outDir, 'index.html'), html);
  writeFileSync(digestPath, digest);
  return { built: true, outDir };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const force = process.argv.includes('--force');
  const started = Date.now();
  const { built, outDir } = await buildWeb({ force });
  if (built) console.log(`web app built in ${Date.now() - started} ms -> ${relative(root, outDir)}`);
}
