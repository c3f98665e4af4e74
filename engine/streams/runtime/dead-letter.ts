/**
 * The error policy and the dead-letter record: under 'continue' a record whose deserialization or
 * processing failed is re-sent, bytes and timestamp untouched, to the dead-letter topic with its
 * original headers plus the headers Kafka Streams' own dead-letter queue writes (KIP-1034, Kafka
 * 4.2: ExceptionHandlerUtils) — the error (class and message), its message and stack trace, the source topic,
 * partition and offset (decimal strings) — and the processor that failed, under the name Kafka's
 * own tests give it, so a consumer written for a Kafka Streams dead-letter topic reads ours.
 */
import type { ConsumedRecord, Header } from '../../client/log-client.js';
import { errorMessage } from '../errors.js';

export type ErrorPolicy = 'continue' | 'fail';

export const DLQ_HEADERS = {
  /** The error as Kafka's `exception.toString()` gives it: `TypeError: message` (else its JS type). */
  exception: '__streams.errors.exception',
  message: '__streams.errors.message',
  stacktrace: '__streams.errors.stacktrace',
  topic: '__streams.errors.topic',
  partition: '__streams.errors.partition',
  offset: '__streams.errors.offset',
  /** The node (processor, or the source that failed to deserialize) where the record failed. */
  node: '__streams.errors.processor.node.id',
} as const;

export function deadLetterRecord(consumed: ConsumedRecord, node: string, cause: unknown): { key: Buffer | null; value: Buffer | null; headers: Header[]; timestamp: number } {
  const text = (s: string) => Buffer.from(s, 'utf8');
  return {
    key: consumed.key,
    value: consumed.value,
    timestamp: consumed.timestamp,
    headers: [
      ...consumed.headers,
      { key: DLQ_HEADERS.exception, value: text(errorClass(cause)) },
      { key: DLQ_HEADERS.stacktrace, value: text(stackTrace(cause)) },
      { key: DLQ_HEADERS.message, value: text(errorMessage(cause)) },
      { key: DLQ_HEADERS.topic, value: text(consumed.topic) },
      { key: DLQ_HEADERS.partition, value: text(String(consumed.partition)) },
      { key: DLQ_HEADERS.offset, value: text(String(consumed.offset)) },
      { key: DLQ_HEADERS.node, value: text(node) },
    ],
  };
}

function errorClass(cause: unknown): string {
  if (cause instanceof Error) return cause.message === '' ? cause.name : `${cause.name}: ${cause.message}`;
  return cause === null ? 'null' : typeof cause;
}

/** The stack as the error carries it (message line included), or the message when it has none. */
function stackTrace(cause: unknown): string {
  return cause instanceof Error && typeof cause.stack === 'string' ? cause.stack : errorMessage(cause);
}
