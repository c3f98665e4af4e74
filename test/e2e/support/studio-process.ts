/**
 * A real `sluice studio` for end-to-end tests and benchmarks: builds the renderer when dist/renderer
 * is missing or stale, starts the command on a free port with a temporary data directory, and
 * waits for the line that prints its URL. Nothing sleeps: waits end on a printed line or an exit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineProcess, runOk } from '../../support/processes.js';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const SLUICE = join(REPO_ROOT, 'bin', 'sluice.mjs');
const URL_LINE = /Sluice studio: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;

/** `node scripts/build-renderer.mjs --if-missing`: a no-op when dist/renderer is up to date. */
export async function ensureRendererBuilt(): Promise<void> {
  await runOk(process.execPath, [join(REPO_ROOT, 'scripts', 'build-renderer.mjs'), '--if-missing'], { timeoutMs: 180_000 });
}

export interface StudioProcess {
  /** The studio's address with its token, as printed. */
  url: string;
  dataDir: string;
  process: LineProcess;
  stop(): Promise<void>;
}

export async function startStudio(name = 'studio'): Promise<StudioProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-e2e-'));
  const child = new LineProcess(name, process.execPath, [SLUICE, 'studio', '--port', '0', '--data-dir', dataDir], { ...process.env, NO_COLOR: '1' });
  const found = () => child.stdout.map((line) => URL_LINE.exec(line)?.[1]).find((url) => url !== undefined);
  try {
    await child.waitFor('the studio URL', () => found() !== undefined, 60_000);
  } catch (error) {
    await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: found()!,
    dataDir,
    process: child,
    async stop() {
      await child.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
