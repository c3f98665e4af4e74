/**
 * The entries of one key of an in-memory window store: window starts ascending (equal starts
 * adjacent, oldest first) with their values, whose bytes live in one buffer per key (an arena)
 * rather than in one Buffer object each. A store holding millions of windows then gives the
 * garbage collector a few arrays of numbers per key to trace instead of millions of objects.
 *
 * Invariants: `starts`, `offsets` and `lengths` are parallel; entry i's bytes are
 * data[offsets[i], offsets[i] + lengths[i]) and live entries never overlap; `value(i)` is a view
 * that stays valid only until the next write to this key (the store decodes it at once); bytes of
 * replaced and removed entries are reclaimed when the arena would otherwise have to grow.
 */
const MIN_ARENA_BYTES = 64;

export class WindowEntries {
  readonly starts: number[] = [];
  private readonly offsets: number[] = [];
  private readonly lengths: number[] = [];
  private data: Buffer;
  private used = 0;
  private dead = 0;

  constructor(firstValueBytes = 0) {
    this.data = Buffer.allocUnsafe(Math.max(MIN_ARENA_BYTES, firstValueBytes * 4));
  }

  get size(): number {
    return this.starts.length;
  }

  /** A view of entry i's value (valid until the next write to this key). */
  value(i: number): Buffer {
    const offset = this.offsets[i]!;
    return this.data.subarray(offset, offset + this.lengths[i]!);
  }

  /** Adds an entry after every other (its start is >= the last one). */
  push(start: number, value: Buffer): void {
    const offset = this.write(value);
    this.starts.push(start);
    this.offsets.push(offset);
    this.lengths.push(value.length);
  }

  /** Adds an entry at position `at` (keeping starts ascending is the caller's business). */
  insert(at: number, start: number, value: Buffer): void {
    const offset = this.write(value);
    this.starts.splice(at, 0, start);
    this.offsets.splice(at, 0, offset);
    this.lengths.splice(at, 0, value.length);
  }

  /** Replaces entry i's value. */
  replace(i: number, value: Buffer): void {
    const old = this.lengths[i]!;
    if (value.length <= old) {
      this.data.set(value, this.offsets[i]!);
      this.dead += old - value.length;
    } else {
      // Written first: a compaction inside write() still moves entry i's old bytes along.
      const offset = this.write(value);
      this.offsets[i] = offset;
      this.dead += old;
    }
    this.lengths[i] = value.length;
  }

  /** Removes entries [from, to). */
  remove(from: number, to: number): void {
    for (let i = from; i < to; i++) this.dead += this.lengths[i]!;
    this.starts.splice(from, to - from);
    this.offsets.splice(from, to - from);
    this.lengths.splice(from, to - from);
    if (this.starts.length === 0) this.used = this.dead = 0;
  }

  /** Copies `value` into the arena; returns its offset. */
  private write(value: Buffer): number {
    const length = value.length;
    if (this.used + length > this.data.length) this.makeRoom(length);
    const offset = this.used;
    this.data.set(value, offset);
    this.used += length;
    return offset;
  }

  /** A bigger arena (or a compacted one, when enough bytes are dead) with room for `length` more bytes. */
  private makeRoom(length: number): void {
    const live = this.used - this.dead;
    const next = Buffer.allocUnsafe(Math.max(MIN_ARENA_BYTES, (live + length) * 2));
    if (this.dead === 0) {
      this.data.copy(next, 0, 0, this.used);
      this.data = next;
      return;
    }
    const offsets = this.offsets;
    const lengths = this.lengths;
    let pos = 0;
    for (let i = 0; i < offsets.length; i++) {
      const offset = offsets[i]!;
      const bytes = lengths[i]!;
      this.data.copy(next, pos, offset, offset + bytes);
      offsets[i] = pos;
      pos += bytes;
    }
    this.data = next;
    this.used = pos;
    this.dead = 0;
  }
}
