/**
 * The indexes of the in-memory window store, on key bytes and window starts only (no serdes):
 *
 * - per key, its entries as two parallel arrays ascending by window start (values of one start
 *   in insertion order when the store retains duplicates), so a key's fetch over a time range is a
 *   binary search plus the entries returned — not a probe of every live window start (a
 *   stream-stream join store has one start per record timestamp) — and a put of the newest window
 *   is an append;
 * - per window start, the keys with an entry there (sorted lazily, on the first ordered read after
 *   a change), for scans by time and for expiry;
 * - the ascending live starts, where expiry takes from the front in O(expired).
 *
 * Keys are latin1 strings of the key bytes (string order = unsigned byte order).
 */
import { lowerBound } from './bytes.js';

interface KeyEntries {
  readonly key: Buffer;
  /** Ascending window starts; equal starts are adjacent (duplicates), oldest first. */
  starts: number[];
  values: Buffer[];
}

interface Segment {
  readonly keys: string[];
  sorted: boolean;
}

/** Ascending numbers with cheap appends and removal from the front. */
class StartList {
  private items: number[] = [];
  private head = 0;

  add(value: number): void {
    const items = this.items;
    if (items.length === this.head || items[items.length - 1]! < value) {
      items.push(value);
      return;
    }
    const i = lowerBound(items, value, this.head);
    if (items[i] !== value) items.splice(i, 0, value);
  }

  delete(value: number): void {
    const i = lowerBound(this.items, value, this.head);
    if (this.items[i] === value) this.items.splice(i, 1);
  }

  /** Removes every start < bound, calling `visit` for each, oldest first. */
  deleteBelow(bound: number, visit: (start: number) => void): void {
    const items = this.items;
    while (this.head < items.length && items[this.head]! < bound) visit(items[this.head++]!);
    if (this.head === items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > items.length) {
      this.items = items.slice(this.head);
      this.head = 0;
    }
  }

  /** Calls `visit` for each start with from <= start <= to, ascending. */
  forRange(from: number, to: number, visit: (start: number) => void): void {
    const items = this.items;
    for (let i = lowerBound(items, from, this.head); i < items.length && items[i]! <= to; i++) visit(items[i]!);
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

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

export class WindowIndex {
  private readonly entries = new Map<string, KeyEntries>();
  private readonly segments = new Map<number, Segment>();
  private readonly starts = new StartList();

  /** The newest value of key at start. */
  get(keyString: string, start: number): Buffer | undefined {
    const e = this.entries.get(keyString);
    if (e === undefined) return undefined;
    const starts = e.starts;
    const last = starts.length - 1;
    // The newest window is the usual one: check the end before searching.
    if (starts[last] === start) return e.values[last];
    const i = upperBound(starts, start) - 1;
    return i >= 0 && starts[i] === start ? e.values[i] : undefined;
  }

  /** Sets (or, with `append`, adds to) the entry of key at start. `key` is copied when new. */
  put(key: Buffer, keyString: string, start: number, value: Buffer, append: boolean): void {
    let e = this.entries.get(keyString);
    if (e === undefined) this.entries.set(keyString, (e = { key: Buffer.from(key), starts: [], values: [] }));
    const starts = e.starts;
    const n = starts.length;
    const newest = n === 0 ? undefined : starts[n - 1]!;
    if (newest === undefined || newest < start) {
      starts.push(start);
      e.values.push(value);
      this.addToSegment(keyString, start);
      return;
    }
    const at = upperBound(starts, start);
    const present = at > 0 && starts[at - 1] === start;
    if (present && !append) {
      e.values[at - 1] = value;
      return;
    }
    starts.splice(at, 0, start);
    e.values.splice(at, 0, value);
    if (!present) this.addToSegment(keyString, start);
  }

  /** Removes every entry of key at start. */
  delete(keyString: string, start: number): void {
    const e = this.entries.get(keyString);
    if (e === undefined) return;
    const from = lowerBound(e.starts, start);
    const to = upperBound(e.starts, start, from);
    if (from === to) return;
    e.starts.splice(from, to - from);
    e.values.splice(from, to - from);
    if (e.starts.length === 0) this.entries.delete(keyString);
    const segment = this.segments.get(start);
    if (segment === undefined) return;
    const i = segment.keys.indexOf(keyString);
    if (i >= 0) segment.keys.splice(i, 1);
    if (segment.keys.length === 0) {
      this.segments.delete(start);
      this.starts.delete(start);
    }
  }

  /** Drops every window starting before `bound`. */
  expireBelow(bound: number): void {
    this.starts.deleteBelow(bound, (start) => {
      const segment = this.segments.get(start);
      this.segments.delete(start);
      if (segment === undefined) return;
      for (const keyString of segment.keys) {
        const e = this.entries.get(keyString);
        if (e === undefined) continue;
        // Every start below the bound goes in this pass, so the key's expired entries lead its arrays.
        const n = lowerBound(e.starts, bound);
        if (n === e.starts.length) {
          this.entries.delete(keyString);
        } else if (n > 0) {
          e.starts.splice(0, n);
          e.values.splice(0, n);
        }
      }
    });
  }

  /** The entries of one key with from <= start <= to, ascending by start, then insertion. */
  forKey(keyString: string, from: number, to: number, visit: (start: number, value: Buffer) => void): void {
    const e = this.entries.get(keyString);
    if (e === undefined) return;
    const starts = e.starts;
    for (let i = lowerBound(starts, from); i < starts.length && starts[i]! <= to; i++) visit(starts[i]!, e.values[i]!);
  }

  /** Every entry with from <= start <= to, by start, then key bytes, then insertion. */
  forRange(from: number, to: number, visit: (start: number, key: Buffer, value: Buffer) => void): void {
    this.starts.forRange(from, to, (start) => {
      const segment = this.segments.get(start);
      if (segment === undefined) return;
      if (!segment.sorted) {
        segment.keys.sort();
        segment.sorted = true;
      }
      for (const keyString of segment.keys) {
        const e = this.entries.get(keyString);
        if (e === undefined) continue;
        const starts = e.starts;
        for (let i = lowerBound(starts, start); i < starts.length && starts[i] === start; i++) visit(start, e.key, e.values[i]!);
      }
    });
  }

  clear(): void {
    this.entries.clear();
    this.segments.clear();
    this.starts.clear();
  }

  private addToSegment(keyString: string, start: number): void {
    const segment = this.segments.get(start);
    if (segment === undefined) {
      this.segments.set(start, { keys: [keyString], sorted: true });
      this.starts.add(start);
      return;
    }
    const keys = segment.keys;
    if (segment.sorted && keys.length > 0 && keys[keys.length - 1]! > keyString) segment.sorted = false;
    keys.push(keyString);
  }
}
