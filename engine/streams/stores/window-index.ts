/**
 * The indexes of the in-memory window store, on key bytes and window starts only (no serdes):
 *
 * - per key, its entries ascending by window start (values of one start in insertion order when
 *   the store retains duplicates; their bytes in one arena per key, see window-entries.ts), so a key's fetch over a time range is a
 *   binary search plus the entries returned — not a probe of every live window start (a
 *   stream-stream join store has one start per record timestamp) — and a put of the newest window
 *   is an append;
 * - the (window start, key) pairs with an entry, ascending by start, for scans by time and for
 *   expiry, which takes from the front in O(expired). A pair holds the key's entries themselves
 *   (which know their key), so expiry reaches them without a lookup by key. Keys of one start are
 *   sorted when scanned.
 *
 * Invariant: a key is in `entries` exactly while it has an entry, and its entries object is in the
 * pairs once per distinct start it has; emptied entries leave `entries` (and may be reused for
 * another key) only once none of their pairs remain, except during an expiry pass, which skips
 * the pairs of entries it has just emptied.
 *
 * Keys are latin1 strings of the key bytes (string order = unsigned byte order); the key bytes are
 * rebuilt from them when a scan needs them.
 */
import { lowerBound } from './bytes.js';
import { WindowEntries } from './window-entries.js';

/** Index of the first element > value. */
function upperBound(sorted: readonly number[], value: number, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Orders entries by key bytes (their latin1 key strings). */
const byKey = (a: WindowEntries, b: WindowEntries): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** (start, key's entries) pairs ascending by start (insertion order within a start), consumed from the front. */
class StartIndex {
  private starts: number[] = [];
  private keys: WindowEntries[] = [];
  private head = 0;

  add(start: number, key: WindowEntries): void {
    const starts = this.starts;
    if (starts.length === this.head || starts[starts.length - 1]! <= start) {
      starts.push(start);
      this.keys.push(key);
      return;
    }
    const i = upperBound(starts, start, this.head);
    starts.splice(i, 0, start);
    this.keys.splice(i, 0, key);
  }

  remove(start: number, key: WindowEntries): void {
    const starts = this.starts;
    for (let i = lowerBound(starts, start, this.head); i < starts.length && starts[i] === start; i++) {
      if (this.keys[i] !== key) continue;
      starts.splice(i, 1);
      this.keys.splice(i, 1);
      return;
    }
  }

  /** Whether some pair has start < bound (checked on every put, so it allocates nothing). */
  hasBelow(bound: number): boolean {
    return this.head < this.starts.length && this.starts[this.head]! < bound;
  }

  /** Removes every pair with start < bound, calling `visit` with each key's entries, oldest first. */
  deleteBelow(bound: number, visit: (key: WindowEntries) => void): void {
    const starts = this.starts;
    while (this.head < starts.length && starts[this.head]! < bound) visit(this.keys[this.head++]!);
    if (this.head === starts.length) {
      this.clear();
    } else if (this.head > 1024 && this.head * 2 > starts.length) {
      // slice, not copyWithin: on a plain array V8's copyWithin goes element by element, some 20
      // times slower than slice's block copy.
      this.starts = starts.slice(this.head);
      this.keys = this.keys.slice(this.head);
      this.head = 0;
    }
  }

  /** Calls `visit` per start with from <= start <= to, ascending, with its keys in byte order. */
  forRange(from: number, to: number, visit: (start: number, keys: WindowEntries[]) => void): void {
    const starts = this.starts;
    let i = lowerBound(starts, from, this.head);
    while (i < starts.length && starts[i]! <= to) {
      const start = starts[i]!;
      const end = upperBound(starts, start, i);
      visit(start, this.keys.slice(i, end).sort(byKey));
      i = end;
    }
  }

  clear(): void {
    this.starts = [];
    this.keys = [];
    this.head = 0;
  }
}

const MAX_SPARE_ENTRIES = 4096;

export class WindowIndex {
  private readonly entries = new Map<string, WindowEntries>();
  private readonly pairs = new StartIndex();
  // Entries of keys that emptied, reused for new keys: in a store whose keys come and go (a
  // join window), they would otherwise be garbage that lived long enough to be expensive.
  private readonly spare: WindowEntries[] = [];
  // The key looked up last and its entries (an aggregation gets, then puts, the same key).
  private lastKey: string | undefined;
  private lastEntries: WindowEntries | undefined;

  private entriesOf(keyString: string): WindowEntries | undefined {
    if (keyString === this.lastKey) return this.lastEntries;
    const e = this.entries.get(keyString);
    this.lastKey = keyString;
    this.lastEntries = e;
    return e;
  }

  /** Drops a key whose entries are all gone, keeping its (long-lived) arrays for a new key. */
  private release(keyString: string, e: WindowEntries): void {
    this.entries.delete(keyString);
    if (this.spare.length < MAX_SPARE_ENTRIES) {
      e.reset();
      this.spare.push(e);
    }
  }

  private forget(): void {
    this.lastKey = undefined;
    this.lastEntries = undefined;
  }

  /** The newest value of key at start: a view valid until the next write to this key. */
  get(keyString: string, start: number): Buffer | undefined {
    const e = this.entriesOf(keyString);
    if (e === undefined) return undefined;
    // The newest window is the usual one, or one newer still (a new window): no search then.
    const last = e.lastStart;
    if (start > last) return undefined;
    if (start === last) return e.value(e.size - 1);
    const i = e.upperBound(start) - 1;
    return i >= 0 && e.startAt(i) === start ? e.value(i) : undefined;
  }

  /** Sets (or, with `append`, adds to) the entry of key at start; `value`'s bytes are copied. */
  put(keyString: string, start: number, value: Buffer, append: boolean): void {
    let e = this.entriesOf(keyString);
    if (e === undefined) {
      this.entries.set(keyString, (e = this.spare.pop() ?? new WindowEntries(value.length)));
      e.key = keyString;
      this.lastEntries = e;
    }
    if (start > e.lastStart) {
      e.push(start, value);
      this.pairs.add(start, e);
      return;
    }
    const at = e.upperBound(start);
    const present = at > 0 && e.startAt(at - 1) === start;
    if (present && !append) {
      e.replace(at - 1, value);
      return;
    }
    e.insert(at, start, value);
    if (!present) this.pairs.add(start, e);
  }

  /** Removes every entry of key at start. */
  delete(keyString: string, start: number): void {
    this.forget();
    const e = this.entries.get(keyString);
    if (e === undefined) return;
    const from = e.lowerBound(start);
    const to = e.upperBound(start, from);
    if (from === to) return;
    e.remove(from, to);
    if (e.size === 0) this.release(keyString, e);
    this.pairs.remove(start, e);
  }

  /** Drops every window starting before `bound`. */
  expireBelow(bound: number): void {
    if (!this.pairs.hasBelow(bound)) return;
    this.forget();
    this.pairs.deleteBelow(bound, (e) => {
      // Emptied (released) earlier in this pass: a key with several expired starts.
      if (e.size === 0) return;
      // Every start below the bound goes in this pass, so the key's expired entries lead its arrays.
      const n = e.lowerBound(bound);
      if (n === e.size) {
        this.release(e.key, e);
      } else if (n > 0) {
        e.remove(0, n);
      }
    });
  }

  /** The entries of one key with from <= start <= to, ascending by start, then insertion. */
  forKey(keyString: string, from: number, to: number, visit: (start: number, value: Buffer) => void): void {
    const e = this.entriesOf(keyString);
    if (e === undefined || from > e.lastStart) return;
    const size = e.size;
    for (let i = e.lowerBound(from); i < size; i++) {
      const start = e.startAt(i);
      if (start > to) break;
      visit(start, e.value(i));
    }
  }

  /** Every entry with from <= start <= to, by start, then key bytes, then insertion. */
  forRange(from: number, to: number, visit: (start: number, key: Buffer, value: Buffer) => void): void {
    this.pairs.forRange(from, to, (start, keys) => {
      for (const e of keys) {
        const key = Buffer.from(e.key, 'latin1');
        const size = e.size;
        for (let i = e.lowerBound(start); i < size && e.startAt(i) === start; i++) visit(start, key, e.value(i));
      }
    });
  }

  clear(): void {
    this.forget();
    this.entries.clear();
    this.pairs.clear();
    this.spare.length = 0;
  }
}
