/**
 * Child processes for the compatibility suites (kcat, /usr/bin/python3): run one to completion,
 * or keep one running and wait for the lines it prints. Nothing here sleeps: every wait ends on a
 * line, an exit, or a bounded safety timeout that fails the test with what the process printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs a command to completion (stdin = `input`, then closed); rejects on a spawn error or the timeout. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${Buffer.concat(stdout).toString()}\nstderr: ${Buffer.concat(stderr).toString()}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString() });
    });
    child.stdin.on('error', (error) => stderr.push(Buffer.from(`stdin: ${error.message}\n`)));
    child.stdin.end(options.input ?? '');
  });
}

/** Like `run`, but fails unless the exit code is 0; returns stdout. */
export async function runOk(command: string, args: readonly string[], options: RunOptions = {}): Promise<Buffer> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.code ?? result.signal}\nstdout: ${result.stdout.toString()}\nstderr: ${result.stderr}`);
  }
  return result.stdout;
}

/** A running process whose stdout and stderr are collected line by line. */
export class LineProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<() => void>();
  private exitedYet = false;

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.push(this.stdout, line));
    createInterface({ input: this.child.stderr! }).on('line', (line) => this.push(this.stderr, line));
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        this.exitedYet = true;
        this.notify();
        resolve({ code, signal });
      });
    });
    this.child.once('error', (error) => this.push(this.stderr, `spawn error: ${error.message}`));
  }

  private push(lines: string[], line: string): void {
    lines.push(line);
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /**
   * Resolves once `ready()` holds (checked after every line); rejects if the process exits first
   * or `timeoutMs` passes, with everything it printed.
   */
  waitFor(what: string, ready: () => boolean, timeoutMs = 20_000): Promise<void> {
    return waitForAny([this], what, ready, timeoutMs);
  }

  /** Calls `listener` after every line and on exit; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get hasExited(): boolean {
    return this.exitedYet;
  }

  /** Waits until stdout has at least `count` lines. */
  waitForStdoutLines(count: number, timeoutMs?: number): Promise<void> {
    return this.waitFor(`${count} stdout lines`, () => this.stdout.length >= count, timeoutMs);
  }

  describe(): string {
    return `stdout:\n${this.stdout.join('\n')}\nstderr:\n${this.stderr.join('\n')}`;
  }

  /** SIGTERM (a clean shutdown for kcat: it leaves its group and commits), then the exit. */
  async stop(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exitedYet) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Resolves once `ready()` holds, checked after every line any of `processes` prints; rejects if
 * one of them exits first or `timeoutMs` passes, with everything they printed.
 */
export function waitForAny(processes: readonly LineProcess[], what: string, ready: () => boolean, timeoutMs = 20_000): Promise<void> {
  const describeAll = () => processes.map((p) => `--- ${p.name}\n${p.describe()}`).join('\n');
  return new Promise((resolve, reject) => {
    const unsubscribe: (() => void)[] = [];
    const finish = () => {
      clearTimeout(timer);
      for (const off of unsubscribe) off();
    };
    const check = () => {
      if (ready()) {
        finish();
        resolve();
        return;
      }
      const exited = processes.find((p) => p.hasExited);
      if (exited) {
        finish();
        reject(new Error(`${exited.name} exited while waiting for ${what}\n${describeAll()}`));
      }
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no ${what} within ${timeoutMs} ms\n${describeAll()}`));
    }, timeoutMs);
    for (const p of processes) unsubscribe.push(p.onChange(check));
    check();
  });
}
