/**
 * Date and time functions, all in UTC, over milliseconds since the epoch. There is no now():
 * expressions are deterministic, and `timestamp` (the record time) is the clock. Invariants:
 * null or invalid input gives null; dateParse accepts ISO 8601 only (a missing offset means
 * UTC, never the machine's time zone).
 */
import { num, str, type FunctionSpec } from './types.js';

export const DATE_PARTS = ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond', 'dayOfWeek', 'dayOfYear'] as const;
export const TRUNC_UNITS = ['second', 'minute', 'hour', 'day', 'month', 'year'] as const;

/** Largest |ms| a JavaScript Date can hold. */
const MAX_MS = 8.64e15;

function toDate(v: unknown): Date | null {
  const ms = num(v);
  return ms === null || Math.abs(ms) > MAX_MS ? null : new Date(Math.trunc(ms));
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

const FORMAT_TOKENS = /YYYY|MM|DD|HH|mm|ss|SSS/g;

function format(d: Date, pattern: string): string {
  return pattern.replace(FORMAT_TOKENS, (token) => {
    switch (token) {
      case 'YYYY':
        return pad(d.getUTCFullYear(), 4);
      case 'MM':
        return pad(d.getUTCMonth() + 1, 2);
      case 'DD':
        return pad(d.getUTCDate(), 2);
      case 'HH':
        return pad(d.getUTCHours(), 2);
      case 'mm':
        return pad(d.getUTCMinutes(), 2);
      case 'ss':
        return pad(d.getUTCSeconds(), 2);
      default:
        return pad(d.getUTCMilliseconds(), 3);
    }
  });
}

function part(d: Date, name: string): number | null {
  switch (name) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
    case 'second':
      return d.getUTCSeconds();
    case 'millisecond':
      return d.getUTCMilliseconds();
    case 'dayOfWeek':
      return d.getUTCDay() === 0 ? 7 : d.getUTCDay();
    case 'dayOfYear':
      return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
    default:
      return null;
  }
}

function truncate(d: Date, unit: string): number | null {
  const ms = d.getTime();
  const floorTo = (size: number) => ms - (((ms % size) + size) % size);
  switch (unit) {
    case 'second':
      return floorTo(1000);
    case 'minute':
      return floorTo(60_000);
    case 'hour':
      return floorTo(3_600_000);
    case 'day':
      return floorTo(86_400_000);
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
    default:
      return null;
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** ISO 8601 date or date-time → ms; no offset means UTC. Out-of-range fields give null. */
export function parseIso(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => (x === undefined ? 0 : Number(x))) as [number, number, number, number, number, number];
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const base = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (new Date(base).getUTCDate() !== day) return null; // 2023-02-30
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (hours > 23 || minutes > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  return base - offsetMinutes * 60_000;
}

export const DATE_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'dateFormat',
    category: 'date',
    signature: "dateFormat(ms: number, pattern: string, zone?: 'UTC'): string",
    doc: 'Formats a time in UTC; pattern tokens YYYY MM DD HH mm ss SSS, anything else is copied.',
    minArgs: 2,
    maxArgs: 3,
    choices: { 2: ['UTC'] },
    impl: (args) => {
      const d = toDate(args[0]);
      const pattern = str(args[1]);
      if (d === null || pattern === null || (args.length > 2 && args[2] !== 'UTC')) return null;
      return format(d, pattern);
    },
  },
  {
    name: 'datePart',
    category: 'date',
    signature: `datePart(ms: number, part: ${DATE_PARTS.map((p) => `'${p}'`).join(' | ')}): number`,
    doc: 'A UTC field of a time: month 1–12, day 1–31, dayOfWeek 1 (Monday) – 7 (Sunday), dayOfYear 1–366.',
    minArgs: 2,
    maxArgs: 2,
    choices: { 1: DATE_PARTS },
    impl: (args) => {
      const d = toDate(args[0]);
      const name = str(args[1]);
      return d === null || name === null ? null : part(d, name);
    },
  },
  {
    name: 'dateParse',
    category: 'date',
    signature: 'dateParse(text: string): number',
    doc: "ISO 8601 text ('2024-05-01', '2024-05-01T12:30:00.250+02:00') → ms since the epoch; no offset means UTC.",
    minArgs: 1,
    maxArgs: 1,
    impl: (args) => {
      const text = str(args[0]);
      return text === null ? null : parseIso(text);
    },
  },
  {
    name: 'dateTrunc',
    category: 'date',
    signature: `dateTrunc(ms: number, unit: ${TRUNC_UNITS.map((p) => `'${p}'`).join(' | ')}): number`,
    doc: 'The start (UTC) of the second, minute, hour, day, month or year containing a time.',
    minArgs: 2,
    maxArgs: 2,
    choices: { 1: TRUNC_UNITS },
    impl: (args) => {
      const d = toDate(args[0]);
      const unit = str(args[1]);
      return d === null || unit === null ? null : truncate(d, unit);
    },
  },
];
