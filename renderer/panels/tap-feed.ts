/**
 * TapFeed: what the record inspector knows about one tap, outside React. Batches go into a bounded
 * ring; while paused they go into a second ring instead and are only counted, so the table stands
 * still; resuming moves them over. Counters are the engine's (records/s, bytes/s, totals, dropped).
 *
 * Invariants: `rows()` is stable between mutations (the same array until `version` changes), so a
 * render that finds nothing new costs nothing; paused records are never lost beyond the capacity.
 */
import type { RecordDto, TapBatch, TapCounters } from '../../engine/api/index.js';
import { RingBuffer } from './ring-buffer.js';

export const DEFAULT_RING_CAPACITY = 5000;

export class TapFeed {
  private readonly shown: RingBuffer<RecordDto>;
  private readonly held: RingBuffer<RecordDto>;
  private pausedNow = false;
  private heldCount = 0;
  private receivedCount = 0;
  private latest: TapCounters | undefined;
  private mutations = 0;
  private cachedRows: RecordDto[] = [];
  private cachedAt = -1;

  constructor(readonly capacity = DEFAULT_RING_CAPACITY) {
    this.shown = new RingBuffer(capacity);
    this.held = new RingBuffer(capacity);
  }

  /** Takes one batch: counters always, records into the table or (paused) the held ring. */
  accept(batch: Pick<TapBatch, 'records' | 'counters'>): void {
    this.latest = batch.counters;
    this.receivedCount += batch.records.length;
    if (this.pausedNow) {
      this.held.pushAll(batch.records);
      this.heldCount += batch.records.length;
    } else {
      this.shown.pushAll(batch.records);
    }
    this.mutations++;
  }

  get paused(): boolean {
    return this.pausedNow;
  }

  /** Records that arrived since pausing (the "paused — N new" figure). */
  get newWhilePaused(): number {
    return this.heldCount;
  }

  /** Records received by the studio (the engine may have seen more: see counters.dropped). */
  get received(): number {
    return this.receivedCount;
  }

  get counters(): TapCounters | undefined {
    return this.latest;
  }

  get version(): number {
    return this.mutations;
  }

  get size(): number {
    return this.shown.size;
  }

  pause(): void {
    if (this.pausedNow) return;
    this.pausedNow = true;
    this.mutations++;
  }

  resume(): void {
    if (!this.pausedNow) return;
    this.pausedNow = false;
    this.shown.pushAll(this.held.toArray());
    this.held.clear();
    this.heldCount = 0;
    this.mutations++;
  }

  /** The table rows, newest first; the same array until the table content changes. */
  rows(): RecordDto[] {
    if (this.cachedAt !== this.shown.version) {
      this.cachedRows = this.shown.newestFirst();
      this.cachedAt = this.shown.version;
    }
    return this.cachedRows;
  }

  /** Forgets records and counters (a new target); keeps the paused state. */
  reset(): void {
    this.shown.clear();
    this.held.clear();
    this.heldCount = 0;
    this.receivedCount = 0;
    this.latest = undefined;
    this.mutations++;
  }
}
