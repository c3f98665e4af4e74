/** The `sluice` command as a user runs it: help, errors, and the broker's clean shutdown. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const SLUICE = join(import.meta.dirname, '..', 'bin', 'sluice.mjs');

function sluice(...args: string[]) {
  return spawnSync(process.execPath, [SLUICE, ...args], { encoding: 'utf8', cwd: join(import.meta.dirname, '..') });
}

describe('sluice CLI', () => {
  it('lists its commands with --help', () => {
    const result = sluice('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: sluice <command>/);
    expect(result.stdout).toMatch(/broker\s+run the embedded broker/);
  });

  it('names an unknown command and exits non-zero', () => {
    const result = sluice('brokr');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown command "brokr"/);
  });

  it('refuses an unknown broker config by name', () => {
    const result = sluice('broker', '--data-dir', join(tmpdir(), 'sluice-never'), '--config', 'num.partitionz=3');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown broker config num\.partitionz/);
  });

  it('runs the broker until SIGTERM and shuts down cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-cli-'));
    try {
      const child = spawn(process.execPath, [SLUICE, 'broker', '--data-dir', dataDir, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const stderr: string[] = [];
      createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
      await new Promise<void>((ready) => createInterface({ input: child.stdout }).on('line', (line) => /^listening on 127\.0\.0\.1:\d+$/.test(line) && ready()));
      const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(stderr.join('\n')).toMatch(/stopped cleanly/);
      expect(readdirSync(dataDir)).toContain('topics.json');
      expect(readdirSync(join(dataDir, '__consumer_offsets-0'))).toContain('00000000000000000000.log');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('validates pipeline files: ok files exit 0, errors are printed with node and field and exit 1', () => {
    const good = sluice('validate', 'test/golden/compiler/design-example/pipeline.sluice.json');
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/info PIP_REPARTITION at node "per-min" field "groupBy"/);
    const bad = sluice('validate', 'test/golden/compiler/errors/filter-bad-expression/pipeline.sluice.json');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('pipeline.sluice.json: error PIP_EXPRESSION_INVALID at node "big" field "expr" (line 1, column 15):');
    expect(bad.stdout).toMatch(/error PIP_TOPIC_INVALID at node "out" field "topic"/);
    const missing = sluice('validate', 'no-such.sluice.json');
    expect(missing.status).toBe(1);
    expect(missing.stdout).toMatch(/no-such\.sluice\.json: error PIP_FILE_UNREADABLE: cannot read the file: no such file/);
  });
});
