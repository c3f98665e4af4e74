/**
 * Sliding-window aggregation (Kafka's KStreamSlidingWindowAggregate, reverse-iterator variant,
 * which is what Kafka runs on its window stores). Windows are [start, start + timeDifference],
 * both bounds inclusive; each record creates its left window [t − d, t], the right window
 * [t + 1, t + 1 + d] when later records fall in it, and the previous record's right window when
 * needed, so each distinct set of records appears in exactly one window. Records earlier than d
 * are collected in the [0, d] window (processEarly). A record is dropped as late when
 * t + d < observedStreamTime − grace; null keys or values are dropped.
 */
import type { StreamRecord } from '../processor/api.js';
import type { Aggregator, Initializer } from '../dsl/functions.js';
import type { EmitStrategy } from '../dsl/options.js';
import type { ValueAndTimestamp } from '../stores/key-value-store.js';
import type { SlidingWindows } from '../windows/windows.js';
import type { Window } from '../windows/windowed.js';
import { WindowAggregateProcessor, WindowedAggregateSupplier } from './window-aggregate.js';

const NO_TIMESTAMP = -1;

export class SlidingWindowAggregateSupplier<K, V, A> extends WindowedAggregateSupplier<K, A> {
  constructor(
    storeName: string,
    emitStrategy: EmitStrategy,
    readonly windows: SlidingWindows,
    readonly initializer: Initializer<A>,
    readonly aggregator: Aggregator<K, V, A>,
  ) {
    super(storeName, emitStrategy);
  }

  get(): WindowAggregateProcessor<K, A> {
    return new SlidingWindowAggregateProcessor<K, V, A>(this);
  }
}

type Agg<A> = ValueAndTimestamp<A>;

class SlidingWindowAggregateProcessor<K, V, A> extends WindowAggregateProcessor<K, A> {
  private readonly d: number;

  constructor(private readonly spec: SlidingWindowAggregateSupplier<K, V, A>) {
    super(spec);
    this.d = spec.windows.timeDifferenceMs;
  }

  process(record: StreamRecord<unknown, unknown>): void {
    if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) {
      this.ctx.recordDropped(record.key == null ? 'null-key' : 'null-value');
      return;
    }
    const ts = record.timestamp;
    this.observedStreamTime = Math.max(this.observedStreamTime, ts);
    const closeTime = this.observedStreamTime - this.spec.windows.gracePeriodMs();
    // Closed windows go out before this record's puts, which may expire them from the store.
    this.maybeForwardFinalResult(record, closeTime);
    if (ts + this.d < closeTime) {
      this.ctx.recordDropped('late');
      return;
    }
    if (ts < this.d) this.processEarly(record, closeTime);
    else this.processReverse(record, closeTime);
  }

  private processReverse(record: StreamRecord<unknown, unknown>, closeTime: number): void {
    const key = record.key as K;
    const ts = record.timestamp;
    const starts = new Set<number>();
    let leftWinAgg: Agg<A> | null = null;
    let rightWinAgg: Agg<A> | null = null;
    let leftWinAlreadyCreated = false;
    let rightWinAlreadyCreated = false;
    let previousRecordTimestamp: number | null = null;
    for (const entry of this.store.backwardFetch(key, Math.max(0, ts - 2 * this.d), ts + 1)) {
      const start = entry.timestamp;
      starts.add(start);
      const end = start + this.d;
      const windowMax = entry.value.timestamp;
      if (start === ts + 1) {
        rightWinAlreadyCreated = true;
      } else if (end > ts) {
        if (rightWinAgg === null) rightWinAgg = entry.value;
        this.updateWindowAndForward({ start, end }, entry.value, record, closeTime);
      } else if (end === ts) {
        leftWinAlreadyCreated = true;
        this.updateWindowAndForward({ start, end }, entry.value, record, closeTime);
        if (windowMax < ts) previousRecordTimestamp = windowMax;
        else return;
      } else {
        leftWinAgg = entry.value;
        previousRecordTimestamp = windowMax;
        break;
      }
    }
    this.createWindows(record, closeTime, starts, rightWinAgg, leftWinAgg, leftWinAlreadyCreated, rightWinAlreadyCreated, previousRecordTimestamp);
  }

  private processEarly(record: StreamRecord<unknown, unknown>, closeTime: number): void {
    const key = record.key as K;
    const ts = record.timestamp;
    let combined: { window: Window; value: Agg<A> } | null = null;
    let rightWinAgg: Agg<A> | null = null;
    let rightWinAlreadyCreated = false;
    const starts = new Set<number>();
    let previousRecordTimestamp: number | null = null;
    for (const entry of this.store.fetch(key, 0, ts + 1)) {
      const start = entry.timestamp;
      starts.add(start);
      const windowMax = entry.value.timestamp;
      if (start === 0) {
        combined = { window: { start: 0, end: this.d }, value: entry.value };
        if (windowMax < ts) previousRecordTimestamp = windowMax;
      } else if (start <= ts) {
        rightWinAgg = entry.value;
        this.updateWindowAndForward({ start, end: start + this.d }, entry.value, record, closeTime);
      } else if (start === ts + 1) {
        rightWinAlreadyCreated = true;
      } else {
        throw new Error(`Unexpected window with start ${start} found when processing record at ${ts} in sliding windows`);
      }
    }
    if (rightWinAgg === null && combined !== null && combined.value.timestamp > ts) rightWinAgg = combined.value;
    if (!rightWinAlreadyCreated && rightWinAgg !== null && rightWinAgg.timestamp > ts) this.createCurrentRecordRightWindow(ts, rightWinAgg, record);
    if (previousRecordTimestamp !== null && !starts.has(previousRecordTimestamp + 1)) {
      this.createPreviousRecordRightWindow(previousRecordTimestamp + 1, record, closeTime);
    }
    if (combined === null) {
      this.updateWindowAndForward({ start: 0, end: this.d }, { value: this.spec.initializer(), timestamp: ts }, record, closeTime);
    } else {
      this.updateWindowAndForward(combined.window, combined.value, record, closeTime);
    }
    // Kafka does not emit final results after an early record.
  }

  private createWindows(
    record: StreamRecord<unknown, unknown>,
    closeTime: number,
    starts: Set<number>,
    rightWinAgg: Agg<A> | null,
    leftWinAgg: Agg<A> | null,
    leftWinAlreadyCreated: boolean,
    rightWinAlreadyCreated: boolean,
    previousRecordTimestamp: number | null,
  ): void {
    const ts = record.timestamp;
    if (previousRecordTimestamp !== null) {
      const previousRightStart = previousRecordTimestamp + 1;
      if (!starts.has(previousRightStart) && previousRightStart + this.d >= ts) this.createPreviousRecordRightWindow(previousRightStart, record, closeTime);
    }
    if (!leftWinAlreadyCreated) {
      const leftNotEmpty = previousRecordTimestamp !== null && ts - this.d <= previousRecordTimestamp;
      const value: Agg<A> = leftNotEmpty && leftWinAgg !== null ? { value: leftWinAgg.value, timestamp: ts } : { value: this.spec.initializer(), timestamp: ts };
      this.updateWindowAndForward({ start: ts - this.d, end: ts }, value, record, closeTime);
    }
    if (!rightWinAlreadyCreated && rightWinAgg !== null && rightWinAgg.timestamp > ts) this.createCurrentRecordRightWindow(ts, rightWinAgg, record);
  }

  private createCurrentRecordRightWindow(ts: number, rightWinAgg: Agg<A>, record: StreamRecord<unknown, unknown>): void {
    const window = { start: ts + 1, end: ts + 1 + this.d };
    this.store.put(record.key as K, rightWinAgg, window.start);
    this.maybeForwardUpdate(record, window, null, rightWinAgg.value, rightWinAgg.timestamp);
  }

  private createPreviousRecordRightWindow(start: number, record: StreamRecord<unknown, unknown>, closeTime: number): void {
    this.updateWindowAndForward({ start, end: start + this.d }, { value: this.spec.initializer(), timestamp: record.timestamp }, record, closeTime);
  }

  /** Adds the record to a window (created ones start as the initializer's value at the record's time). */
  private updateWindowAndForward(window: Window, current: Agg<A>, record: StreamRecord<unknown, unknown>, closeTime: number): void {
    if (window.end < closeTime) {
      this.ctx.recordDropped('late');
      return;
    }
    const oldAgg = current.value;
    const newAgg = this.spec.aggregator(record.key as K, record.value as V, oldAgg);
    const newTimestamp = Math.max(record.timestamp, current.timestamp);
    this.store.put(record.key as K, { value: newAgg, timestamp: newTimestamp }, window.start);
    this.maybeForwardUpdate(record, window, oldAgg, newAgg, newTimestamp);
  }

  protected emitRangeLowerBound(): number {
    return this.lastEmitWindowCloseTime === NO_TIMESTAMP ? 0 : Math.max(0, this.lastEmitWindowCloseTime - this.d);
  }

  protected emitRangeUpperBound(windowCloseTime: number): number {
    return windowCloseTime - this.d - 1;
  }

  protected shouldRangeFetch(): boolean {
    return true;
  }

  protected windowEnd(start: number): number {
    return start + this.d;
  }
}
