#!/usr/bin/env node
// Builds the studio renderer into dist/renderer/: the app bundle (renderer/main.tsx, code-split so
// Monaco loads only when an editor opens), its CSS and fonts, index.html, and Monaco's two web
// workers (the editor worker and the TypeScript worker) as separate self-contained bundles that
// renderer/monaco/setup.ts hands to Monaco through `self.MonacoEnvironment.getWorker`.
//
// `--if-missing` skips the build when dist/renderer/index.html is newer than every file under
// renderer/ and engine/api/ (used by `npm start`). Prints the time taken and the output sizes.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'renderer');
// Built into a staging folder and swapped in at the end, so a studio serving dist/renderer while a
// build runs never sees it half-written or missing.
const stagingDir = join(root, 'dist', `.renderer-build-${process.pid}`);
const assetsDir = join(stagingDir, 'assets');
const sourceDirs = [join(root, 'renderer'), join(root, 'engine', 'api')];

/** Newest modification time (ms) of any file under `dir`, skipping test files. */
async function newestMtime(dir) {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return newest;
}

async function upToDate() {
  let built;
  try {
    built = (await stat(join(outDir, 'index.html'))).mtimeMs;
  } catch (error) {
    if (error.code === 'ENOENT') return false;
    throw error;
  }
  for (const dir of sourceDirs) if ((await newestMtime(dir)) >= built) return false;
  return true;
}

const common = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  sourcemap: true,
  target: ['es2022', 'chrome120', 'firefox120', 'safari17'],
  logLevel: 'warning',
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** Replaces dist/renderer with the staging folder: two renames, so it is never absent for long. */
async function swapIntoPlace() {
  const previous = join(root, 'dist', `.renderer-old-${process.pid}`);
  let hadPrevious = true;
  try {
    await rename(outDir, previous);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    hadPrevious = false;
  }
  await rename(stagingDir, outDir);
  if (hadPrevious) await rm(previous, { recursive: true, force: true });
}

async function main() {
  if (process.argv.includes('--if-missing') && (await upToDate())) {
    console.log('build-renderer: dist/renderer is up to date');
    return;
  }
  const started = performance.now();
  await rm(stagingDir, { recursive: true, force: true });
  await mkdir(assetsDir, { recursive: true });

  const results = await Promise.all([
    build({
      ...common,
      entryPoints: { main: join(root, 'renderer', 'main.tsx') },
      outdir: assetsDir,
      format: 'esm',
      splitting: true,
      chunkNames: 'chunk-[hash]',
      assetNames: '[name]-[hash]',
      jsx: 'automatic',
      loader: { '.css': 'css', '.ttf': 'file' },
      tsconfig: join(root, 'renderer', 'tsconfig.json'),
      metafile: true,
    }),
    build({
      ...common,
      entryPoints: { 'editor.worker': 'monaco-editor/editor/editor.worker.js' },
      outdir: assetsDir,
      format: 'iife',
      metafile: true,
    }),
    build({
      ...common,
      entryPoints: { 'ts.worker': 'monaco-editor/languages/features/typescript/ts.worker.js' },
      outdir: assetsDir,
      format: 'iife',
      metafile: true,
    }),
  ]);
  await copyFile(join(root, 'renderer', 'index.html'), join(stagingDir, 'index.html'));

  // esbuild puts the CSS of lazily loaded chunks (Monaco's) into main.css as well as into a file per
  // chunk that nothing loads; drop those copies.
  const unused = (path) => /\/chunk-[^/]+\.css(\.map)?$/.test(path);
  for (const result of results) {
    for (const path of Object.keys(result.metafile.outputs).filter(unused)) {
      await rm(join(root, path));
      delete result.metafile.outputs[path];
    }
  }
  await swapIntoPlace();
  const outputs = results.flatMap((result) => Object.entries(result.metafile.outputs));
  const sizeOf = (predicate) => outputs.filter(([path]) => predicate(path)).reduce((sum, [, o]) => sum + o.bytes, 0);
  const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
  const notMap = (path) => !path.endsWith('.map');
  const mainJs = outputs.find(([path]) => path.endsWith('main.js'));
  console.log(
    `build-renderer: ${relative(root, outDir)} in ${((performance.now() - started) / 1000).toFixed(1)} s — ` +
      `main.js ${kib(mainJs?.[1].bytes ?? 0)}, all JS ${kib(sizeOf((p) => notMap(p) && p.endsWith('.js')))}, ` +
      `CSS ${kib(sizeOf((p) => p.endsWith('.css')))}, total ${kib(sizeOf(notMap))} (without source maps)`,
  );
}

await main();
