/**
 * Byte helpers shared by the stores: keys are ordered as Kafka orders `Bytes` (unsigned,
 * lexicographic). A key's lowercase hex string preserves that order under plain string
 * comparison, so stores index entries by hex. Also a tiny binary writer/reader for changelog
 * payloads (big-endian, length-prefixed, -1 for null).
 */
import { writeSafeInt64 } from '../../util/int64.js';

export function hexOf(bytes: Buffer): string {
  return bytes.toString('hex');
}

/**
 * The key of a store index: the key bytes as a latin1 string (one UTF-16 unit per byte, so plain
 * string comparison is unsigned byte order, like the hex form but shorter and faster to build).
 */
export function keyStringOf(bytes: Buffer): string {
  return bytes.toString('latin1');
}

export function int64(value: number): Buffer {
  const out = Buffer.allocUnsafe(8);
  writeInt64(out, value, 0);
  return out;
}

const TWO_32 = 0x1_0000_0000;

/**
 * Writes a big-endian int64 (Kafka's LongSerializer layout) at `offset` (8 bytes must fit); safe
 * integers avoid BigInt and are written byte by byte (two's complement words, as writeInt32BE and
 * writeUInt32BE write them, without their argument checks).
 */
export function writeInt64(out: Buffer, value: number, offset: number): void {
  if (Number.isSafeInteger(value)) {
    writeSafeInt64(out, offset, value);
  } else {
    out.writeBigInt64BE(BigInt(value), offset);
  }
}

export function readInt64(bytes: Buffer, offset: number): number {
  const hi = bytes.readInt32BE(offset);
  // Beyond ±2^53 the float result would be rounded differently from Number(BigInt): keep that path.
  if (hi > 0x1f_ffff || hi < -0x20_0000) return Number(bytes.readBigInt64BE(offset));
  return hi * TWO_32 + bytes.readUInt32BE(offset + 4);
}

/** Index of the first element of a sorted array that is >= value (binary search). */
export function lowerBound<T>(sorted: readonly T[], value: T, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as T) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A sorted set of numbers or strings with O(log n) lookup and range queries. */
export class SortedSet<T extends number | string> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  add(value: T): void {
    const i = lowerBound(this.items, value);
    if (this.items[i] !== value) this.items.splice(i, 0, value);
  }

  delete(value: T): void {
    const i = lowerBound(this.items, value);
    if (this.items[i] === value) this.items.splice(i, 1);
  }

  /** Removes and returns every element < bound. */
  deleteBelow(bound: T): T[] {
    return this.items.splice(0, lowerBound(this.items, bound));
  }

  /** Elements with from <= x <= to, ascending (either bound optional). */
  range(from?: T, to?: T): T[] {
    const start = from === undefined ? 0 : lowerBound(this.items, from);
    const out: T[] = [];
    for (let i = start; i < this.items.length; i++) {
      const v = this.items[i] as T;
      if (to !== undefined && v > to) break;
      out.push(v);
    }
    return out;
  }

  first(): T | undefined {
    return this.items[0];
  }

  clear(): void {
    this.items.length = 0;
  }
}

/** A map from hex key to entry that iterates in key-byte order. */
export class SortedHexMap<T> {
  private readonly entries = new Map<string, T>();
  private readonly order = new SortedSet<string>();

  get size(): number {
    return this.entries.size;
  }

  get(hex: string): T | undefined {
    return this.entries.get(hex);
  }

  set(hex: string, value: T): void {
    if (!this.entries.has(hex)) this.order.add(hex);
    this.entries.set(hex, value);
  }

  delete(hex: string): boolean {
    const had = this.entries.delete(hex);
    if (had) this.order.delete(hex);
    return had;
  }

  clear(): void {
    this.entries.clear();
    this.order.clear();
  }

  /** Keys in byte order; a snapshot, safe to mutate the map while walking it. */
  keys(): string[] {
    return this.order.range();
  }

  firstKey(): string | undefined {
    return this.order.first();
  }

  /** Entries in byte order with from <= hex <= to (either bound optional). */
  range(fromHex?: string, toHex?: string): [string, T][] {
    const out: [string, T][] = [];
    for (const hex of this.order.range(fromHex, toHex)) {
      const value = this.entries.get(hex);
      if (value !== undefined) out.push([hex, value]);
    }
    return out;
  }
}

export class BinaryWriter {
  private readonly parts: Buffer[] = [];

  int8(value: number): this {
    this.parts.push(Buffer.from([value & 0xff]));
    return this;
  }

  int32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    this.parts.push(b);
    return this;
  }

  int64(value: number): this {
    this.parts.push(int64(value));
    return this;
  }

  string(value: string): this {
    return this.bytes(Buffer.from(value, 'utf8'));
  }

  bytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    this.int32(value.length);
    this.parts.push(value);
    return this;
  }

  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export class BinaryReader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  int8(): number {
    const v = this.buffer.readInt8(this.offset);
    this.offset += 1;
    return v;
  }

  int32(): number {
    const v = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  int64(): number {
    const v = readInt64(this.buffer, this.offset);
    this.offset += 8;
    return v;
  }

  string(): string {
    return (this.bytes() ?? Buffer.alloc(0)).toString('utf8');
  }

  bytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    const v = Buffer.from(this.buffer.subarray(this.offset, this.offset + length));
    this.offset += length;
    return v;
  }
}
