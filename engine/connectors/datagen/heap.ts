/**
 * A small binary min-heap ordered by (dueMs, seq), for events a generator schedules for later
 * (payments after orders, users waking from idle). Ties break by insertion order so the output of
 * a generator never depends on heap internals.
 */

export interface Scheduled<T> {
  dueMs: number;
  seq: number;
  item: T;
}

export class DueQueue<T> {
  private readonly heap: Scheduled<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(dueMs: number, item: T): void {
    this.heap.push({ dueMs, seq: this.seq++, item });
    this.up(this.heap.length - 1);
  }

  /** The earliest entry, without removing it. */
  peek(): Scheduled<T> | undefined {
    return this.heap[0];
  }

  /** Remove and return the earliest entry if it is due at or before `nowMs`. */
  popDue(nowMs: number): T | undefined {
    const top = this.heap[0];
    if (!top || top.dueMs > nowMs) return undefined;
    const last = this.heap.pop();
    if (last && this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return top.item;
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    if (!x || !y) return false;
    return x.dueMs < y.dueMs || (x.dueMs === y.dueMs && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const x = this.heap[a];
    const y = this.heap[b];
    if (!x || !y) return;
    this.heap[a] = y;
    this.heap[b] = x;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
