/**
 * The fixed 61-byte header of a RecordBatch v2 (magic 2) and in-place edits the broker makes on
 * append. Layout (big-endian), from Kafka's DefaultRecordBatch:
 *
 *   0 baseOffset int64 · 8 batchLength int32 · 12 partitionLeaderEpoch int32 · 16 magic int8 ·
 *   17 crc uint32 (CRC-32C of byte 21 to the end) · 21 attributes int16 · 23 lastOffsetDelta int32 ·
 *   27 baseTimestamp int64 · 35 maxTimestamp int64 · 43 producerId int64 · 51 producerEpoch int16 ·
 *   53 baseSequence int32 · 57 recordCount int32 · 61 records…
 *
 * baseOffset, batchLength and partitionLeaderEpoch are outside the CRC, so assigning offsets and
 * the leader epoch never requires recomputing it; switching to LogAppendTime does.
 */
import { crc32c } from './crc32c.js';
import { readInt64, writeInt64 } from './varint.js';

export const MAGIC_V2 = 2;
/** Bytes before `batchLength`'s payload: baseOffset + batchLength. */
export const LOG_OVERHEAD = 12;
export const BATCH_HEADER_SIZE = 61;

export const Offsets = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordCount: 57,
  records: 61,
} as const;

export const Attributes = {
  compressionMask: 0x07,
  logAppendTime: 0x08,
  transactional: 0x10,
  control: 0x20,
  deleteHorizon: 0x40,
} as const;

export const TimestampType = { createTime: 0, logAppendTime: 1 } as const;
export type TimestampTypeCode = 0 | 1;

export interface BatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  if (pos + BATCH_HEADER_SIZE > buf.length) {
    throw new RangeError(`record batch header at ${pos} needs ${BATCH_HEADER_SIZE} bytes, ${buf.length - pos} left`);
  }
  return {
    baseOffset: readInt64(buf, pos),
    batchLength: buf.readInt32BE(pos + Offsets.batchLength),
    partitionLeaderEpoch: buf.readInt32BE(pos + Offsets.partitionLeaderEpoch),
    magic: buf.readInt8(pos + Offsets.magic),
    crc: buf.readUInt32BE(pos + Offsets.crc),
    attributes: buf.readInt16BE(pos + Offsets.attributes),
    lastOffsetDelta: buf.readInt32BE(pos + Offsets.lastOffsetDelta),
    baseTimestamp: readInt64(buf, pos + Offsets.baseTimestamp),
    maxTimestamp: readInt64(buf, pos + Offsets.maxTimestamp),
    producerId: readInt64(buf, pos + Offsets.producerId),
    producerEpoch: buf.readInt16BE(pos + Offsets.producerEpoch),
    baseSequence: buf.readInt32BE(pos + Offsets.baseSequence),
    recordCount: buf.readInt32BE(pos + Offsets.recordCount),
  };
}

export const compressionOf = (attributes: number): number => attributes & Attributes.compressionMask;
export const timestampTypeOf = (attributes: number): TimestampTypeCode =>
  attributes & Attributes.logAppendTime ? 1 : 0;
export const isControlBatch = (attributes: number): boolean => (attributes & Attributes.control) !== 0;
export const isTransactionalBatch = (attributes: number): boolean => (attributes & Attributes.transactional) !== 0;

/** Total bytes of the batch starting at `pos` (12 + batchLength), or -1 if its length field is cut off. */
export function batchSizeAt(buf: Buffer, pos: number): number {
  if (pos + LOG_OVERHEAD > buf.length) return -1;
  return LOG_OVERHEAD + buf.readInt32BE(pos + Offsets.batchLength);
}

export function baseOffsetAt(buf: Buffer, pos: number): number {
  return readInt64(buf, pos);
}

export function lastOffsetAt(buf: Buffer, pos: number): number {
  return readInt64(buf, pos) + buf.readInt32BE(pos + Offsets.lastOffsetDelta);
}

export function maxTimestampAt(buf: Buffer, pos: number): number {
  return readInt64(buf, pos + Offsets.maxTimestamp);
}

export function computeBatchCrc(buf: Buffer, pos: number, size: number): number {
  return crc32c(buf.subarray(pos + Offsets.attributes, pos + size));
}

export function hasValidCrc(buf: Buffer, pos: number, size: number): boolean {
  return computeBatchCrc(buf, pos, size) === buf.readUInt32BE(pos + Offsets.crc);
}

export function setBaseOffset(buf: Buffer, pos: number, baseOffset: number): void {
  writeInt64(buf, pos, baseOffset);
}

export function setPartitionLeaderEpoch(buf: Buffer, pos: number, epoch: number): void {
  buf.writeInt32BE(epoch, pos + Offsets.partitionLeaderEpoch);
}

/** Mark the batch LogAppendTime with `timestampMs` as its max timestamp, and re-seal the CRC. */
export function setLogAppendTime(buf: Buffer, pos: number, size: number, timestampMs: number): void {
  const attributes = buf.readInt16BE(pos + Offsets.attributes) | Attributes.logAppendTime;
  buf.writeInt16BE(attributes, pos + Offsets.attributes);
  writeInt64(buf, pos + Offsets.maxTimestamp, timestampMs);
  buf.writeUInt32BE(computeBatchCrc(buf, pos, size), pos + Offsets.crc);
}
