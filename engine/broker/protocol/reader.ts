/**
 * `Reader`: the decoding primitives of the Kafka wire protocol over one Buffer and a position.
 *
 * Invariants:
 * - Every read checks the bytes it needs against what remains and throws `DecodeError` (a
 *   RangeError) otherwise; nothing ever reads past the end of `buf` or returns garbage.
 * - Lengths and counts are validated against the remaining bytes BEFORE anything is allocated,
 *   so a hostile length of 2^31 costs nothing.
 * - `bytes`/`records` results are zero-copy views (`subarray`) into the input: the caller must
 *   not reuse or mutate the input buffer while decoded values are alive (copy to retain).
 * - int64 is returned as a JS number (exact below 2^53, see schema.ts).
 * - Classic encodings use int16 (strings) / int32 (bytes, arrays) lengths with -1 = null;
 *   compact ones (flexible versions, KIP-482) use an unsigned varint of length+1, 0 = null.
 */
import { DecodeError } from './codec-errors.js';
import { readInt64, readVarint } from '../records/varint.js';

export class Reader {
  readonly buf: Buffer;
  pos: number;

  constructor(buf: Buffer, pos = 0) {
    if (pos < 0 || pos > buf.length)
      throw new DecodeError(`start offset ${pos} is outside a ${buf.length}-byte buffer`);
    this.buf = buf;
    this.pos = pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  /** Throws unless `n` more bytes are available. */
  need(n: number, what: string): void {
    if (!(n >= 0 && n <= this.buf.length - this.pos)) {
      throw new DecodeError(
        `${what} at offset ${this.pos} needs ${n} bytes, only ${this.buf.length - this.pos} remain`,
      );
    }
  }

  skip(n: number): void {
    this.need(n, 'skipped bytes');
    this.pos += n;
  }

  /** A reader over the next `n` bytes only; this reader moves past them. */
  sub(n: number): Reader {
    this.need(n, 'sub-buffer');
    const reader = new Reader(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return reader;
  }

  int8(): number {
    this.need(1, 'int8');
    return this.buf.readInt8(this.pos++);
  }

  bool(): boolean {
    this.need(1, 'bool');
    return this.buf[this.pos++] !== 0;
  }

  int16(): number {
    this.need(2, 'int16');
    const value = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return value;
  }

  uint16(): number {
    this.need(2, 'uint16');
    const value = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return value;
  }

  int32(): number {
    this.need(4, 'int32');
    const value = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return value;
  }

  uint32(): number {
    this.need(4, 'uint32');
    const value = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return value;
  }

  int64(): number {
    this.need(8, 'int64');
    const value = readInt64(this.buf, this.pos);
    this.pos += 8;
    return value;
  }

  float64(): number {
    this.need(8, 'float64');
    const value = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Kafka's UNSIGNED_VARINT: LEB128 of a uint32, at most 5 bytes. */
  uvarint(): number {
    const buf = this.buf;
    let pos = this.pos;
    const first = buf[pos];
    if (first !== undefined && first < 0x80) {
      this.pos = pos + 1;
      return first;
    }
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      const byte = buf[pos++];
      if (byte === undefined)
        throw new DecodeError(`unsigned varint at offset ${this.pos} runs past the end`);
      if (i === 4 && byte > 0x0f)
        throw new DecodeError(`unsigned varint at offset ${this.pos} exceeds 32 bits`);
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        this.pos = pos;
        return result;
      }
      scale *= 128;
    }
    throw new DecodeError(`unsigned varint at offset ${this.pos} is longer than 5 bytes`);
  }

  /** Zigzag-signed varint (record fields; not used by message schemas). */
  varint(): number {
    const start = this.pos;
    try {
      return readVarint(this.buf, this);
    } catch (error) {
      this.pos = start;
      throw new DecodeError(`varint at offset ${start} is truncated or too long`, { cause: error });
    }
  }

  uuid(): string {
    this.need(16, 'uuid');
    const hex = this.buf.toString('hex', this.pos, this.pos + 16);
    this.pos += 16;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // ---- strings -------------------------------------------------------------------------------

  private utf8(length: number, what: string): string {
    this.need(length, what);
    const value = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  /** int16 length; -1 = null. */
  nullableString(): string | null {
    const length = this.int16();
    if (length === -1) return null;
    if (length < 0) throw new DecodeError(`string length ${length} at offset ${this.pos - 2} is negative`);
    return this.utf8(length, 'string');
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new DecodeError(`non-nullable string at offset ${this.pos - 2} is null`);
    return value;
  }

  /** uvarint length+1; 0 = null. */
  compactNullableString(): string | null {
    const lengthPlusOne = this.uvarint();
    if (lengthPlusOne === 0) return null;
    return this.utf8(lengthPlusOne - 1, 'compact string');
  }

  compactString(): string {
    const value = this.compactNullableString();
    if (value === null)
      throw new DecodeError(`non-nullable compact string before offset ${this.pos} is null`);
    return value;
  }

  // ---- bytes (zero-copy views) ---------------------------------------------------------------

  private view(length: number, what: string): Buffer {
    this.need(length, what);
    const value = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  /** int32 length; -1 = null. */
  nullableBytes(): Buffer | null {
    const length = this.int32();
    if (length === -1) return null;
    if (length < 0) throw new DecodeError(`bytes length ${length} at offset ${this.pos - 4} is negative`);
    return this.view(length, 'bytes');
  }

  bytes(): Buffer {
    const value = this.nullableBytes();
    if (value === null) throw new DecodeError(`non-nullable bytes at offset ${this.pos - 4} are null`);
    return value;
  }

  compactNullableBytes(): Buffer | null {
    const lengthPlusOne = this.uvarint();
    if (lengthPlusOne === 0) return null;
    return this.view(lengthPlusOne - 1, 'compact bytes');
  }

  compactBytes(): Buffer {
    const value = this.compactNullableBytes();
    if (value === null)
      throw new DecodeError(`non-nullable compact bytes before offset ${this.pos} are null`);
    return value;
  }

  // ---- arrays --------------------------------------------------------------------------------

  /**
   * Reads an array count (int32, or compact uvarint N+1) and checks that `count` elements of at
   * least `minElementSize` bytes fit in what remains. Returns -1 for null.
   */
  arrayCount(compact: boolean, minElementSize: number): number {
    const at = this.pos;
    const count = compact ? this.uvarint() - 1 : this.int32();
    if (count === -1) return -1;
    if (count < 0) throw new DecodeError(`array count ${count} at offset ${at} is negative`);
    if (count * Math.max(1, minElementSize) > this.buf.length - this.pos) {
      throw new DecodeError(
        `array count ${count} at offset ${at} exceeds the ${this.buf.length - this.pos} bytes remaining`,
      );
    }
    return count;
  }

  /** int32-counted array; -1 = null. */
  nullableArray<T>(readElement: (reader: Reader) => T, minElementSize = 1): T[] | null {
    return this.readArray(false, readElement, minElementSize);
  }

  array<T>(readElement: (reader: Reader) => T, minElementSize = 1): T[] {
    const value = this.readArray(false, readElement, minElementSize);
    if (value === null) throw new DecodeError(`non-nullable array before offset ${this.pos} is null`);
    return value;
  }

  compactNullableArray<T>(readElement: (reader: Reader) => T, minElementSize = 1): T[] | null {
    return this.readArray(true, readElement, minElementSize);
  }

  compactArray<T>(readElement: (reader: Reader) => T, minElementSize = 1): T[] {
    const value = this.readArray(true, readElement, minElementSize);
    if (value === null) throw new DecodeError(`non-nullable compact array before offset ${this.pos} is null`);
    return value;
  }

  private readArray<T>(
    compact: boolean,
    readElement: (reader: Reader) => T,
    minElementSize: number,
  ): T[] | null {
    const count = this.arrayCount(compact, minElementSize);
    if (count === -1) return null;
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(readElement(this));
    return out;
  }

  // ---- tagged fields -------------------------------------------------------------------------

  /**
   * Reads a TAG_BUFFER: uvarint count, then per field uvarint tag, uvarint size, data. Each
   * field's data is handed to `onField` as a reader confined to exactly those bytes; fields
   * `onField` ignores (and all fields, without `onField`) are skipped.
   */
  taggedFields(onField?: (tag: number, field: Reader) => void): void {
    let count = this.uvarint();
    while (count-- > 0) {
      const tag = this.uvarint();
      const size = this.uvarint();
      if (onField) onField(tag, this.sub(size));
      else this.skip(size);
    }
  }
}
