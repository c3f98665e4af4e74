/**
 * The error policy and the dead-letter record: under 'continue' a record whose deserialization or
 * processing failed is re-sent, bytes untouched, to the dead-letter topic with its original headers
 * plus `sluice.error` (message), `sluice.error.node` (processor name), `sluice.source.topic`,
 * `sluice.source.partition` and `sluice.source.offset` (decimal strings).
 */
import type { ConsumedRecord, Header } from '../../client/log-client.js';
import { errorMessage } from '../errors.js';

export type ErrorPolicy = 'continue' | 'fail';

export const DLQ_HEADERS = {
  error: 'sluice.error',
  node: 'sluice.error.node',
  topic: 'sluice.source.topic',
  partition: 'sluice.source.partition',
  offset: 'sluice.source.offset',
} as const;

export function deadLetterRecord(consumed: ConsumedRecord, node: string, cause: unknown): { key: Buffer | null; value: Buffer | null; headers: Header[]; timestamp: number } {
  const text = (s: string) => Buffer.from(s, 'utf8');
  return {
    key: consumed.key,
    value: consumed.value,
    timestamp: consumed.timestamp,
    headers: [
      ...consumed.headers,
      { key: DLQ_HEADERS.error, value: text(errorMessage(cause)) },
      { key: DLQ_HEADERS.node, value: text(node) },
      { key: DLQ_HEADERS.topic, value: text(consumed.topic) },
      { key: DLQ_HEADERS.partition, value: text(String(consumed.partition)) },
      { key: DLQ_HEADERS.offset, value: text(String(consumed.offset)) },
    ],
  };
}
