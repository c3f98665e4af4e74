/**
 * Formatters of the record panels: timestamps, one-line previews, counts, rates and sizes. Pure and
 * locale-independent (the tests and screenshots read the same everywhere).
 */

/** Epoch ms as ISO-8601 UTC; "—" for a missing or impossible time. */
export function formatTimestamp(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '—' : date.toISOString();
}

/**
 * A record key or value as one line of at most `maxChars` characters: whitespace runs (newlines
 * included) become one space, and a cut text ends with "…". `null` shows as "null".
 */
export function previewText(text: string | null | undefined, maxChars = 160): string {
  if (text === null || text === undefined) return 'null';
  // Look at a bounded prefix only: a 1 MB value must not cost a 1 MB regex per row.
  const head = text.length > maxChars * 4 ? text.slice(0, maxChars * 4) : text;
  const oneLine = head.replace(/\s+/g, ' ');
  if (oneLine.length > maxChars) return `${oneLine.slice(0, maxChars - 1)}…`;
  return head.length < text.length ? `${oneLine}…` : oneLine;
}

/** 1234567 → "1,234,567" (integers) — fixed grouping, whatever the locale. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const sign = n < 0 ? '-' : '';
  const digits = Math.round(Math.abs(n)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A compact number: 950 → "950", 12_345 → "12.3k", 2_500_000 → "2.5M". */
export function formatCompact(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs < 1000) return abs < 10 && abs % 1 !== 0 ? n.toFixed(1) : Math.round(n).toString();
  if (abs < 1e6) return `${trim(n / 1e3)}k`;
  if (abs < 1e9) return `${trim(n / 1e6)}M`;
  return `${trim(n / 1e9)}G`;
}

/** Bytes with a binary unit: 512 → "512 B", 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${trim(value)} ${units[unit]}`;
}

/** "1.2k rec/s · 340 KiB/s" from a tap's counters. */
export function formatRate(recordsPerSec: number, bytesPerSec: number): string {
  return `${formatCompact(recordsPerSec)} rec/s · ${formatBytes(bytesPerSec)}/s`;
}

function trim(n: number): string {
  const fixed = Math.abs(n) < 100 ? n.toFixed(1) : n.toFixed(0);
  return fixed.endsWith('.0') ? fixed.slice(0, -2) : fixed;
}

/** An error as one line for a panel: an engine error's message and code, else the message. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
