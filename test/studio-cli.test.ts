/** `sluice studio` as a user runs it: the printed URL, a call over it, and a clean SIGTERM shutdown. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { connectToStudio } from '../engine/host/node-ws-transport.js';

const SLUICE = join(import.meta.dirname, '..', 'bin', 'sluice.mjs');

describe('sluice studio', () => {
  it('is listed in the help and refuses a bad port', () => {
    const help = spawnSync(process.execPath, [SLUICE, '--help'], { encoding: 'utf8' });
    expect(help.stdout).toMatch(/studio\s+run the studio in your browser/);
    const bad = spawnSync(process.execPath, [SLUICE, 'studio', '--port', 'eighty'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--port expects a number from 0 to 65535, got "eighty"');
  });

  it('prints its URL, answers over it, survives --open without a browser, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-studio-cli-'));
    // No browser opener on this PATH: --open must only warn.
    const env = { ...process.env, PATH: join(dataDir, 'no-such-bin') };
    const child = spawn(process.execPath, [SLUICE, 'studio', '--port', '0', '--data-dir', dataDir, '--open'], { stdio: ['ignore', 'pipe', 'pipe'], env });
    try {
      const stderr: string[] = [];
      let warned: () => void = () => undefined;
      const browserWarning = new Promise<void>((resolve) => (warned = resolve));
      createInterface({ input: child.stderr }).on('line', (line) => {
        stderr.push(line);
        if (line.includes('could not open a browser')) warned();
      });
      const url = await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout }).on('line', (line) => {
          const match = /^Sluice studio: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32})$/.exec(line);
          if (match?.[1] !== undefined) resolve(match[1]);
        }),
      );
      const client = await connectToStudio(url);
      expect((await client.api['catalog.list']({})).kinds).toHaveLength(15);
      await client.api['pipelines.save']({ path: 'hello.sluice.json', doc: { format: 'sluice.pipeline/v1', name: 'hello', nodes: [], edges: [] } });
      await browserWarning;
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(stderr.join('\n')).toMatch(/stopped cleanly/);
      expect(readdirSync(join(dataDir, 'pipelines'))).toEqual(['hello.sluice.json']);
      client.close();
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
