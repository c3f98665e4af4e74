/**
 * RecordBatchBuilder: encodes records into one RecordBatch v2 as they are appended (Kafka's
 * MemoryRecordsBuilder behind the producer's RecordAccumulator), for producers that batch per
 * partition themselves — the streams runtime's record collector on InProcessClient. Each key and
 * value is copied once, from the serializer straight into the batch; a payload given as text is
 * written there as UTF-8 without an intermediate Buffer (short ASCII text by a JS loop, the rest
 * by Node's UTF-8 writer), and a value or key given with its encoder (appendEncoded,
 * appendEncodedKey) is serialized straight into the batch, with neither a string nor a Buffer in
 * between. No per-record objects are kept.
 *
 * Invariants: the batch is uncompressed, CreateTime, without producer id or sequence (like
 * encodeBatch's defaults), offset deltas are 0…n−1, and `build()` returns exactly the bytes
 * encodeBatch() gives for the same records (varints minimal, CRC sealed). After build() the
 * builder starts a new, empty batch in a fresh buffer: the returned bytes are never written again.
 */
import { BATCH_HEADER_SIZE, LOG_OVERHEAD, MAGIC_V2, Offsets, computeBatchCrc } from '../broker/records/batch-header.js';
import type { RecordHeader } from '../broker/records/record-batch.js';
import { sizeOfVarint, writeInt64, writeVarint } from '../broker/records/varint.js';
import { markExclusiveMemory } from '../util/exclusive-bytes.js';

/**
 * Writes the serialized bytes of `value` into `buf` from `at` and returns the position after them,
 * or -1 when they need more room than `buf` has past `at`: what it wrote then does not count, and
 * it is called again with a larger buffer. It must never write past `buf.length` (a typed array
 * drops such writes silently).
 */
export type PayloadEncoder = (value: unknown, buf: Buffer, at: number) => number;

/** `value` serialized by `encode` into a Buffer of its own (for writers that keep one per record). */
export function encodeToBuffer(value: unknown, encode: PayloadEncoder): Buffer {
  for (let size = 256; ; size *= 2) {
    if (size > MAX_ENCODING_ROOM) throw tooLarge();
    const buf = Buffer.allocUnsafe(size);
    const end = encode(value, buf, 0);
    if (end >= 0) return buf.subarray(0, end);
  }
}

/** An encoder still out of room in a buffer this large is not going to fit (a record is far smaller). */
const MAX_ENCODING_ROOM = 2 ** 30;
const tooLarge = (): RangeError => new RangeError(`A payload's encoder asked for more than ${MAX_ENCODING_ROOM} bytes of room`);

/** A serialized key or value: bytes, text to encode as UTF-8, or null. */
export type Payload = Buffer | string | null;

/** Node's UTF-8 writer without Buffer#write's argument handling (present since Node 0.x). */
type Utf8Writer = (this: Buffer, text: string, offset: number, length?: number) => number;
const nodeUtf8Write = (Buffer.prototype as unknown as { utf8Write?: Utf8Writer }).utf8Write;
const utf8Write: Utf8Writer =
  typeof nodeUtf8Write === 'function'
    ? nodeUtf8Write
    : function (this: Buffer, text: string, offset: number, length?: number): number {
        return this.write(text, offset, length ?? this.length - offset, 'utf8');
      };

const MIN_CAPACITY = 4096;

/** Byte runs up to this long are copied by a loop (writeBytesFrom). */
const SHORT_BYTES = 32;

/**
 * Texts up to this many characters are written by writeShortAscii when they are ASCII: a native
 * UTF-8 write costs more than a loop over so few characters (keys, counts, short values).
 */
const SHORT_TEXT = 24;

/**
 * Writes an ASCII `text` of at most SHORT_TEXT characters at `p` with its one-byte length prefix,
 * as utf8Write would; false (having written nothing that counts) when a character is not ASCII.
 */
function writeShortAscii(buf: Buffer, p: number, text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return false;
    buf[p + 1 + i] = c;
  }
  writeVarint(buf, p, n);
  return true;
}

/** A payload's length with a one-byte length prefix: the guess for the record's length. */
function payloadLength(payload: Payload): number {
  return payload === null ? 1 : payload.length + 1;
}

/** Most bytes a payload can take (length varint included), for capacity checks. */
function maxPayloadBytes(payload: Payload): number {
  if (payload === null) return 1;
  return 5 + (typeof payload === 'string' ? payload.length * 3 : payload.length);
}

export class RecordBatchBuilder {
  private buf: Buffer;
  private pos = BATCH_HEADER_SIZE;
  private count = 0;
  private baseTimestamp = 0;
  private maxTimestamp = -1;
  /** The lengths of the last encoded value and key written: the guesses for the next ones. */
  private encodedValueLength = 16;
  private encodedKeyLength = 16;
  /** The length writeEncoded() wrote last. */
  private lastEncodedLength = 0;
  /** For the record being written: where the room reserved for it ends (within buf)... */
  private reservedEnd = 0;
  /** ...and the size its length varint was written at. */
  private lengthGuess = 1;

  constructor(private capacityHint = MIN_CAPACITY) {
    this.buf = Buffer.allocUnsafe(Math.max(MIN_CAPACITY, capacityHint));
  }

  get recordCount(): number {
    return this.count;
  }

  /** Bytes the batch takes so far (header included). */
  get sizeInBytes(): number {
    return this.pos;
  }

  append(key: Payload, value: Payload, headers: readonly RecordHeader[] | undefined, timestamp: number): void {
    let p = this.openRecord(maxPayloadBytes(key) + maxPayloadBytes(value), payloadLength(key) + payloadLength(value), headers, timestamp);
    p = this.writePayload(p, key);
    this.closeRecord(this.writePayload(p, value), headers, timestamp);
  }

  /** As append, with a value that `encode` serializes straight into the batch. */
  appendEncoded(key: Payload, value: unknown, encode: PayloadEncoder, headers: readonly RecordHeader[] | undefined, timestamp: number): void {
    const guess = this.encodedValueLength;
    let p = this.openRecord(maxPayloadBytes(key) + 5 + guess, payloadLength(key) + guess + 1, headers, timestamp);
    p = this.writePayload(p, key);
    p = this.writeEncoded(p, value, encode, guess);
    this.encodedValueLength = this.lastEncodedLength;
    this.closeRecord(p, headers, timestamp);
  }

  /**
   * As append, with a key that `encodeKey` serializes straight into the batch, and as the value (when
   * bytes) those of `value` from `valueFrom` on.
   */
  appendEncodedKey(key: unknown, encodeKey: PayloadEncoder, value: Payload, headers: readonly RecordHeader[] | undefined, timestamp: number, valueFrom = 0): void {
    const guess = this.encodedKeyLength;
    let p = this.openRecord(5 + guess + maxPayloadBytes(value), guess + 1 + payloadLength(value), headers, timestamp);
    p = this.writeEncoded(p, key, encodeKey, guess);
    this.encodedKeyLength = this.lastEncodedLength;
    this.closeRecord(valueFrom === 0 || typeof value === 'string' || value === null ? this.writePayload(p, value) : this.writeBytesFrom(p, value, valueFrom), headers, timestamp);
  }

  /**
   * Starts a record: reserves room for it (`payloadRoom` bytes for its key and value), writes its
   * length at a size guessed with `payloadEstimate` bytes of key and value, then its fields up to
   * the key. Returns where the key goes.
   */
  private openRecord(payloadRoom: number, payloadEstimate: number, headers: readonly RecordHeader[] | undefined, timestamp: number): number {
    if (this.count === 0) this.baseTimestamp = timestamp;
    let worst = 26 + payloadRoom;
    if (headers !== undefined) for (const h of headers) worst += 5 + h.key.length * 3 + maxPayloadBytes(h.value);
    this.ensure(worst);
    const buf = this.buf;
    const start = this.pos;
    this.reservedEnd = start + worst;
    const timestampDelta = timestamp - this.baseTimestamp;
    // The body length prefix comes first: write it at a guessed size, shift if the guess was off.
    const guess = sizeOfVarint(3 + sizeOfVarint(timestampDelta) + sizeOfVarint(this.count) + payloadEstimate);
    this.lengthGuess = guess;
    let p = start + guess;
    buf[p++] = 0; // attributes
    p = writeVarint(buf, p, timestampDelta);
    return writeVarint(buf, p, this.count);
  }

  /** Ends the record whose value ends at `p`: its headers, then its length where openRecord guessed it. */
  private closeRecord(p: number, headers: readonly RecordHeader[] | undefined, timestamp: number): void {
    // An encoder may have moved the batch to a larger buffer: read it only now.
    const buf = this.buf;
    if (headers === undefined || headers.length === 0) {
      buf[p++] = 0;
    } else {
      p = writeVarint(buf, p, headers.length);
      for (const h of headers) {
        p = this.writePayload(p, h.key);
        p = this.writePayload(p, h.value);
      }
    }
    const start = this.pos;
    const guess = this.lengthGuess;
    const body = p - start - guess;
    const size = sizeOfVarint(body);
    if (size !== guess) {
      buf.copyWithin(start + size, start + guess, p);
      p += size - guess;
    }
    writeVarint(buf, start, body);
    this.pos = p;
    this.count++;
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
  }

  /** Seals the batch (header, CRC) and starts a new one; call only with records appended. */
  build(): Buffer {
    const buf = this.buf;
    const size = this.pos;
    writeInt64(buf, Offsets.baseOffset, 0);
    buf.writeInt32BE(size - LOG_OVERHEAD, Offsets.batchLength);
    buf.writeInt32BE(-1, Offsets.partitionLeaderEpoch);
    buf.writeInt8(MAGIC_V2, Offsets.magic);
    buf.writeInt16BE(0, Offsets.attributes);
    buf.writeInt32BE(this.count - 1, Offsets.lastOffsetDelta);
    writeInt64(buf, Offsets.baseTimestamp, this.baseTimestamp);
    writeInt64(buf, Offsets.maxTimestamp, this.maxTimestamp);
    writeInt64(buf, Offsets.producerId, -1);
    buf.writeInt16BE(-1, Offsets.producerEpoch);
    buf.writeInt32BE(-1, Offsets.baseSequence);
    buf.writeInt32BE(this.count, Offsets.recordCount);
    buf.writeUInt32BE(computeBatchCrc(buf, 0, size), Offsets.crc);
    // The next batch of this partition is likely about as large: size its buffer for that.
    this.capacityHint = size + (size >>> 2);
    // The sealed batch keeps this buffer (never pooled: MIN_CAPACITY is past Node's pool limit).
    markExclusiveMemory(buf.buffer);
    this.buf = Buffer.allocUnsafe(Math.max(MIN_CAPACITY, this.capacityHint));
    this.pos = BATCH_HEADER_SIZE;
    this.count = 0;
    this.maxTimestamp = -1;
    return buf.subarray(0, size);
  }

  private ensure(bytes: number): void {
    const needed = this.pos + bytes;
    if (needed > this.buf.length) this.grow(needed, this.pos);
  }

  /** Moves the batch to a buffer of at least `capacity` bytes, keeping the bytes before `used`. */
  private grow(capacity: number, used: number): void {
    const grown = Buffer.allocUnsafe(Math.max(capacity, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, used);
    this.buf = grown;
  }

  /**
   * Writes `value` encoded at `p` behind a length varint sized for `reserved` (the guessed length;
   * shifted when the guess was off), growing the buffer while the encoder needs more room; returns
   * the end. The record's reservation counted `reserved` bytes for the value: it grows by what the
   * value took beyond that.
   */
  private writeEncoded(p: number, value: unknown, encode: PayloadEncoder, reserved: number): number {
    const guess = sizeOfVarint(reserved);
    let end: number;
    while ((end = encode(value, this.buf, p + guess)) < 0) {
      if (this.buf.length >= MAX_ENCODING_ROOM) throw tooLarge();
      this.grow(this.buf.length * 2, p);
    }
    const written = end - p - guess;
    if (written > reserved) {
      this.reservedEnd += written - reserved;
      if (this.reservedEnd > this.buf.length) this.grow(this.reservedEnd, end);
    }
    const size = sizeOfVarint(written);
    if (size !== guess) this.buf.copyWithin(p + size, p + guess, end);
    writeVarint(this.buf, p, written);
    this.lastEncodedLength = written;
    return p + size + written;
  }

  /**
   * Writes bytes[from, end) length-prefixed at `p` (capacity already ensured); returns the end.
   * A few bytes (a timestamped store's value) by a loop: Buffer#copy's argument handling costs
   * four times as much, and a view for TypedArray#set as much again.
   */
  private writeBytesFrom(p: number, bytes: Buffer, from: number): number {
    const buf = this.buf;
    const length = bytes.length - from;
    p = writeVarint(buf, p, length);
    if (length > SHORT_BYTES) {
      buf.set(bytes.subarray(from), p);
      return p + length;
    }
    for (let i = from; i < bytes.length; i++) buf[p++] = bytes[i]!;
    return p;
  }

  /** Writes a length-prefixed payload at `p` (capacity already ensured); returns the end. */
  private writePayload(p: number, payload: Payload): number {
    const buf = this.buf;
    if (payload === null) return writeVarint(buf, p, -1);
    if (typeof payload !== 'string') {
      p = writeVarint(buf, p, payload.length);
      buf.set(payload, p);
      return p + payload.length;
    }
    if (payload.length <= SHORT_TEXT && writeShortAscii(buf, p, payload)) return p + 1 + payload.length;
    const guess = sizeOfVarint(payload.length);
    const written = utf8Write.call(buf, payload, p + guess);
    const size = sizeOfVarint(written);
    if (size !== guess) buf.copyWithin(p + size, p + guess, p + guess + written);
    writeVarint(buf, p, written);
    return p + size + written;
  }
}
