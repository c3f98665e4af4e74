/**
 * A record as the studio sees it (engine/api RecordDto): key, value and header values as text,
 * the value cut to a preview. Deserialized values (what a processor forwards) are shown as JSON;
 * bytes as UTF-8 text.
 *
 * Invariants: never throws — a value JSON cannot encode (a cycle, a bigint) is shown by String();
 * keys and header values are cut to the same preview length as values.
 */
import type { RecordDto } from '../../api/dto.js';
import type { Header } from '../../client/log-client.js';

export interface RecordLike {
  key: unknown;
  value: unknown;
  timestamp: number;
  headers: readonly Header[];
  topic?: string;
  partition?: number;
  offset?: number;
}

/** Text of a key or value: strings as they are, bytes as UTF-8, anything else as JSON. */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const cut = (text: string | null, chars: number): string | null => (text === null || text.length <= chars ? text : text.slice(0, chars));

export function toRecordDto(record: RecordLike, previewChars: number): RecordDto {
  const full = textOf(record.value);
  const truncated = full !== null && full.length > previewChars;
  return {
    ...(record.topic === undefined ? {} : { topic: record.topic }),
    ...(record.partition === undefined ? {} : { partition: record.partition }),
    ...(record.offset === undefined ? {} : { offset: record.offset }),
    timestamp: record.timestamp,
    key: cut(textOf(record.key), previewChars),
    value: truncated ? full.slice(0, previewChars) : full,
    valueBytes: full === null ? 0 : Buffer.byteLength(full),
    truncated,
    headers: record.headers.map((h) => ({ key: h.key, value: h.value === null ? null : cut(h.value.toString('utf8', 0, previewChars * 4), previewChars) })),
  };
}
