/**
 * Byte helpers shared by the stores: keys are ordered as Kafka orders `Bytes` (unsigned,
 * lexicographic). A key's lowercase hex string preserves that order under plain string
 * comparison, so stores index entries by hex. Also a tiny binary writer/reader for changelog
 * payloads (big-endian, length-prefixed, -1 for null).
 */

export function hexOf(bytes: Buffer): string {
  return bytes.toString('hex');
}

export function compareHex(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function int64(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigInt64BE(BigInt(value));
  return out;
}

export function readInt64(bytes: Buffer, offset: number): number {
  return Number(bytes.readBigInt64BE(offset));
}

/** A map from hex key to entry that iterates in key-byte order (sorting lazily after changes). */
export class SortedHexMap<T> {
  private readonly entries = new Map<string, T>();
  private sorted: string[] | null = [];

  get size(): number {
    return this.entries.size;
  }

  get(hex: string): T | undefined {
    return this.entries.get(hex);
  }

  set(hex: string, value: T): void {
    if (!this.entries.has(hex)) this.sorted = null;
    this.entries.set(hex, value);
  }

  delete(hex: string): boolean {
    const had = this.entries.delete(hex);
    if (had) this.sorted = null;
    return had;
  }

  clear(): void {
    this.entries.clear();
    this.sorted = [];
  }

  /** Keys in byte order; a snapshot, safe to mutate the map while walking it. */
  keys(): string[] {
    if (this.sorted === null) this.sorted = [...this.entries.keys()].sort(compareHex);
    return [...this.sorted];
  }

  /** Entries in byte order with from <= hex <= to (either bound optional). */
  range(fromHex?: string, toHex?: string): [string, T][] {
    const out: [string, T][] = [];
    for (const hex of this.keys()) {
      if (fromHex !== undefined && hex < fromHex) continue;
      if (toHex !== undefined && hex > toHex) break;
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
