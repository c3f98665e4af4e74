/**
 * Records as they cross the EngineApi (engine/api/dto.ts RecordDto): keys, values and header values
 * decoded as UTF-8 text, with long values cut to a preview.
 *
 * Invariants: `valueBytes` is the stored size of the value (0 for null); `truncated` says the value
 * text is a preview of its first PREVIEW_MAX_BYTES bytes (a character split by the cut is dropped,
 * never shown as a replacement character); keys and header values are cut at the same size.
 */
import type { HeaderDto, RecordDto } from '../api/dto.js';
import type { ConsumedRecord } from '../client/log-client.js';

export const PREVIEW_MAX_BYTES = 64 * 1024;

/** UTF-8 text of at most `maxBytes` bytes of `bytes`, not splitting a character. */
export function utf8Preview(bytes: Buffer, maxBytes = PREVIEW_MAX_BYTES): { text: string; truncated: boolean } {
  if (bytes.length <= maxBytes) return { text: bytes.toString('utf8'), truncated: false };
  let end = maxBytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the character the cut splits.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: bytes.toString('utf8', 0, end), truncated: true };
}

const text = (bytes: Buffer | null): string | null => (bytes === null ? null : utf8Preview(bytes).text);

export function recordDto(record: ConsumedRecord): RecordDto {
  const value = record.value === null ? undefined : utf8Preview(record.value);
  const headers: HeaderDto[] = record.headers.map((h) => ({ key: h.key, value: text(h.value) }));
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: text(record.key),
    value: value === undefined ? null : value.text,
    valueBytes: record.value?.length ?? 0,
    truncated: value?.truncated ?? false,
    headers,
  };
}
