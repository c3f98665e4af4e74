/**
 * A bounded ring of the most recent items (the record inspector keeps the last few thousand tapped
 * records in one, outside React state). Pushing past the capacity overwrites the oldest items.
 *
 * Invariants: `size <= capacity`; `at(0)` is the oldest kept item and `at(size - 1)` the newest;
 * `pushed` counts every item ever pushed (kept or evicted) and `version` changes on every mutation,
 * so a view can tell cheaply whether it must re-read.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;
  private pushedTotal = 0;
  private mutations = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Every item ever pushed, including the evicted ones. */
  get pushed(): number {
    return this.pushedTotal;
  }

  get version(): number {
    return this.mutations;
  }

  push(item: T): void {
    const end = (this.start + this.count) % this.capacity;
    this.items[end] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    this.pushedTotal++;
    this.mutations++;
  }

  pushAll(items: readonly T[]): void {
    // Only the last `capacity` items can survive; skip the rest without touching the slots.
    const skip = Math.max(0, items.length - this.capacity);
    for (let i = skip; i < items.length; i++) this.push(items[i] as T);
    this.pushedTotal += skip;
    if (skip > 0) this.mutations++;
  }

  /** The item at `index` counted from the oldest (0) to the newest (size - 1). */
  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    return this.items[(this.start + index) % this.capacity];
  }

  /** The kept items, newest first (the order the record tables show). */
  newestFirst(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + this.count - 1 - i) % this.capacity] as T;
    return out;
  }

  /** The kept items, oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.mutations++;
  }
}
