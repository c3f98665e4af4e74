/**
 * The indexes of the in-memory window store, on key bytes and window starts only (no serdes):
 *
 * - per window start, a segment: key → value bytes (or every value, oldest first, when the store
 *   retains duplicates), with the keys sorted lazily (on the first ordered read after a change);
 * - per key, the ascending window starts holding an entry, so fetching one key over a time range
 *   costs a binary search plus the entries returned — not a probe of every live window start (a
 *   stream-stream join store has one start per record timestamp);
 * - the ascending live starts, where expiry takes from the front in O(expired).
 *
 * Keys are latin1 strings of the key bytes (string order = unsigned byte order).
 */
import { lowerBound } from './bytes.js';

export type SlotValue = Buffer | Buffer[];

interface Segment {
  readonly slots: Map<string, SlotValue>;
  /** The keys of `slots` in byte order, or null until the next ordered read. */
  sorted: string[] | null;
}

interface KeyIndex {
  readonly key: Buffer;
  /** Ascending starts with an entry for this key. */
  readonly starts: number[];
}

/** Ascending numbers with cheap appends and removal from the front. */
class StartList {
  private items: number[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

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

export class WindowIndex {
  private readonly segments = new Map<number, Segment>();
  private readonly keys = new Map<string, KeyIndex>();
  private readonly starts = new StartList();

  get(keyString: string, start: number): SlotValue | undefined {
    return this.segments.get(start)?.slots.get(keyString);
  }

  /** Sets (or, with `append`, adds to) the entry of key at start. `key` is copied when new. */
  put(key: Buffer, keyString: string, start: number, value: Buffer, append: boolean): void {
    let segment = this.segments.get(start);
    if (!segment) {
      this.segments.set(start, (segment = { slots: new Map(), sorted: null }));
      this.starts.add(start);
    }
    const existing = segment.slots.get(keyString);
    if (existing === undefined) {
      segment.sorted = null;
      let index = this.keys.get(keyString);
      if (!index) this.keys.set(keyString, (index = { key: Buffer.from(key), starts: [] }));
      insertStart(index.starts, start);
      segment.slots.set(keyString, append ? [value] : value);
    } else if (append) {
      (existing as Buffer[]).push(value);
    } else {
      segment.slots.set(keyString, value);
    }
  }

  delete(keyString: string, start: number): void {
    const segment = this.segments.get(start);
    if (!segment?.slots.delete(keyString)) return;
    segment.sorted = null;
    const index = this.keys.get(keyString);
    if (index) {
      const i = lowerBound(index.starts, start);
      if (index.starts[i] === start) index.starts.splice(i, 1);
      if (index.starts.length === 0) this.keys.delete(keyString);
    }
    if (segment.slots.size === 0) {
      this.segments.delete(start);
      this.starts.delete(start);
    }
  }

  /** Drops every window starting before `bound`. */
  expireBelow(bound: number): void {
    this.starts.deleteBelow(bound, (start) => {
      const segment = this.segments.get(start);
      this.segments.delete(start);
      if (!segment) return;
      for (const keyString of segment.slots.keys()) {
        const index = this.keys.get(keyString);
        if (!index) continue;
        // Every start below the bound goes in this pass, so the key's expired starts lead its list.
        let n = 0;
        while (n < index.starts.length && index.starts[n]! < bound) n++;
        if (n === index.starts.length) this.keys.delete(keyString);
        else if (n > 0) index.starts.splice(0, n);
      }
    });
  }

  /** The entries of one key with from <= start <= to, ascending by start. */
  forKey(keyString: string, from: number, to: number, visit: (start: number, value: SlotValue) => void): void {
    const index = this.keys.get(keyString);
    if (!index) return;
    const starts = index.starts;
    for (let i = lowerBound(starts, from); i < starts.length && starts[i]! <= to; i++) {
      const start = starts[i]!;
      const value = this.segments.get(start)?.slots.get(keyString);
      if (value !== undefined) visit(start, value);
    }
  }

  /** Every entry with from <= start <= to, by start, then key bytes. */
  forRange(from: number, to: number, visit: (start: number, key: Buffer, value: SlotValue) => void): void {
    this.starts.forRange(from, to, (start) => {
      const segment = this.segments.get(start);
      if (!segment) return;
      if (segment.sorted === null) segment.sorted = [...segment.slots.keys()].sort();
      for (const keyString of segment.sorted) {
        const value = segment.slots.get(keyString);
        const index = this.keys.get(keyString);
        if (value !== undefined && index) visit(start, index.key, value);
      }
    });
  }

  clear(): void {
    this.segments.clear();
    this.keys.clear();
    this.starts.clear();
  }
}

function insertStart(starts: number[], start: number): void {
  if (starts.length === 0 || starts[starts.length - 1]! < start) starts.push(start);
  else starts.splice(lowerBound(starts, start), 0, start);
}
