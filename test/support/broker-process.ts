/**
 * Starts `sluice broker` as a child process on 127.0.0.1 port 0, exactly as a user would, and
 * waits for its `listening on HOST:PORT` line. Compatibility suites treat it as a black box.
 * `stop()` sends SIGTERM and waits for a clean exit; the data dir is removed unless it was given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface BrokerProcess {
  host: string;
  port: number;
  /** `127.0.0.1:PORT`, for client bootstrap settings. */
  bootstrap: string;
  dataDir: string;
  /** Everything the broker wrote to stderr so far (its log). */
  log: string[];
  child: ChildProcess;
  stop(): Promise<number | null>;
}

export interface BrokerProcessOptions {
  dataDir?: string;
  config?: Record<string, string>;
  extraArgs?: string[];
}

const ROOT = resolve(import.meta.dirname, '..', '..');

export async function startBrokerProcess(options: BrokerProcessOptions = {}): Promise<BrokerProcess> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sluice-broker-'));
  const config = { 'group.initial.rebalance.delay.ms': '0', ...options.config };
  const args = [join(ROOT, 'bin', 'sluice.mjs'), 'broker', '--data-dir', dataDir, '--listen', '127.0.0.1:0'];
  for (const [key, value] of Object.entries(config)) args.push('--config', `${key}=${value}`);
  args.push(...(options.extraArgs ?? []));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  const log: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => log.push(line));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const address = await new Promise<{ host: string; port: number }>((done, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^listening on ([\d.]+):(\d+)$/.exec(line);
      if (match) done({ host: match[1]!, port: Number(match[2]) });
    });
    void exited.then((code) => fail(new Error(`sluice broker exited with ${code} before listening:\n${log.join('\n')}`)));
  });
  return {
    ...address,
    bootstrap: `${address.host}:${address.port}`,
    dataDir,
    log,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
