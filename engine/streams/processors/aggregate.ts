/**
 * Non-windowed aggregations into a timestamped key-value store (Kafka's KStreamAggregate,
 * KStreamReduce, KTableAggregate, KTableReduce). Output is a KTable Change whose timestamp is
 * the max of the input timestamps that built the aggregate.
 *
 * Streams: records with a null key or value are skipped (dropped-records metric). Tables: each
 * change subtracts its old value first, then adds its new value; a tombstone only subtracts.
 */
import type { ProcessorContext, StreamRecord } from '../processor/api.js';
import type { Change } from '../processor/change.js';
import type { Aggregator, Initializer, Reducer } from '../dsl/functions.js';
import { forwardChange, storeGetter, valueOrNull, type TableProcessorSupplier, type TimestampedStore, type ValueGetterSupplier } from './table-supplier.js';

type Ctx = ProcessorContext<unknown, unknown>;

/** Base of the KStreamAggProcessorSupplier family: old values on demand, view = own store. */
export abstract class AggregateSupplier<K, A> implements TableProcessorSupplier<K, A> {
  sendOldValues = false;

  constructor(readonly storeName: string) {}

  enableSendingOldValues(): boolean {
    this.sendOldValues = true;
    return true;
  }

  view(): ValueGetterSupplier<K, A> {
    return storeGetter(this.storeName);
  }

  /** Computes the new aggregate and its timestamp; null result skips the record. */
  protected abstract update(ctx: Ctx, r: StreamRecord<unknown, unknown>, old: { value: A; timestamp: number } | null): { agg: A | null; timestamp: number } | null;

  get() {
    let ctx: Ctx;
    let store: TimestampedStore<K, A>;
    return {
      init: (c: Ctx) => {
        ctx = c;
        store = c.getStateStore<TimestampedStore<K, A>>(this.storeName);
      },
      process: (r: StreamRecord<unknown, unknown>) => {
        // A null key is not looked up (stores refuse it): update() skips or refuses the record.
        const old = r.key === null || r.key === undefined ? null : store.get(r.key as K);
        const next = this.update(ctx, r, old);
        if (next === null) return;
        forwardChange(ctx, { ...r, timestamp: next.timestamp }, store, next.agg, valueOrNull(old), this.sendOldValues);
      },
    };
  }
}

function skipNulls(ctx: Ctx, r: StreamRecord<unknown, unknown>): boolean {
  if (r.key === null || r.key === undefined) {
    ctx.recordDropped('null-key');
    return true;
  }
  if (r.value === null || r.value === undefined) {
    ctx.recordDropped('null-value');
    return true;
  }
  return false;
}

export class StreamAggregateSupplier<K, V, A> extends AggregateSupplier<K, A> {
  constructor(
    storeName: string,
    private readonly initializer: Initializer<A>,
    private readonly aggregator: Aggregator<K, V, A>,
  ) {
    super(storeName);
  }

  protected update(ctx: Ctx, r: StreamRecord<unknown, unknown>, old: { value: A; timestamp: number } | null) {
    if (skipNulls(ctx, r)) return null;
    const base = old ? old.value : this.initializer();
    const timestamp = old ? Math.max(r.timestamp, old.timestamp) : r.timestamp;
    return { agg: this.aggregator(r.key as K, r.value as V, base), timestamp };
  }
}

export class StreamReduceSupplier<K, V> extends AggregateSupplier<K, V> {
  constructor(
    storeName: string,
    private readonly reducer: Reducer<V>,
  ) {
    super(storeName);
  }

  protected update(ctx: Ctx, r: StreamRecord<unknown, unknown>, old: { value: V; timestamp: number } | null) {
    if (skipNulls(ctx, r)) return null;
    if (!old) return { agg: r.value as V, timestamp: r.timestamp };
    return { agg: this.reducer(old.value, r.value as V), timestamp: Math.max(r.timestamp, old.timestamp) };
  }
}

export class TableAggregateSupplier<K, V, A> extends AggregateSupplier<K, A> {
  constructor(
    storeName: string,
    private readonly initializer: Initializer<A>,
    private readonly adder: Aggregator<K, V, A>,
    private readonly subtractor: Aggregator<K, V, A>,
  ) {
    super(storeName);
  }

  protected update(_ctx: Ctx, r: StreamRecord<unknown, unknown>, old: { value: A; timestamp: number } | null) {
    if (r.key === null || r.key === undefined) throw new Error(`Record key for KTable aggregate operator with state ${this.storeName} should not be null.`);
    const c = r.value as Change<V>;
    const key = r.key as K;
    let timestamp = r.timestamp;
    let intermediate: A | null = old ? old.value : null;
    if (c.oldValue !== null && old) {
      intermediate = this.subtractor(key, c.oldValue, old.value);
      timestamp = Math.max(r.timestamp, old.timestamp);
    }
    if (c.newValue === null) return { agg: intermediate, timestamp };
    const agg = this.adder(key, c.newValue, intermediate === null ? this.initializer() : intermediate);
    if (old) timestamp = Math.max(r.timestamp, old.timestamp);
    return { agg, timestamp };
  }
}

export class TableReduceSupplier<K, V> extends AggregateSupplier<K, V> {
  constructor(
    storeName: string,
    private readonly adder: Reducer<V>,
    private readonly subtractor: Reducer<V>,
  ) {
    super(storeName);
  }

  protected update(_ctx: Ctx, r: StreamRecord<unknown, unknown>, old: { value: V; timestamp: number } | null) {
    if (r.key === null || r.key === undefined) throw new Error(`Record key for KTable reduce operator with state ${this.storeName} should not be null.`);
    const c = r.value as Change<V>;
    let timestamp = r.timestamp;
    let intermediate: V | null = old ? old.value : null;
    if (c.oldValue !== null && old) {
      intermediate = this.subtractor(old.value, c.oldValue);
      timestamp = Math.max(r.timestamp, old.timestamp);
    }
    if (c.newValue === null) return { agg: intermediate, timestamp };
    if (intermediate === null) return { agg: c.newValue, timestamp };
    return { agg: this.adder(intermediate, c.newValue), timestamp: Math.max(r.timestamp, old?.timestamp ?? r.timestamp) };
  }
}
