/**
 * `Writer`: the encoding primitives of the Kafka wire protocol into a chunked, growable buffer.
 *
 * Invariants:
 * - Small values are written into a scratch Buffer. When it is full, its written part becomes a
 *   chunk (a view, never copied) and a new scratch Buffer is started: growth copies nothing.
 * - `raw()` of a Buffer of at least `BY_REFERENCE_MIN_BYTES` appends it by reference as its own
 *   chunk. Record payloads (Fetch responses) therefore reach `toChunks()` uncopied, ready for
 *   `socket.writev`/`cork`; `toBuffer()` joins the chunks with a single copy (none if only one).
 * - Already written bytes never move, so `reserve()` hands out a slot to patch later (the frame
 *   size prefix).
 * - int64 takes a JS number; values outside the int64 range are clamped (see schema.ts).
 * - Strings are UTF-8; int16-length strings and compact strings are limited to 32767 bytes,
 *   as Kafka limits them.
 */
import { EncodeError } from './codec-errors.js';
import { writeInt64, writeUnsignedVarint, writeVarint } from '../records/varint.js';

/** Buffers at least this long are appended by reference instead of copied. */
export const BY_REFERENCE_MIN_BYTES = 1024;

const MIN_SCRATCH = 512;
const MAX_SCRATCH = 64 * 1024;
const MAX_STRING_BYTES = 0x7fff;
const INT64_MAX = 2 ** 63;
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export interface Slot {
  readonly buf: Buffer;
  readonly offset: number;
}

export class Writer {
  private chunks: Buffer[] = [];
  private flushed = 0;
  private buf: Buffer;
  private start = 0;
  private pos = 0;

  constructor(initialCapacity = MIN_SCRATCH) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.flushed + this.pos - this.start;
  }

  private ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    this.flush();
    const size = Math.max(n, Math.min(MAX_SCRATCH, this.buf.length * 2));
    this.buf = Buffer.allocUnsafe(size);
    this.start = 0;
    this.pos = 0;
  }

  /** Moves the written part of the scratch buffer to the chunk list (as a view). */
  private flush(): void {
    if (this.pos > this.start) {
      this.chunks.push(this.buf.subarray(this.start, this.pos));
      this.flushed += this.pos - this.start;
    }
    this.start = this.pos;
  }

  /** Reserves `n` bytes to fill in later (their content is undefined until then). */
  reserve(n: number): Slot {
    this.ensure(n);
    const slot = { buf: this.buf, offset: this.pos };
    this.pos += n;
    return slot;
  }

  int8(value: number): void {
    this.ensure(1);
    this.pos = this.buf.writeInt8(value, this.pos);
  }

  bool(value: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = value ? 1 : 0;
  }

  int16(value: number): void {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(value, this.pos);
  }

  uint16(value: number): void {
    this.ensure(2);
    this.pos = this.buf.writeUInt16BE(value, this.pos);
  }

  int32(value: number): void {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(value, this.pos);
  }

  uint32(value: number): void {
    this.ensure(4);
    this.pos = this.buf.writeUInt32BE(value, this.pos);
  }

  int64(value: number): void {
    this.ensure(8);
    if (Number.isSafeInteger(value)) {
      writeInt64(this.buf, this.pos, value);
    } else {
      if (Number.isNaN(value)) throw new EncodeError('int64 value is NaN');
      const clamped =
        value >= INT64_MAX ? 2n ** 63n - 1n : value < -INT64_MAX ? -(2n ** 63n) : BigInt(Math.trunc(value));
      this.buf.writeBigInt64BE(clamped, this.pos);
    }
    this.pos += 8;
  }

  float64(value: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleBE(value, this.pos);
  }

  /** UNSIGNED_VARINT of a uint32. */
  uvarint(value: number): void {
    if (!(value >= 0 && value <= 0xffffffff))
      throw new EncodeError(`unsigned varint ${value} is out of range`);
    this.ensure(5);
    this.pos = writeUnsignedVarint(this.buf, this.pos, value);
  }

  /** Zigzag-signed varint (record fields). */
  varint(value: number): void {
    this.ensure(10);
    this.pos = writeVarint(this.buf, this.pos, value);
  }

  uuid(value: string): void {
    if (!UUID_PATTERN.test(value)) throw new EncodeError(`"${value}" is not a uuid`);
    this.ensure(16);
    this.pos += this.buf.write(value.replace(/-/g, ''), this.pos, 16, 'hex');
  }

  // ---- strings -------------------------------------------------------------------------------

  /** int16 length + UTF-8. */
  string(value: string): void {
    if (value.length * 3 <= MAX_STRING_BYTES) {
      // Room for the worst case: write the text first, then its exact length.
      this.ensure(2 + value.length * 3);
      const length = this.buf.write(value, this.pos + 2, 'utf8');
      this.buf.writeInt16BE(length, this.pos);
      this.pos += 2 + length;
      return;
    }
    const length = stringLength(value);
    this.ensure(2 + length);
    this.buf.writeInt16BE(length, this.pos);
    this.pos += 2 + this.buf.write(value, this.pos + 2, length, 'utf8');
  }

  nullableString(value: string | null): void {
    if (value === null) this.int16(-1);
    else this.string(value);
  }

  /** uvarint(length+1) + UTF-8. */
  compactString(value: string): void {
    if (value.length * 3 < 0x7f) {
      // length+1 < 128 for sure: a one-byte prefix.
      this.ensure(1 + value.length * 3);
      const length = this.buf.write(value, this.pos + 1, 'utf8');
      this.buf[this.pos] = length + 1;
      this.pos += 1 + length;
      return;
    }
    const length = stringLength(value);
    this.uvarint(length + 1);
    this.ensure(length);
    this.pos += this.buf.write(value, this.pos, length, 'utf8');
  }

  compactNullableString(value: string | null): void {
    if (value === null) this.uvarint(0);
    else this.compactString(value);
  }

  // ---- bytes ---------------------------------------------------------------------------------

  /** Appends bytes: copied when small, by reference when at least BY_REFERENCE_MIN_BYTES. */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    if (n >= BY_REFERENCE_MIN_BYTES) {
      this.flush();
      this.chunks.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, n));
      this.flushed += n;
      return;
    }
    this.ensure(n);
    this.buf.set(bytes, this.pos);
    this.pos += n;
  }

  /** int32 length + bytes. */
  bytes(value: Uint8Array): void {
    this.int32(value.length);
    this.raw(value);
  }

  nullableBytes(value: Uint8Array | null): void {
    if (value === null) this.int32(-1);
    else this.bytes(value);
  }

  compactBytes(value: Uint8Array): void {
    this.uvarint(value.length + 1);
    this.raw(value);
  }

  compactNullableBytes(value: Uint8Array | null): void {
    if (value === null) this.uvarint(0);
    else this.compactBytes(value);
  }

  // ---- arrays and tags -----------------------------------------------------------------------

  /** An array count: int32 (-1 = null) or compact uvarint N+1 (0 = null). */
  arrayCount(count: number | null, compact: boolean): void {
    if (compact) this.uvarint(count === null ? 0 : count + 1);
    else this.int32(count === null ? -1 : count);
  }

  /** A TAG_BUFFER with no fields. */
  emptyTaggedFields(): void {
    this.ensure(1);
    this.buf[this.pos++] = 0;
  }

  /** A TAG_BUFFER from already encoded fields, in ascending tag order. */
  taggedFields(fields: readonly { tag: number; data: Uint8Array }[]): void {
    this.uvarint(fields.length);
    for (const field of fields) {
      this.uvarint(field.tag);
      this.uvarint(field.data.length);
      this.raw(field.data);
    }
  }

  // ---- output --------------------------------------------------------------------------------

  /** The written bytes as chunks (views and referenced buffers, nothing copied). */
  toChunks(): Buffer[] {
    this.flush();
    return this.chunks;
  }

  /** The written bytes as one Buffer: one copy if there are several chunks, none otherwise. */
  toBuffer(): Buffer {
    const chunks = this.toChunks();
    if (chunks.length === 1) return chunks[0]!;
    return Buffer.concat(chunks, this.flushed);
  }
}

function stringLength(value: string): number {
  const length = Buffer.byteLength(value, 'utf8');
  if (length > MAX_STRING_BYTES)
    throw new EncodeError(`string of ${length} bytes exceeds the 32767-byte limit`);
  return length;
}
