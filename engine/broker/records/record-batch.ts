/**
 * Encoding and decoding of RecordBatch v2 records (Kafka's DefaultRecord):
 *
 *   length varint · attributes int8 (0) · timestampDelta varlong · offsetDelta varint ·
 *   keyLength varint (-1 = null) · key · valueLength varint (-1 = null) · value ·
 *   headerCount varint · [keyLength varint · key utf8 · valueLength varint (-1 = null) · value]…
 *
 * With compression the records section is one compressed blob; recordCount stays outside it.
 * Decoded keys, values and header values are zero-copy views into the (decompressed) batch.
 * Invariants: encode(decode(b)) preserves every field; offset deltas are kept as given, so a
 * compacted batch keeps its original offsets and lastOffsetDelta.
 */
import {
  Attributes,
  BATCH_HEADER_SIZE,
  LOG_OVERHEAD,
  MAGIC_V2,
  Offsets,
  computeBatchCrc,
  compressionOf,
  readBatchHeader,
  type BatchHeader,
  type TimestampTypeCode,
} from './batch-header.js';
import { compress, decompress, type CompressionCodec } from './compression.js';
import { readVarint, readVarlong, sizeOfVarint, writeInt64, writeVarint, type Cursor } from './varint.js';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface RecordInput {
  key: Buffer | null;
  value: Buffer | null;
  headers?: readonly RecordHeader[];
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** Only for rebuilding batches (compaction): the record's original offset delta. */
  offsetDelta?: number;
}

export interface BatchInput {
  records: readonly RecordInput[];
  baseOffset?: number;
  compression?: CompressionCodec;
  timestampType?: TimestampTypeCode;
  partitionLeaderEpoch?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  isTransactional?: boolean;
  isControl?: boolean;
  /** Kept when rebuilding a batch whose trailing records were dropped (compaction). */
  lastOffsetDelta?: number;
  /** Sets the delete-horizon bit: baseTimestamp is then the horizon, not a record time. */
  deleteHorizonMs?: number;
}

export interface DecodedRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

const EMPTY_HEADERS: readonly RecordHeader[] = [];

function bytesSize(value: Buffer | null): number {
  return value === null ? 1 : sizeOfVarint(value.length) + value.length;
}

function recordBodySize(record: RecordInput, timestampDelta: number, offsetDelta: number): number {
  let size = 1 + sizeOfVarint(timestampDelta) + sizeOfVarint(offsetDelta);
  size += bytesSize(record.key) + bytesSize(record.value);
  const headers = record.headers ?? EMPTY_HEADERS;
  size += sizeOfVarint(headers.length);
  for (const header of headers) {
    const keyBytes = Buffer.byteLength(header.key, 'utf8');
    size += sizeOfVarint(keyBytes) + keyBytes + bytesSize(header.value);
  }
  return size;
}

function writeBytes(buf: Buffer, pos: number, value: Buffer | null): number {
  if (value === null) return writeVarint(buf, pos, -1);
  pos = writeVarint(buf, pos, value.length);
  buf.set(value, pos);
  return pos + value.length;
}

/** Writes the records section at `pos` of `buf`, which must be large enough; returns the end. */
function writeRecords(buf: Buffer, pos: number, records: readonly RecordInput[], baseTimestamp: number, bodySizes: number[]): number {
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    pos = writeVarint(buf, pos, bodySizes[i]!);
    buf[pos++] = 0;
    pos = writeVarint(buf, pos, record.timestamp - baseTimestamp);
    pos = writeVarint(buf, pos, record.offsetDelta ?? i);
    pos = writeBytes(buf, pos, record.key);
    pos = writeBytes(buf, pos, record.value);
    const headers = record.headers ?? EMPTY_HEADERS;
    pos = writeVarint(buf, pos, headers.length);
    for (const header of headers) {
      const keyBytes = Buffer.byteLength(header.key, 'utf8');
      pos = writeVarint(buf, pos, keyBytes);
      pos += buf.write(header.key, pos, 'utf8');
      pos = writeBytes(buf, pos, header.value);
    }
  }
  return pos;
}

function timestampRange(records: readonly RecordInput[]): { first: number; max: number } {
  if (records.length === 0) return { first: -1, max: -1 };
  let max = -1;
  for (const record of records) if (record.timestamp > max) max = record.timestamp;
  return { first: records[0]!.timestamp, max };
}

/** Encodes one RecordBatch v2, CRC sealed. */
export function encodeBatch(input: BatchInput): Buffer {
  const { records } = input;
  const compression = input.compression ?? 0;
  const { first, max } = timestampRange(records);
  // With a delete horizon the header's baseTimestamp is the horizon and deltas are relative to it.
  const baseTimestamp = input.deleteHorizonMs ?? first;
  const bodySizes = new Array<number>(records.length);
  let recordsSize = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const body = recordBodySize(record, record.timestamp - baseTimestamp, record.offsetDelta ?? i);
    bodySizes[i] = body;
    recordsSize += sizeOfVarint(body) + body;
  }
  let payload: Buffer | undefined;
  if (compression !== 0) {
    const raw = Buffer.allocUnsafe(recordsSize);
    writeRecords(raw, 0, records, baseTimestamp, bodySizes);
    payload = compress(compression, raw);
  }
  const size = BATCH_HEADER_SIZE + (payload ? payload.length : recordsSize);
  const buf = Buffer.allocUnsafe(size);
  if (payload) payload.copy(buf, BATCH_HEADER_SIZE);
  else writeRecords(buf, BATCH_HEADER_SIZE, records, baseTimestamp, bodySizes);

  let attributes = compression;
  if (input.timestampType === 1) attributes |= Attributes.logAppendTime;
  if (input.isTransactional) attributes |= Attributes.transactional;
  if (input.isControl) attributes |= Attributes.control;
  if (input.deleteHorizonMs !== undefined) attributes |= Attributes.deleteHorizon;
  const lastOffsetDelta =
    input.lastOffsetDelta ?? (records.length === 0 ? -1 : (records[records.length - 1]!.offsetDelta ?? records.length - 1));

  writeInt64(buf, Offsets.baseOffset, input.baseOffset ?? 0);
  buf.writeInt32BE(size - LOG_OVERHEAD, Offsets.batchLength);
  buf.writeInt32BE(input.partitionLeaderEpoch ?? -1, Offsets.partitionLeaderEpoch);
  buf.writeInt8(MAGIC_V2, Offsets.magic);
  buf.writeInt16BE(attributes, Offsets.attributes);
  buf.writeInt32BE(lastOffsetDelta, Offsets.lastOffsetDelta);
  writeInt64(buf, Offsets.baseTimestamp, baseTimestamp);
  writeInt64(buf, Offsets.maxTimestamp, max);
  writeInt64(buf, Offsets.producerId, input.producerId ?? -1);
  buf.writeInt16BE(input.producerEpoch ?? -1, Offsets.producerEpoch);
  buf.writeInt32BE(input.baseSequence ?? -1, Offsets.baseSequence);
  buf.writeInt32BE(records.length, Offsets.recordCount);
  buf.writeUInt32BE(computeBatchCrc(buf, 0, size), Offsets.crc);
  return buf;
}

/** The records section of a batch, decompressed if needed. */
export function recordsSection(batch: Buffer, pos = 0, size = LOG_OVERHEAD + batch.readInt32BE(pos + Offsets.batchLength)): Buffer {
  const section = batch.subarray(pos + BATCH_HEADER_SIZE, pos + size);
  const codec = compressionOf(batch.readInt16BE(pos + Offsets.attributes));
  return codec === 0 ? section : decompress(codec as CompressionCodec, section);
}

/** Reads a field's length (-1: null) and checks its bytes, which start at the cursor, fit. */
function fieldLength(buf: Buffer, cursor: Cursor): number {
  const length = readVarint(buf, cursor);
  if (length > 0 && cursor.pos + length > buf.length) throw new RangeError(`record field of ${length} bytes runs past the batch at ${cursor.pos}`);
  return length;
}

function readBytes(buf: Buffer, cursor: Cursor): Buffer | null {
  const length = fieldLength(buf, cursor);
  if (length < 0) return null;
  const start = cursor.pos;
  cursor.pos = start + length;
  return buf.subarray(start, cursor.pos);
}

/** The headers of every span-read record without any: one frozen array (those records are only read). */
const NO_HEADERS = Object.freeze([]) as unknown as RecordHeader[];

/** A record's headers; `none` is returned for a record without any (a new array by default). */
function readHeaders(buf: Buffer, cursor: Cursor, none?: RecordHeader[]): RecordHeader[] {
  const count = readVarint(buf, cursor);
  if (count === 0) return none ?? [];
  if (count < 0) throw new RangeError(`negative header count ${count}`);
  const headers: RecordHeader[] = new Array(count);
  for (let h = 0; h < count; h++) {
    const keyLength = readVarint(buf, cursor);
    if (keyLength < 0) throw new RangeError('null record header key');
    const key = buf.toString('utf8', cursor.pos, cursor.pos + keyLength);
    cursor.pos += keyLength;
    headers[h] = { key, value: readBytes(buf, cursor) };
  }
  return headers;
}

/** A decoded record's fields, handed over one by one so that a caller builds only its own object. */
export type RecordFieldsVisitor = (offsetDelta: number, timestamp: number, key: Buffer | null, value: Buffer | null, headers: RecordHeader[]) => void;

/**
 * Reads the record at `cursor` of a records section (the `index`-th of its batch), calls `visit`
 * with its fields and leaves the cursor after it. A record whose length disagrees with its fields
 * throws a RangeError.
 */
export function readRecordFields(section: Buffer, cursor: Cursor, baseTimestamp: number, index: number, visit: RecordFieldsVisitor): void {
  const end = openRecord(section, cursor, baseTimestamp, index);
  const { timestamp, offsetDelta } = opened;
  const key = readBytes(section, cursor);
  const value = readBytes(section, cursor);
  const headers = readHeaders(section, cursor);
  closeRecord(cursor, end, index);
  visit(offsetDelta, timestamp, key, value, headers);
}

/** A record's fields with its key and value as (start, length) in the section; length -1 is null. */
export type RecordSpansVisitor = (offsetDelta: number, timestamp: number, keyAt: number, keyLength: number, valueAt: number, valueLength: number, headers: RecordHeader[]) => void;

/** As readRecordFields, but hands over where the key and value lie instead of views of them. */
export function readRecordSpans(section: Buffer, cursor: Cursor, baseTimestamp: number, index: number, visit: RecordSpansVisitor): void {
  const end = openRecord(section, cursor, baseTimestamp, index);
  const { timestamp, offsetDelta } = opened;
  const keyLength = fieldLength(section, cursor);
  const keyAt = cursor.pos;
  if (keyLength > 0) cursor.pos += keyLength;
  const valueLength = fieldLength(section, cursor);
  const valueAt = cursor.pos;
  if (valueLength > 0) cursor.pos += valueLength;
  const headers = readHeaders(section, cursor, NO_HEADERS);
  closeRecord(cursor, end, index);
  visit(offsetDelta, timestamp, keyAt, keyLength, valueAt, valueLength, headers);
}

/** The length, timestamp and offset delta openRecord read last (one record is read at a time). */
const opened = { length: 0, timestamp: 0, offsetDelta: 0 };

/** Reads a record's length, attributes, timestamp and offset delta; returns where the record ends. */
function openRecord(section: Buffer, cursor: Cursor, baseTimestamp: number, index: number): number {
  const length = readVarint(section, cursor);
  const end = cursor.pos + length;
  if (length < 0 || end > section.length) throw new RangeError(`record ${index} of ${length} bytes runs past the batch`);
  cursor.pos += 1; // attributes
  opened.length = length;
  opened.timestamp = baseTimestamp + readVarlong(section, cursor);
  opened.offsetDelta = readVarint(section, cursor);
  return end;
}

function closeRecord(cursor: Cursor, end: number, index: number): void {
  if (cursor.pos !== end) throw new RangeError(`record ${index} declares ${opened.length} bytes but its fields take ${cursor.pos - end + opened.length}`);
}

/**
 * Calls `visit` with the fields of every record of the batch at `pos` (timestamps as stored:
 * CreateTime). The records section must parse exactly: a record whose length disagrees with its
 * fields, or trailing bytes, throw a RangeError.
 */
export function forEachRecordFields(batch: Buffer, pos: number, visit: RecordFieldsVisitor, header: BatchHeader = readBatchHeader(batch, pos)): void {
  const section = recordsSection(batch, pos, LOG_OVERHEAD + header.batchLength);
  const cursor: Cursor = { pos: 0 };
  for (let i = 0; i < header.recordCount; i++) readRecordFields(section, cursor, header.baseTimestamp, i, visit);
  if (cursor.pos !== section.length) throw new RangeError(`${section.length - cursor.pos} bytes follow the last record`);
}

/**
 * Calls `visit` for every record of the batch at `pos` (see forEachRecordFields for the checks).
 */
export function forEachRecord(batch: Buffer, pos: number, visit: (record: DecodedRecord, offsetDelta: number) => void, header: BatchHeader = readBatchHeader(batch, pos)): void {
  const baseOffset = header.baseOffset;
  forEachRecordFields(
    batch,
    pos,
    (offsetDelta, timestamp, key, value, headers) => visit({ offset: baseOffset + offsetDelta, timestamp, key, value, headers }, offsetDelta),
    header,
  );
}

/** All records of the batch at `pos`. LogAppendTime batches report the batch's max timestamp. */
export function decodeRecords(batch: Buffer, pos = 0): DecodedRecord[] {
  const header = readBatchHeader(batch, pos);
  const records: DecodedRecord[] = [];
  const appendTime = header.attributes & Attributes.logAppendTime ? header.maxTimestamp : -1;
  forEachRecord(
    batch,
    pos,
    (record) => {
      if (appendTime >= 0) record.timestamp = appendTime;
      records.push(record);
    },
    header,
  );
  return records;
}
