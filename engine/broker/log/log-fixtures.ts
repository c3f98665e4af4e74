/**
 * Test fixtures for the partition log (used only by `*.test.ts`): batch builders, a reader that
 * decodes a whole log, and the two storage backends the same test cases run against (memory,
 * and a real temporary directory that is removed afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseOffsetAt, lastOffsetAt } from '../records/batch-header.js';
import { forEachBatch } from '../records/batch-validate.js';
import type { CompressionCodec } from '../records/compression.js';
import { decodeRecords, encodeBatch, type DecodedRecord } from '../records/record-batch.js';
import type { PartitionLog } from './partition-log.js';
import { FileStorage, MemoryStorage, type Storage } from './storage.js';

export interface SimpleRecord {
  key?: string | null;
  value?: string | null;
  timestamp?: number;
}

const text = (value: string | null | undefined): Buffer | null => (value === null || value === undefined ? null : Buffer.from(value));

/** One batch of records; keys and values are strings (null for a null key or a tombstone). */
export function batchOf(records: readonly SimpleRecord[], options: { compression?: CompressionCodec; timestamp?: number } = {}): Buffer {
  return encodeBatch({
    records: records.map((record) => ({
      key: text(record.key),
      value: record.value === undefined ? Buffer.from('v') : text(record.value),
      timestamp: record.timestamp ?? options.timestamp ?? 1_000,
    })),
    compression: options.compression ?? 0,
  });
}

/** A batch of `count` records with `valueBytes`-byte values, all at `timestamp`. */
export function sizedBatch(count: number, valueBytes = 100, timestamp = 1_000): Buffer {
  const value = Buffer.alloc(valueBytes, 0x61);
  const records = [];
  for (let i = 0; i < count; i++) records.push({ key: null, value, timestamp });
  return encodeBatch({ records });
}

/** Every record from the log start to the log end, decoded. */
export function readAll(log: PartitionLog, maxBytes = 1024 * 1024): DecodedRecord[] {
  const records: DecodedRecord[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const chunk = log.read(offset, maxBytes);
    if (chunk.length === 0) break;
    forEachBatch(chunk, (pos) => {
      for (const record of decodeRecords(chunk, pos)) {
        if (record.offset >= offset) records.push(record);
      }
      offset = lastOffsetAt(chunk, pos) + 1;
    });
  }
  return records;
}

/** Base offsets of the batches in a read result. */
export function batchOffsets(chunk: Buffer): number[] {
  const offsets: number[] = [];
  forEachBatch(chunk, (pos) => offsets.push(baseOffsetAt(chunk, pos)));
  return offsets;
}

export const keyValues = (records: readonly DecodedRecord[]): string[] =>
  records.map((r) => `${r.offset}:${r.key?.toString() ?? '∅'}=${r.value?.toString() ?? '∅'}`);

export interface StorageKind {
  kind: 'memory' | 'file';
  /** A fresh, empty partition directory. */
  create(): Storage;
  /** Removes what `create` made. */
  cleanup(): void;
}

export function memoryKind(): StorageKind {
  return { kind: 'memory', create: () => new MemoryStorage(), cleanup: () => undefined };
}

export function fileKind(): StorageKind {
  const roots: string[] = [];
  return {
    kind: 'file',
    create() {
      const root = mkdtempSync(join(tmpdir(), 'sluice-log-'));
      roots.push(root);
      return new FileStorage(join(root, 'orders-0'));
    },
    cleanup() {
      for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Collects log warnings for assertions. */
export function collectWarnings(): { warnings: string[]; logger: (message: string) => void } {
  const warnings: string[] = [];
  return { warnings, logger: (message) => warnings.push(message) };
}
