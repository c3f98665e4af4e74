/**
 * Glue between kafkajs and the LogClient contract: kafkajs errors become KafkaErrors carrying the
 * Kafka error code (so callers match on `errorCode` whichever client they have), kafkajs log lines
 * go to the engine Logger, kafkajs messages become ConsumedRecords, and the snappy, lz4 and zstd
 * codecs kafkajs lacks are registered from the broker's own (Java-compatible) implementations.
 *
 * Codec registration mutates kafkajs's process-wide `CompressionCodecs` table (that is kafkajs's
 * only extension point); it replaces any snappy/lz4/zstd codec registered before.
 */
import kafkajs, { CompressionTypes, logLevel, type LogEntry, type logCreator } from 'kafkajs';
// `CompressionCodecs` is not among the names Node can see on kafkajs (CommonJS) from an ES module;
// the default export (module.exports) has it.
const { CompressionCodecs } = kafkajs;
import { ErrorCode, KafkaError } from '../broker/errors.js';
import { CompressionType, compress, decompress, type CompressionCodec } from '../broker/records/compression.js';
import type { Logger } from '../util/logger.js';
import type { ConsumedRecord, Header } from './log-client.js';

// ── errors ─────────────────────────────────────────────────────────────────────────────────────

interface ProtocolErrorLike {
  code: number;
  type: string;
  message: string;
}

function findProtocolError(error: unknown, depth = 0): ProtocolErrorLike | undefined {
  if (depth > 8 || typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { code?: unknown; type?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
  if (typeof candidate.code === 'number' && typeof candidate.type === 'string') {
    return { code: candidate.code, type: candidate.type, message: String(candidate.message ?? candidate.type) };
  }
  for (const inner of [candidate.cause, candidate.originalError, ...(Array.isArray(candidate.errors) ? candidate.errors : [])]) {
    const found = findProtocolError(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A KafkaError for anything kafkajs threw; `context` says what was being done. */
export function toKafkaError(error: unknown, context: string): KafkaError {
  if (error instanceof KafkaError) return error;
  const protocol = findProtocolError(error);
  if (protocol) return new KafkaError(protocol.code, `${context}: ${protocol.type} (${protocol.message})`, { cause: error });
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (/Connection|NoBrokerAvailable|BrokerNotFound/.test(name)) {
    return new KafkaError(ErrorCode.NETWORK_EXCEPTION, `${context}: ${message}`, { cause: error });
  }
  if (/RequestTimeout/.test(name)) return new KafkaError(ErrorCode.REQUEST_TIMED_OUT, `${context}: ${message}`, { cause: error });
  return new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, `${context}: ${name ? `${name}: ` : ''}${message}`, { cause: error });
}

/** Runs `action`, turning whatever it throws into a KafkaError. */
export async function kafkaCall<T>(context: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw toKafkaError(error, context);
  }
}

// ── logging ────────────────────────────────────────────────────────────────────────────────────

/** A kafkajs logCreator writing warnings and errors to the engine logger. */
export function kafkajsLogCreator(logger: Logger): logCreator {
  return () => (entry: LogEntry) => {
    const text = `kafkajs ${entry.namespace}: ${entry.log.message}`;
    if (entry.level === logLevel.ERROR) logger.error(text);
    else if (entry.level === logLevel.WARN) logger.warn(text);
    else logger.info(text);
  };
}

// ── compression ────────────────────────────────────────────────────────────────────────────────

let codecsRegistered = false;

export function registerCompressionCodecs(): void {
  if (codecsRegistered) return;
  codecsRegistered = true;
  const table = CompressionCodecs as Record<number, () => unknown>;
  const codecs: Array<[CompressionTypes, CompressionCodec]> = [
    [CompressionTypes.Snappy, CompressionType.snappy],
    [CompressionTypes.LZ4, CompressionType.lz4],
    [CompressionTypes.ZSTD, CompressionType.zstd],
  ];
  for (const [type, codec] of codecs) {
    table[type] = () => ({
      compress: async (encoder: { buffer: Buffer }) => compress(codec, encoder.buffer),
      decompress: async (buffer: Buffer) => decompress(codec, buffer),
    });
  }
}

export const KAFKAJS_COMPRESSION = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
} as const;

// ── records ────────────────────────────────────────────────────────────────────────────────────

/** What kafkajs decodes a record into (fetch responses and consumer batches alike). */
export interface KafkajsMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | string | null | undefined | Array<Buffer | string | null>>;
  isControlRecord?: boolean;
}

/**
 * kafkajs folds headers into an object: values of a repeated key become an array (their order is
 * kept), distinct keys come back in object-key order (integer-like keys first).
 */
export function headersFromKafkajs(headers: KafkajsMessage['headers']): Header[] {
  const result: Header[] = [];
  for (const [key, value] of Object.entries(headers ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one === undefined) continue;
      result.push({ key, value: one === null ? null : Buffer.isBuffer(one) ? one : Buffer.from(one) });
    }
  }
  return result;
}

export function recordFromKafkajs(topic: string, partition: number, message: KafkajsMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: Number(message.offset),
    timestamp: Number(message.timestamp),
    key: message.key,
    value: message.value,
    headers: headersFromKafkajs(message.headers),
  };
}
