/**
 * `sluice export FILE --out DIR`: writes a self-contained headless bundle — DIR/pipeline.sluice.json,
 * DIR/run.mjs (the runner and the whole engine bundled by esbuild, with the stream-thread modules
 * and shared chunks beside it), DIR/package.json, DIR/README.md
 * and DIR/node_modules holding only the native modules (CRC32C, compression codecs, esbuild for code
 * nodes) built for this platform, so `node DIR/run.mjs --bootstrap …` runs with nothing else
 * installed (`npm install` in DIR fetches them for another platform). `--describe` prints the
 * compiled topology and plan instead.
 *
 * Invariant: refuses an invalid document before writing anything; never writes outside DIR.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { EngineError } from '../api/errors.js';
import { compilePipeline, formatPlan } from '../pipeline/compile/index.js';
import { serializePipeline, type PipelineDocument } from '../pipeline/document/index.js';
import type { Command } from './command.js';
import { loadPipelineFile } from './load-pipeline.js';

const HELP = `Usage: sluice export FILE --out DIR
       sluice export FILE --describe

--out DIR    writes a headless bundle: DIR/run.mjs, DIR/pipeline.sluice.json, DIR/package.json,
             DIR/README.md and the native modules it needs. Copy DIR to a server with Node >= 20.19
             and start it with \`node DIR/run.mjs --bootstrap HOST:PORT\` (or without --bootstrap on
             an embedded broker). No studio, no Electron, no npm install on the same platform.
--describe   prints the compiled topology (sub-topologies, processors, stores, internal topics)
             and the run plan, without writing anything.`;

/** Native packages the bundle loads at run time (kept out of run.mjs and copied beside it). */
export const NATIVE_PACKAGES = ['@node-rs/crc32', 'lz4-napi', 'snappy', 'zstd-napi', 'esbuild'] as const;
/** Dependencies of native packages needed only to build or install them. */
const BUILD_ONLY = new Set(['@types/node', 'node-addon-api', 'prebuild-install']);

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

async function readPackageJson(dir: string): Promise<PackageJson> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Directory of an installed package, resolved the way Node would from `fromDir`. */
function packageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Copies `names` and what they need at run time (installed optional platform packages included) into `outModules`. */
async function copyRuntimePackages(names: readonly string[], outModules: string): Promise<Map<string, string>> {
  const copied = new Map<string, string>();
  const queue = names.map((name) => ({ name, from: packageRoot, required: true }));
  while (queue.length > 0) {
    const { name, from, required } = queue.shift()!;
    if (copied.has(name) || BUILD_ONLY.has(name)) continue;
    const dir = packageDir(name, from);
    if (dir === undefined) {
      if (required) throw new EngineError('CLI_EXPORT_MISSING_PACKAGE', `cannot export: package ${name} is not installed (run npm install)`, { domain: 'external' });
      continue;
    }
    const pkg = await readPackageJson(dir);
    copied.set(name, pkg.version);
    await cp(dir, join(outModules, name), { recursive: true, dereference: true });
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ name: dep, from: dir, required: true });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ name: dep, from: dir, required: false });
  }
  return copied;
}

/**
 * Bundles the runner into DIR/run.mjs, with the two modules stream threads load by file beside it
 * (stream-thread-worker.mjs and thread-topology.mjs, found relative to the code that spawns them)
 * and the code they share with the runner in chunk files, so one worker loads one copy of it.
 */
async function bundleRunner(outDir: string): Promise<string[]> {
  const result = await build({
    entryPoints: {
      run: join(packageRoot, 'engine/cli/bundle-runner.ts'),
      'stream-thread-worker': join(packageRoot, 'engine/streams/threads/stream-thread-worker.ts'),
      'thread-topology': join(packageRoot, 'engine/pipeline/runtime/thread-topology.ts'),
    },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...NATIVE_PACKAGES],
    // Bundled CommonJS dependencies (kafkajs) call require() for Node built-ins.
    banner: { js: "import { createRequire as __sluiceCreateRequire } from 'node:module'; const require = __sluiceCreateRequire(import.meta.url);" },
    legalComments: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.outputs).map((file) => file.slice(file.lastIndexOf('/') + 1)).filter((name) => name.endsWith('.mjs')).sort();
}

function readme(doc: PipelineDocument): string {
  return `# ${doc.name} — headless Sluice runner

${doc.description ?? ''}

Exported by \`sluice export\`. Requires Node.js >= 20.19.

    node run.mjs --bootstrap kafka-1:9092        # on a Kafka cluster (several copies share the work)
    node run.mjs --data-dir ./data               # on an embedded broker
    node run.mjs --data-dir ./data --listen 0.0.0.0:9092   # …that outside clients can reach
    node run.mjs --help

\`node_modules/\` holds the native modules for the platform this was exported on; on another
platform run \`npm install --omit=dev\` here first. SIGINT/SIGTERM stop it after a commit.
`;
}

async function exportBundle(doc: PipelineDocument, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'pipeline.sluice.json'), serializePipeline(doc));
  const bundled = await bundleRunner(outDir);
  const versions = await copyRuntimePackages(NATIVE_PACKAGES, join(outDir, 'node_modules'));
  const sluice = await readPackageJson(packageRoot);
  const dependencies = Object.fromEntries(NATIVE_PACKAGES.map((name) => [name, sluice.dependencies?.[name] ?? versions.get(name) ?? '*']));
  const pkg = {
    name: `${doc.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}-runner`,
    version: '1.0.0',
    private: true,
    description: `Headless runner of the Sluice pipeline ${doc.name}`,
    type: 'module',
    engines: { node: '>=20.19' },
    scripts: { start: 'node run.mjs' },
    dependencies,
  };
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  await writeFile(join(outDir, 'README.md'), readme(doc));
  return ['pipeline.sluice.json', ...bundled, 'package.json', 'README.md', `node_modules/ (${[...versions.keys()].join(', ')})`];
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a pipeline as a headless bundle, or --describe its topology',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseArgs({ args: [...args], options: { out: { type: 'string' }, describe: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new EngineError('CLI_BAD_ARGS', 'sluice export expects exactly one pipeline file', { domain: 'user' });
    if (values.out === undefined && !values.describe) throw new EngineError('CLI_BAD_ARGS', 'sluice export needs --out DIR or --describe', { domain: 'user' });
    const doc = await loadPipelineFile(file, (line) => console.error(line));
    if (values.describe) {
      const compiled = compilePipeline(doc, { trusted: true });
      if (!compiled.ok) throw new EngineError('PIP_INVALID', `${file}: ${compiled.diagnostics.map((d) => d.message).join('; ')}`, { domain: 'user' });
      process.stdout.write(`${compiled.topology.describe().toString(compiled.plan.applicationId)}\n${formatPlan(compiled.plan)}`);
      return 0;
    }
    const outDir = resolve(values.out!);
    const written = await exportBundle(doc, outDir);
    console.log(`exported ${doc.name} to ${outDir}:\n${written.map((w) => `  ${w}`).join('\n')}\nstart it with: node ${join(values.out!, 'run.mjs')} --bootstrap HOST:PORT`);
    return 0;
  },
};
