/**
 * The entries of one key of an in-memory window store: window starts ascending (equal starts
 * adjacent, oldest first) with their values, whose bytes live in one buffer per key (an arena)
 * rather than in one Buffer object each. A store holding millions of windows then gives the
 * garbage collector one array of numbers per key to trace instead of millions of objects, and a
 * lookup touches few cache lines: the key's object (which knows its newest start), one array and
 * the arena. The array is a Float64Array with spare room, kept through reset(): a key whose
 * windows expire and come back (the usual aggregation) reuses it without allocating.
 *
 * Invariants: `cells[0, 3 × size)` holds (start, offset, length) triples ascending by start;
 * entry i's bytes are data[offset, offset + length) and live entries never overlap; `value(i)` is
 * a view that stays valid only until the next write to this key (the store decodes it at once);
 * bytes of replaced and removed entries are reclaimed when the arena would otherwise have to grow.
 */
const MIN_ARENA_BYTES = 64;
/** Entries the cells array has room for at first (it doubles when full). */
const MIN_CELL_ENTRIES = 1;
const NONE = Number.NEGATIVE_INFINITY;

export class WindowEntries {
  /** (start, offset, length) per entry, for the first `count` entries. */
  private cells = new Float64Array(3 * MIN_CELL_ENTRIES);
  private count = 0;
  private data: Buffer;
  private used = 0;
  private dead = 0;
  /** The start of the last entry (NONE when empty): most lookups are for the newest window. */
  lastStart = NONE;
  /** The index string of the key these entries belong to (set by the index). */
  key = '';

  constructor(firstValueBytes = 0) {
    this.data = Buffer.allocUnsafe(Math.max(MIN_ARENA_BYTES, firstValueBytes * 4));
  }

  get size(): number {
    return this.count;
  }

  startAt(i: number): number {
    return this.cells[3 * i]!;
  }

  /** A view of entry i's value (valid until the next write to this key). */
  value(i: number): Buffer {
    const offset = this.cells[3 * i + 1]!;
    return this.data.subarray(offset, offset + this.cells[3 * i + 2]!);
  }

  /** Index of the first entry with start >= `start` (from entry `from` on). */
  lowerBound(start: number, from = 0): number {
    const cells = this.cells;
    let lo = from;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cells[3 * mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first entry with start > `start` (from entry `from` on). */
  upperBound(start: number, from = 0): number {
    const cells = this.cells;
    let lo = from;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cells[3 * mid]! <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds an entry after every other (its start is >= lastStart). */
  push(start: number, value: Buffer): void {
    const offset = this.write(value);
    const cells = this.roomForOneMore();
    const c = 3 * this.count++;
    cells[c] = start;
    cells[c + 1] = offset;
    cells[c + 2] = value.length;
    this.lastStart = start;
  }

  /** Adds an entry at position `at` (keeping starts ascending is the caller's business). */
  insert(at: number, start: number, value: Buffer): void {
    const offset = this.write(value);
    const cells = this.roomForOneMore();
    const c = 3 * at;
    cells.copyWithin(c + 3, c, 3 * this.count++);
    cells[c] = start;
    cells[c + 1] = offset;
    cells[c + 2] = value.length;
    this.lastStart = cells[3 * this.count - 3]!;
  }

  /** Replaces entry i's value. */
  replace(i: number, value: Buffer): void {
    const cells = this.cells;
    const old = cells[3 * i + 2]!;
    if (value.length <= old) {
      this.data.set(value, cells[3 * i + 1]!);
      this.dead += old - value.length;
    } else {
      // Written first: a compaction inside write() still moves entry i's old bytes along.
      cells[3 * i + 1] = this.write(value);
      this.dead += old;
    }
    cells[3 * i + 2] = value.length;
  }

  /** Removes entries [from, to). */
  remove(from: number, to: number): void {
    const cells = this.cells;
    for (let i = from; i < to; i++) this.dead += cells[3 * i + 2]!;
    cells.copyWithin(3 * from, 3 * to, 3 * this.count);
    this.count -= to - from;
    if (this.count === 0) this.reset();
    else this.lastStart = cells[3 * this.count - 3]!;
  }

  /** Empties the entries, keeping the cells array and the arena for reuse. */
  reset(): void {
    this.count = 0;
    this.used = this.dead = 0;
    this.lastStart = NONE;
  }

  /** The cells array, grown (doubled) if it has no room for one more entry. */
  private roomForOneMore(): Float64Array {
    const cells = this.cells;
    if (3 * this.count < cells.length) return cells;
    const grown = new Float64Array(cells.length * 2);
    grown.set(cells);
    return (this.cells = grown);
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

  /** A bigger arena (or a compacted one, when bytes are dead) with room for `length` more bytes. */
  private makeRoom(length: number): void {
    const live = this.used - this.dead;
    const next = Buffer.allocUnsafe(Math.max(MIN_ARENA_BYTES, (live + length) * 2));
    if (this.dead === 0) {
      this.data.copy(next, 0, 0, this.used);
      this.data = next;
      return;
    }
    const cells = this.cells;
    const end = 3 * this.count;
    let pos = 0;
    for (let c = 0; c < end; c += 3) {
      const offset = cells[c + 1]!;
      const bytes = cells[c + 2]!;
      this.data.copy(next, pos, offset, offset + bytes);
      cells[c + 1] = pos;
      pos += bytes;
    }
    this.data = next;
    this.used = pos;
    this.dead = 0;
  }
}
