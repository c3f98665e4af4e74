/** Shared helpers for benchmarks: timing, formatting, and the result lines every bench prints. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = nowMs();
  const value = await fn();
  return { ms: nowMs() - start, value };
}

export function rate(count: number, ms: number): number {
  return count / (ms / 1000);
}

export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function line(label: string, records: number, bytes: number, ms: number): string {
  return `${label.padEnd(46)} ${fmt(rate(records, ms)).padStart(12)} rec/s  ${fmt(rate(bytes, ms) / 1e6, 1).padStart(8)} MB/s  (${fmt(ms, 1)} ms)`;
}

export function verdict(label: string, ok: boolean, detail: string): string {
  return `${ok ? 'PASS' : 'MISS'} ${label}: ${detail}`;
}

export function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}
