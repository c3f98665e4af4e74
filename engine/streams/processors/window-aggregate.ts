/**
 * Time-window aggregation (Kafka's KStreamWindowAggregate and the shared
 * AbstractKStreamTimeWindowAggregateProcessor), and the emit-strategy machinery sliding windows
 * reuse.
 *
 * - A record updates every window containing it whose end > observedStreamTime − grace; for every
 *   other one it is dropped as late (one late drop per expired window). Null keys are dropped.
 * - onWindowUpdate forwards Change(newAgg, oldAgg-if-asked) at the aggregate's timestamp (the
 *   max input timestamp of the window). Kafka quirk kept: the "old" value of a new window is the
 *   initializer's value.
 * - onWindowClose forwards nothing on update; whenever the window close time (stream time − grace)
 *   advances it emits every window that closed since the last emission, by window start then key,
 *   with the current record's headers. (Kafka throttles this by wall clock, default 1 s; Sluice
 *   emits on every advance, as Kafka's tests configure.)
 */
import type { ProcessorContext, StreamRecord } from '../processor/api.js';
import { change } from '../processor/change.js';
import type { Aggregator, Initializer } from '../dsl/functions.js';
import type { EmitStrategy } from '../dsl/options.js';
import type { ValueAndTimestamp } from '../stores/key-value-store.js';
import type { WindowStore } from '../stores/window-store.js';
import type { TimeWindows } from '../windows/windows.js';
import { windowed, type Window, type Windowed } from '../windows/windowed.js';
import type { TableProcessorSupplier, ValueGetterSupplier } from './table-supplier.js';

export type Ctx = ProcessorContext<unknown, unknown>;
export type TsWindowStore<K, A> = WindowStore<K, ValueAndTimestamp<A>> & { name: string };
const NO_TIMESTAMP = -1;

/** The processor metadata key of an emit-on-close aggregation's last emit time. */
export const lastEmitKey = (storeName: string): string => `${storeName}.lastEmitWindowCloseTime`;

/** Supplier base for windowed aggregations: old values on demand; view = the window store. */
export abstract class WindowedAggregateSupplier<K, A> implements TableProcessorSupplier<Windowed<K>, A> {
  sendOldValues = false;

  constructor(
    readonly storeName: string,
    readonly emitStrategy: EmitStrategy,
  ) {}

  enableSendingOldValues(): boolean {
    this.sendOldValues = true;
    return true;
  }

  view(): ValueGetterSupplier<Windowed<K>, A> {
    const storeName = this.storeName;
    return {
      storeNames: [storeName],
      get() {
        let store: TsWindowStore<K, A> | undefined;
        return {
          init: (ctx) => void (store = ctx.getStateStore<TsWindowStore<K, A>>(storeName)),
          get: (key) => store?.fetch(key.key, key.window.start) ?? null,
        };
      },
    };
  }

  abstract get(): WindowAggregateProcessor<K, A>;
}

export abstract class WindowAggregateProcessor<K, A> {
  protected ctx!: Ctx;
  protected store!: TsWindowStore<K, A>;
  protected observedStreamTime = NO_TIMESTAMP;
  protected lastEmitWindowCloseTime = NO_TIMESTAMP;

  constructor(protected readonly supplier: WindowedAggregateSupplier<K, A>) {}

  init(ctx: Ctx): void {
    this.ctx = ctx;
    this.store = ctx.getStateStore<TsWindowStore<K, A>>(this.supplier.storeName);
    // Kafka (3.3+) keeps the last emit time in the task's committed metadata: a restarted task
    // does not emit again the final results it emitted before.
    this.lastEmitWindowCloseTime = ctx.processorMetadata?.get(lastEmitKey(this.supplier.storeName)) ?? NO_TIMESTAMP;
  }

  abstract process(record: StreamRecord<unknown, unknown>): void;

  /** Inclusive bounds on window start of the windows to emit; may be negative (nothing closed). */
  protected abstract emitRangeLowerBound(windowCloseTime: number): number;
  protected abstract emitRangeUpperBound(windowCloseTime: number): number;
  protected abstract shouldRangeFetch(lower: number, upper: number): boolean;
  /** Window end for a window start, as the windowed key shows it. */
  protected abstract windowEnd(start: number): number;

  protected maybeForwardUpdate(record: StreamRecord<unknown, unknown>, window: Window, oldAgg: A | null, newAgg: A, timestamp: number): void {
    this.forwardUpdate(record, window.start, window.end, oldAgg, newAgg, timestamp);
  }

  protected forwardUpdate(record: StreamRecord<unknown, unknown>, start: number, end: number, oldAgg: A | null, newAgg: A, timestamp: number): void {
    if (this.supplier.emitStrategy === 'onWindowClose') return;
    const key: Windowed<K> = windowed(record.key as K, start, end);
    this.ctx.forward({ key, value: change(newAgg, this.supplier.sendOldValues ? oldAgg : null), timestamp, headers: record.headers });
  }

  protected maybeForwardFinalResult(record: StreamRecord<unknown, unknown>, windowCloseTime: number): void {
    if (this.supplier.emitStrategy !== 'onWindowClose') return;
    if (this.lastEmitWindowCloseTime !== NO_TIMESTAMP && this.lastEmitWindowCloseTime >= windowCloseTime) return;
    const upper = this.emitRangeUpperBound(windowCloseTime);
    if (upper < 0) return;
    const lower = this.emitRangeLowerBound(windowCloseTime);
    if (!this.shouldRangeFetch(lower, upper)) return;
    for (const kv of this.store.fetchAll(lower, upper)) {
      const key = windowed(kv.key.key, kv.key.window.start, this.windowEnd(kv.key.window.start));
      this.ctx.forward({ key, value: change(kv.value.value, null), timestamp: kv.value.timestamp, headers: record.headers });
    }
    this.lastEmitWindowCloseTime = windowCloseTime;
    this.ctx.processorMetadata?.set(lastEmitKey(this.supplier.storeName), windowCloseTime);
  }
}

export class TimeWindowAggregateSupplier<K, V, A> extends WindowedAggregateSupplier<K, A> {
  constructor(
    storeName: string,
    emitStrategy: EmitStrategy,
    readonly windows: TimeWindows,
    readonly initializer: Initializer<A>,
    readonly aggregator: Aggregator<K, V, A>,
  ) {
    super(storeName, emitStrategy);
  }

  get(): WindowAggregateProcessor<K, A> {
    return new TimeWindowAggregateProcessor<K, V, A>(this);
  }
}

class TimeWindowAggregateProcessor<K, V, A> extends WindowAggregateProcessor<K, A> {
  constructor(private readonly spec: TimeWindowAggregateSupplier<K, V, A>) {
    super(spec);
  }

  process(record: StreamRecord<unknown, unknown>): void {
    if (record.key === null || record.key === undefined) {
      this.ctx.recordDropped('null-key');
      return;
    }
    const key = record.key as K;
    const ts = record.timestamp;
    this.observedStreamTime = Math.max(this.observedStreamTime, ts);
    const windows = this.spec.windows;
    const windowCloseTime = this.observedStreamTime - windows.gracePeriodMs();
    // Closed windows go out before this record's puts, which may expire them from the store.
    this.maybeForwardFinalResult(record, windowCloseTime);
    // The windows of windowsFor(ts), without building them (this runs once per record).
    for (let start = windows.firstWindowStartFor(ts); start <= ts; start += windows.advanceMs) {
      const end = start + windows.sizeMs;
      if (end > windowCloseTime) {
        const old = this.store.fetch(key, start);
        const oldAgg = old === null ? this.spec.initializer() : old.value;
        const newTimestamp = old === null ? ts : Math.max(ts, old.timestamp);
        const newAgg = this.spec.aggregator(key, record.value as V, oldAgg);
        this.store.put(key, { value: newAgg, timestamp: newTimestamp }, start);
        this.forwardUpdate(record, start, end, oldAgg, newAgg, newTimestamp);
      } else {
        this.ctx.recordDropped('late');
      }
    }
  }

  protected emitRangeLowerBound(): number {
    return this.lastEmitWindowCloseTime === NO_TIMESTAMP ? 0 : Math.max(0, this.lastEmitWindowCloseTime - this.spec.windows.size()) + 1;
  }

  protected emitRangeUpperBound(windowCloseTime: number): number {
    return windowCloseTime - this.spec.windows.size();
  }

  protected shouldRangeFetch(lower: number, upper: number): boolean {
    if (this.lastEmitWindowCloseTime === NO_TIMESTAMP) return true;
    const starts = (ts: number) => this.spec.windows.windowsFor(ts).map((w) => w.start).join(',');
    return starts(upper) !== starts(lower - 1);
  }

  protected windowEnd(start: number): number {
    return start + this.spec.windows.size();
  }
}
