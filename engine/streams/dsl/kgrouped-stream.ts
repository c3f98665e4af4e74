/**
 * KGroupedStream: a stream grouped by key, ready to aggregate (Kafka's KGroupedStream).
 * count/reduce/aggregate produce a KTable backed by a key-value store (KSTREAM-AGGREGATE- or
 * KSTREAM-REDUCE-STATE-STORE-<n> unless named); windowedBy gives the windowed variants.
 * Records with a null key or value are skipped; output timestamps are the max input timestamp.
 */
import { Serdes } from '../serdes/serde.js';
import { StreamAggregateSupplier, StreamReduceSupplier } from '../processors/aggregate.js';
import type { SessionWindows, SlidingWindows, TimeWindows } from '../windows/windows.js';
import { buildAggregate, type GroupedSource } from './aggregate-builder.js';
import type { Aggregator, Initializer, Reducer } from './functions.js';
import { storeNameFor, type InternalStreamsBuilder } from './internal-builder.js';
import type { KTable } from './ktable.js';
import type { Materialized, Named } from './options.js';
import { SessionWindowedKStream, TimeWindowedKStream } from './windowed-kstream.js';
import type { Serde } from '../serdes/serde.js';

export type AggregateOptions<K, V> = Named & Materialized<K, V>;

export class KGroupedStream<K, V> implements GroupedSource<K, V> {
  repartitionSource?: string;

  /** @internal */
  constructor(
    readonly builder: InternalStreamsBuilder,
    readonly name: string,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly sourceNodes: readonly string[],
    readonly repartitionRequired: boolean,
    readonly repartitionName: string | undefined,
  ) {}

  count(options: AggregateOptions<K, number> = {}): KTable<K, number> {
    return this.aggregateWith('KSTREAM-AGGREGATE-', options, options.valueSerde ?? Serdes.Int64(), (store) => new StreamAggregateSupplier<K, V, number>(store, () => 0, (_k, _v, n) => n + 1));
  }

  reduce(reducer: Reducer<V>, options: AggregateOptions<K, V> = {}): KTable<K, V> {
    return this.aggregateWith('KSTREAM-REDUCE-', options, options.valueSerde ?? this.valueSerde, (store) => new StreamReduceSupplier<K, V>(store, reducer));
  }

  aggregate<A>(initializer: Initializer<A>, aggregator: Aggregator<K, V, A>, options: AggregateOptions<K, A> = {}): KTable<K, A> {
    return this.aggregateWith('KSTREAM-AGGREGATE-', options, options.valueSerde, (store) => new StreamAggregateSupplier<K, V, A>(store, initializer, aggregator));
  }

  windowedBy(windows: TimeWindows | SlidingWindows): TimeWindowedKStream<K, V>;
  windowedBy(windows: SessionWindows): SessionWindowedKStream<K, V>;
  windowedBy(windows: TimeWindows | SlidingWindows | SessionWindows): TimeWindowedKStream<K, V> | SessionWindowedKStream<K, V> {
    if (windows.type === 'session') return new SessionWindowedKStream(this, windows);
    return new TimeWindowedKStream(this, windows);
  }

  private aggregateWith<A>(prefix: string, options: AggregateOptions<K, A>, valueSerde: Serde<A> | undefined, make: (storeName: string) => StreamAggregateSupplier<K, V, A> | StreamReduceSupplier<K, V>): KTable<K, A> {
    const { storeName, queryable } = storeNameFor(this.builder, options as Materialized<unknown, unknown>, prefix);
    const functionName = this.builder.nameOr(options.name, prefix);
    const keySerde = options.keySerde ?? this.keySerde;
    return buildAggregate<K, V, K, A>(this, {
      functionName,
      storeName,
      queryable,
      supplier: make(storeName) as StreamAggregateSupplier<K, V, A>,
      store: this.builder.keyValueStore(storeName, keySerde, valueSerde, options),
      keySerde,
      valueSerde,
    });
  }
}
