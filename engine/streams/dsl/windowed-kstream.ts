/**
 * Windowed grouped streams (Kafka's TimeWindowedKStream — tumbling, hopping and sliding windows —
 * and SessionWindowedKStream). Aggregations produce a KTable keyed by Windowed<K>, backed by a
 * (timestamped) window store or a session store whose retention is Materialized's retentionMs, which
 * must cover what the processor reads back — size + grace; sliding windows 2 × time difference +
 * grace; sessions gap + grace — or else:
 * - time windows (tumbling, hopping): size + grace, as in Kafka 3.x
 *   (WindowStoreMaterializer#retentionPeriod), so an in-memory store holds only the windows that
 *   can still change. Every window it expires is closed, and was emitted if emitting on close.
 * - sliding windows and sessions: at least one day (SLIDING_AND_SESSION_RETENTION_FLOOR_MS). Their
 *   processors read further back than Kafka's defaults (2 × difference + grace; gap + grace)
 *   keep: a sliding record looks back 2 × difference from its own timestamp, which may be grace
 *   behind stream time, and a session ending exactly gap + grace before stream time can still
 *   merge, yet that retention expires it.
 * emitStrategy('onWindowClose') emits one final result per window after it closes instead of every
 * update.
 */
import { topologyError } from '../errors.js';
import { Serdes, type Serde } from '../serdes/serde.js';
import { sessionWindowedSerde, timeWindowedSerde } from '../serdes/windowed-serdes.js';
import { Stores } from '../stores/stores.js';
import type { StoreBuilder } from '../stores/state-store.js';
import { SessionWindowAggregateSupplier } from '../processors/session-aggregate.js';
import { SlidingWindowAggregateSupplier } from '../processors/sliding-aggregate.js';
import { TimeWindowAggregateSupplier, type WindowedAggregateSupplier } from '../processors/window-aggregate.js';
import type { TableProcessorSupplier } from '../processors/table-supplier.js';
import { type SessionWindows, type SlidingWindows, type TimeWindows } from '../windows/windows.js';
import type { Windowed } from '../windows/windowed.js';
import { buildAggregate, type GroupedSource } from './aggregate-builder.js';
import type { Aggregator, Initializer, Merger, Reducer } from './functions.js';
import { storeNameFor } from './internal-builder.js';
import type { KTable } from './ktable.js';
import type { EmitStrategy, Materialized, Named } from './options.js';

type Options<K, V> = Named & Materialized<K, V>;

const SLIDING_AND_SESSION_RETENTION_FLOOR_MS = 24 * 60 * 60 * 1000;

/**
 * The store's retention: Materialized's, else `defaultMs`; one below `minimumMs` (what the
 * processor reads back, described by `what`) is refused as Kafka's store materializers refuse it.
 */
function retention(name: string, options: Materialized<unknown, unknown>, minimumMs: number, what: string, defaultMs: number): number {
  const retentionMs = options.retentionMs ?? defaultMs;
  if (retentionMs < minimumMs) {
    throw topologyError(`The retention period of the window store ${name} must be no smaller than ${what}. Got retention=[${retentionMs}], ${what}=[${minimumMs}]`);
  }
  return retentionMs;
}

const countAggregator = (_k: unknown, _v: unknown, n: number) => n + 1;

export class TimeWindowedKStream<K, V> {
  private emit: EmitStrategy = 'onWindowUpdate';

  /** @internal */
  constructor(
    private readonly grouped: GroupedSource<K, V>,
    private readonly windows: TimeWindows | SlidingWindows,
  ) {}

  emitStrategy(strategy: EmitStrategy): this {
    this.emit = strategy;
    return this;
  }

  count(options: Options<K, number> = {}): KTable<Windowed<K>, number> {
    return this.build('KSTREAM-AGGREGATE-', options, options.valueSerde ?? Serdes.Int64(), () => 0, countAggregator);
  }

  reduce(reducer: Reducer<V>, options: Options<K, V> = {}): KTable<Windowed<K>, V> {
    const aggregator = (_k: K, v: V, agg: V | null) => (agg === null ? v : reducer(agg, v));
    return this.build<V>('KSTREAM-REDUCE-', options, options.valueSerde ?? this.grouped.valueSerde, () => null as unknown as V, aggregator as Aggregator<K, V, V>);
  }

  aggregate<A>(initializer: Initializer<A>, aggregator: Aggregator<K, V, A>, options: Options<K, A> = {}): KTable<Windowed<K>, A> {
    return this.build('KSTREAM-AGGREGATE-', options, options.valueSerde, initializer, aggregator);
  }

  private build<A>(prefix: string, options: Options<K, A>, valueSerde: Serde<A> | undefined, initializer: Initializer<A>, aggregator: Aggregator<K, V, A>): KTable<Windowed<K>, A> {
    const b = this.grouped.builder;
    const { storeName, queryable } = storeNameFor(b, options as Materialized<unknown, unknown>, prefix);
    const functionName = b.nameOr(options.name, prefix);
    const keySerde = b.keySerde(options.keySerde ?? this.grouped.keySerde);
    const w = this.windows;
    const sizeMs = w.type === 'time' ? w.size() : w.timeDifferenceMs;
    const defaultRetention = w.type === 'time' ? sizeMs + w.graceMs : Math.max(2 * sizeMs + w.graceMs, SLIDING_AND_SESSION_RETENTION_FLOOR_MS);
    // A sliding window's aggregate reads the store back 2 × time difference (Kafka's SlidingWindowStoreMaterializer).
    const minimum = w.type === 'time' ? { ms: sizeMs + w.graceMs, what: 'window size + grace' } : { ms: 2 * sizeMs + w.graceMs, what: '2 × time difference + grace' };
    const retentionMs = retention(storeName, options as Materialized<unknown, unknown>, minimum.ms, minimum.what, defaultRetention);
    const store = Stores.timestampedWindowStoreBuilder(storeName, { retentionMs, windowSizeMs: sizeMs }, keySerde, b.valueSerde(valueSerde));
    if (options.loggingEnabled === false) store.withLoggingDisabled();
    const supplier: WindowedAggregateSupplier<K, A> =
      w.type === 'time'
        ? new TimeWindowAggregateSupplier<K, V, A>(storeName, this.emit, w, initializer, aggregator)
        : new SlidingWindowAggregateSupplier<K, V, A>(storeName, this.emit, w, initializer, aggregator);
    return buildWindowed(this.grouped, functionName, storeName, queryable, supplier, store, timeWindowedSerde(keySerde, sizeMs), valueSerde);
  }
}

export class SessionWindowedKStream<K, V> {
  private emit: EmitStrategy = 'onWindowUpdate';

  /** @internal */
  constructor(
    private readonly grouped: GroupedSource<K, V>,
    private readonly windows: SessionWindows,
  ) {}

  emitStrategy(strategy: EmitStrategy): this {
    this.emit = strategy;
    return this;
  }

  count(options: Options<K, number> = {}): KTable<Windowed<K>, number> {
    return this.build('KSTREAM-AGGREGATE-', options, options.valueSerde ?? Serdes.Int64(), () => 0, countAggregator, (_k, a, b) => a + b);
  }

  reduce(reducer: Reducer<V>, options: Options<K, V> = {}): KTable<Windowed<K>, V> {
    const aggregator = (_k: K, v: V, agg: V | null) => (agg === null ? v : reducer(agg, v));
    const merger = (_k: K, one: V | null, two: V) => (one === null ? two : reducer(one, two));
    return this.build<V>('KSTREAM-REDUCE-', options, options.valueSerde ?? this.grouped.valueSerde, () => null as unknown as V, aggregator as Aggregator<K, V, V>, merger as Merger<K, V>);
  }

  aggregate<A>(initializer: Initializer<A>, aggregator: Aggregator<K, V, A>, sessionMerger: Merger<K, A>, options: Options<K, A> = {}): KTable<Windowed<K>, A> {
    return this.build('KSTREAM-AGGREGATE-', options, options.valueSerde, initializer, aggregator, sessionMerger);
  }

  private build<A>(prefix: string, options: Options<K, A>, valueSerde: Serde<A> | undefined, initializer: Initializer<A>, aggregator: Aggregator<K, V, A>, merger: Merger<K, A>): KTable<Windowed<K>, A> {
    const b = this.grouped.builder;
    const { storeName, queryable } = storeNameFor(b, options as Materialized<unknown, unknown>, prefix);
    const functionName = b.nameOr(options.name, prefix);
    const keySerde = b.keySerde(options.keySerde ?? this.grouped.keySerde);
    const w = this.windows;
    const minimum = w.inactivityGap() + w.gracePeriodMs();
    const retentionMs = retention(storeName, options as Materialized<unknown, unknown>, minimum, 'inactivity gap + grace', Math.max(minimum, SLIDING_AND_SESSION_RETENTION_FLOOR_MS));
    const store = Stores.sessionStoreBuilder(storeName, retentionMs, keySerde, b.valueSerde(valueSerde));
    if (options.loggingEnabled === false) store.withLoggingDisabled();
    const supplier = new SessionWindowAggregateSupplier<K, V, A>(storeName, this.emit, w, initializer, aggregator, merger);
    return buildWindowed(this.grouped, functionName, storeName, queryable, supplier, store, sessionWindowedSerde(keySerde), valueSerde);
  }
}

function buildWindowed<K, V, A>(
  grouped: GroupedSource<K, V>,
  functionName: string,
  storeName: string,
  queryable: boolean,
  supplier: TableProcessorSupplier<Windowed<K>, A>,
  store: StoreBuilder,
  keySerde: Serde<Windowed<K>>,
  valueSerde: Serde<A> | undefined,
): KTable<Windowed<K>, A> {
  return buildAggregate<K, V, Windowed<K>, A>(grouped, { functionName, storeName, queryable, supplier, store, keySerde, valueSerde });
}
