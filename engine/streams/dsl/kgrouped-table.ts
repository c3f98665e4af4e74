/**
 * KGroupedTable: a re-keyed table ready to aggregate (Kafka's KGroupedTable). The selected
 * changes go through a repartition topic `<store or Grouped name>-repartition` (sink KSTREAM-SINK,
 * source KSTREAM-SOURCE, no filter) carrying both old and new values; the aggregation subtracts
 * the old value and adds the new one (KTABLE-AGGREGATE / KTABLE-REDUCE).
 */
import { changeSerde } from '../processor/change.js';
import { Serdes, type Serde } from '../serdes/serde.js';
import { TableAggregateSupplier, TableReduceSupplier, type AggregateSupplier } from '../processors/aggregate.js';
import type { Aggregator, Initializer, Reducer } from './functions.js';
import { storeNameFor, type InternalStreamsBuilder } from './internal-builder.js';
import { KTable } from './ktable.js';
import type { Materialized, Named } from './options.js';

type Options<K, V> = Named & Materialized<K, V>;

export class KGroupedTable<K, V> {
  private repartitionSource: string | undefined;

  /** @internal */
  constructor(
    private readonly builder: InternalStreamsBuilder,
    private readonly name: string,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<V> | undefined,
    private readonly sourceNodes: readonly string[],
    private readonly repartitionName: string | undefined,
  ) {}

  count(options: Options<K, number> = {}): KTable<K, number> {
    return this.build('KTABLE-AGGREGATE-', options, options.valueSerde ?? Serdes.Int64(), (store) =>
      new TableAggregateSupplier<K, V, number>(store, () => 0, (_k, _v, n) => n + 1, (_k, _v, n) => n - 1),
    );
  }

  reduce(adder: Reducer<V>, subtractor: Reducer<V>, options: Options<K, V> = {}): KTable<K, V> {
    return this.build('KTABLE-REDUCE-', options, options.valueSerde ?? this.valueSerde, (store) => new TableReduceSupplier<K, V>(store, adder, subtractor), 'KTABLE-AGGREGATE-');
  }

  aggregate<A>(initializer: Initializer<A>, adder: Aggregator<K, V, A>, subtractor: Aggregator<K, V, A>, options: Options<K, A> = {}): KTable<K, A> {
    return this.build('KTABLE-AGGREGATE-', options, options.valueSerde, (store) => new TableAggregateSupplier<K, V, A>(store, initializer, adder, subtractor));
  }

  private build<A>(functionPrefix: string, options: Options<K, A>, valueSerde: Serde<A> | undefined, make: (storeName: string) => AggregateSupplier<K, A>, storePrefix = functionPrefix): KTable<K, A> {
    const b = this.builder;
    const { storeName, queryable } = storeNameFor(b, options as Materialized<unknown, unknown>, storePrefix);
    const named = options.name;
    const sinkName = b.nameOr(named === undefined ? undefined : `${named}-sink`, 'KSTREAM-SINK-');
    const sourceName = b.nameOr(named === undefined ? undefined : `${named}-source`, 'KSTREAM-SOURCE-');
    const functionName = b.nameOr(named, functionPrefix);
    const topic = `${this.repartitionName ?? storeName}-repartition`;
    const t = b.topology;
    if (this.repartitionSource === undefined || this.repartitionName === undefined) {
      const k = b.keySerde(this.keySerde) as Serde<unknown>;
      const v = changeSerde(b.valueSerde(this.valueSerde)) as Serde<unknown>;
      t.addRepartitionTopic(topic);
      t.addSink(sinkName, topic, { keySerde: k, valueSerde: v }, this.name);
      t.addSource(sourceName, topic, { keySerde: k, valueSerde: v });
      this.repartitionSource = sourceName;
    }
    const supplier = make(storeName);
    t.addProcessor(functionName, () => supplier.get(), this.repartitionSource);
    const keySerde = options.keySerde ?? this.keySerde;
    t.addStateStore(b.keyValueStore(storeName, keySerde, valueSerde, options), functionName);
    return new KTable<K, A>(b, functionName, keySerde, valueSerde, [this.repartitionSource], supplier, queryable ? storeName : null);
  }
}
