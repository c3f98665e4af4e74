/**
 * Checks a producer's RecordBatch before the broker appends it, as Kafka's LogValidator does for
 * magic 2: the length fits, the CRC matches, offset deltas run 0..n-1 and the record count and
 * lastOffsetDelta agree with the records. Uncompressed batches are walked without allocating;
 * compressed ones are decompressed once. Never throws: a failure comes back as a reason.
 */
import {
  Attributes,
  BATCH_HEADER_SIZE,
  LOG_OVERHEAD,
  MAGIC_V2,
  Offsets,
  hasValidCrc,
} from './batch-header.js';
import { recordsSection } from './record-batch.js';
import { readVarint, type Cursor } from './varint.js';

export type BatchProblem = { kind: 'corrupt' | 'invalid'; reason: string };

export interface BatchSummary {
  recordCount: number;
  maxTimestamp: number;
  attributes: number;
}

/** Validates the batch at `pos` spanning `size` bytes; returns its summary or the problem. */
export function validateBatch(buf: Buffer, pos: number, size: number): BatchSummary | BatchProblem {
  if (size < BATCH_HEADER_SIZE || pos + size > buf.length) {
    return { kind: 'corrupt', reason: `record batch of ${size} bytes does not fit (header is ${BATCH_HEADER_SIZE})` };
  }
  const magic = buf.readInt8(pos + Offsets.magic);
  if (magic !== MAGIC_V2) return { kind: 'invalid', reason: `record batch magic ${magic} is not supported (only 2)` };
  if (!hasValidCrc(buf, pos, size)) return { kind: 'corrupt', reason: 'record batch CRC-32C does not match its contents' };
  const attributes = buf.readInt16BE(pos + Offsets.attributes);
  const recordCount = buf.readInt32BE(pos + Offsets.recordCount);
  const lastOffsetDelta = buf.readInt32BE(pos + Offsets.lastOffsetDelta);
  if (recordCount <= 0 && !(attributes & Attributes.control)) {
    return { kind: 'invalid', reason: `record batch declares ${recordCount} records` };
  }
  if (lastOffsetDelta !== recordCount - 1) {
    return { kind: 'invalid', reason: `lastOffsetDelta ${lastOffsetDelta} does not match ${recordCount} records` };
  }
  let section: Buffer;
  try {
    section = recordsSection(buf, pos, size);
  } catch (error) {
    return { kind: 'corrupt', reason: (error as Error).message };
  }
  const problem = checkRecords(section, recordCount);
  if (problem) return problem;
  return { recordCount, maxTimestamp: readMaxTimestamp(buf, pos), attributes };
}

function readMaxTimestamp(buf: Buffer, pos: number): number {
  const hi = buf.readInt32BE(pos + Offsets.maxTimestamp);
  const lo = buf.readUInt32BE(pos + Offsets.maxTimestamp + 4);
  return hi * 0x1_0000_0000 + lo;
}

function checkRecords(section: Buffer, recordCount: number): BatchProblem | undefined {
  const cursor: Cursor = { pos: 0 };
  try {
    for (let i = 0; i < recordCount; i++) {
      const length = readVarint(section, cursor);
      const end = cursor.pos + length;
      if (length < 4 || end > section.length) return { kind: 'corrupt', reason: `record ${i} length ${length} is out of bounds` };
      cursor.pos += 1;
      readVarint(section, cursor);
      const offsetDelta = readVarint(section, cursor);
      if (offsetDelta !== i) return { kind: 'invalid', reason: `record ${i} has offset delta ${offsetDelta}, expected ${i}` };
      cursor.pos = end;
    }
  } catch (error) {
    return { kind: 'corrupt', reason: (error as Error).message };
  }
  if (cursor.pos !== section.length) {
    return { kind: 'corrupt', reason: `${section.length - cursor.pos} stray bytes after ${recordCount} records` };
  }
  return undefined;
}

/**
 * The offset delta of the first record without a key in the (valid) batch at `pos`, or -1: what a
 * compacted topic refuses. Walks the records without decoding them.
 */
export function firstNullKeyRecord(buf: Buffer, pos: number, size: number): number {
  const section = recordsSection(buf, pos, size);
  const recordCount = buf.readInt32BE(pos + Offsets.recordCount);
  const cursor: Cursor = { pos: 0 };
  for (let i = 0; i < recordCount; i++) {
    const length = readVarint(section, cursor);
    const end = cursor.pos + length;
    cursor.pos += 1;
    readVarint(section, cursor);
    const offsetDelta = readVarint(section, cursor);
    if (readVarint(section, cursor) < 0) return offsetDelta;
    cursor.pos = end;
  }
  return -1;
}

/** Calls `visit(pos, size)` for each whole batch in `buf`; a cut-off trailing batch is skipped. */
export function forEachBatch(buf: Buffer, visit: (pos: number, size: number) => void): void {
  let pos = 0;
  while (pos + LOG_OVERHEAD <= buf.length) {
    const size = LOG_OVERHEAD + buf.readInt32BE(pos + Offsets.batchLength);
    if (size < LOG_OVERHEAD || pos + size > buf.length) return;
    visit(pos, size);
    pos += size;
  }
}

export function isBatchProblem(result: BatchSummary | BatchProblem): result is BatchProblem {
  return 'kind' in result;
}
