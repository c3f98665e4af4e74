/**
 * The topic browser's "read records" form: from its text fields to `topics.consume` parameters,
 * with a message naming the field when one is wrong. Pure (the datetime field is read in the
 * browser's local time zone, as the `datetime-local` input shows it).
 */
import type { ConsumeFrom, MethodParams } from '../../engine/api/index.js';

export type ConsumeFromKind = 'beginning' | 'end' | 'offset' | 'timestamp';

export interface ConsumeFormState {
  from: ConsumeFromKind;
  /** Offset text (from = offset). */
  offset: string;
  /** `datetime-local` value, e.g. `2024-01-01T10:30` (from = timestamp). */
  timestamp: string;
  /** `all` or a partition number. */
  partition: string;
  limit: string;
}

export const INITIAL_CONSUME_FORM: ConsumeFormState = { from: 'beginning', offset: '0', timestamp: '', partition: 'all', limit: '100' };

export const MAX_CONSUME_LIMIT = 10_000;

export type ConsumeParams = MethodParams<'topics.consume'>;

export function buildConsumeParams(topic: string, form: ConsumeFormState): { ok: true; params: ConsumeParams } | { ok: false; error: string } {
  const limit = parseWhole(form.limit);
  if (limit === undefined || limit < 1 || limit > MAX_CONSUME_LIMIT) return { ok: false, error: `Limit must be a whole number from 1 to ${MAX_CONSUME_LIMIT}` };
  let partition: number | undefined;
  if (form.partition !== 'all') {
    partition = parseWhole(form.partition);
    if (partition === undefined) return { ok: false, error: 'Partition must be "all" or a partition number' };
  }
  let from: ConsumeFrom;
  switch (form.from) {
    case 'beginning':
      from = { type: 'beginning' };
      break;
    case 'end':
      from = { type: 'end', back: limit };
      break;
    case 'offset': {
      const offset = parseWhole(form.offset);
      if (offset === undefined) return { ok: false, error: 'Offset must be a whole number (0 or more)' };
      from = { type: 'offset', offset };
      break;
    }
    case 'timestamp': {
      const timestampMs = form.timestamp.trim() === '' ? Number.NaN : new Date(form.timestamp).getTime();
      if (Number.isNaN(timestampMs)) return { ok: false, error: 'Pick a date and time to read from' };
      from = { type: 'timestamp', timestampMs };
      break;
    }
  }
  return { ok: true, params: { topic, from, limit, ...(partition === undefined ? {} : { partition }) } };
}

function parseWhole(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) ? n : undefined;
}
