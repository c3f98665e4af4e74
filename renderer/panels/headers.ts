/**
 * Record headers as the produce form edits them: one `key=value` per line. A line without `=` is a
 * header with a null value; blank lines are skipped; only the first `=` splits, so values may hold
 * `=`. Keys are trimmed, values are kept as typed (a trailing `\r` is dropped).
 */
import type { HeaderDto } from '../../engine/api/index.js';

export interface HeaderLineError {
  /** 1-based line number. */
  line: number;
  message: string;
}

export interface ParsedHeaders {
  headers: HeaderDto[];
  errors: HeaderLineError[];
}

export function parseHeaderLines(text: string): ParsedHeaders {
  const headers: HeaderDto[] = [];
  const errors: HeaderLineError[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    if (key === '') {
      errors.push({ line: index + 1, message: `line ${index + 1}: a header needs a key before "="` });
      return;
    }
    headers.push({ key, value: eq < 0 ? null : line.slice(eq + 1) });
  });
  return { headers, errors };
}

/** The inverse of parseHeaderLines (null values as a bare key). */
export function formatHeaderLines(headers: readonly HeaderDto[]): string {
  return headers.map((h) => (h.value === null ? h.key : `${h.key}=${h.value}`)).join('\n');
}
