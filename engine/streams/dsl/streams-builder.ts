/**
 * StreamsBuilder: the entry point of the DSL (Kafka's StreamsBuilder). `stream()` and `table()`
 * read topics; `build()` returns the Topology the DSL wrote. Serdes not given anywhere default to
 * the builder's defaults (JSON unless configured).
 */
import { Serdes, type Serde } from '../serdes/serde.js';
import type { StoreBuilder } from '../stores/state-store.js';
import { KTableSourceSupplier } from '../processors/table-processors.js';
import type { Topology } from '../topology/topology.js';
import { InternalStreamsBuilder, storeNameFor } from './internal-builder.js';
import { KStream } from './kstream.js';
import { KTable } from './ktable.js';
import type { Consumed, Materialized } from './options.js';

export interface StreamsBuilderConfig {
  defaultKeySerde?: Serde<unknown>;
  defaultValueSerde?: Serde<unknown>;
}

export class StreamsBuilder {
  private readonly internal: InternalStreamsBuilder;

  constructor(config: StreamsBuilderConfig = {}) {
    this.internal = new InternalStreamsBuilder(config.defaultKeySerde ?? Serdes.JSON(), config.defaultValueSerde ?? Serdes.JSON());
  }

  stream<K, V>(topics: string | string[], consumed: Consumed<K, V> = {}): KStream<K, V> {
    const b = this.internal;
    const name = b.nameOr(consumed.name, 'KSTREAM-SOURCE-');
    b.topology.addSource(name, topics, {
      keySerde: b.keySerde(consumed.keySerde),
      valueSerde: b.valueSerde(consumed.valueSerde),
      ...(consumed.timestampExtractor ? { timestampExtractor: consumed.timestampExtractor } : {}),
    });
    return new KStream<K, V>(b, name, consumed.keySerde, consumed.valueSerde, [name], false);
  }

  /**
   * A table over a topic. Its store (`<topic>-STATE-STORE-<n>` unless named) is created only when
   * needed: a Materialized store name, a join, or a downstream that needs old values.
   */
  table<K, V>(topic: string, consumed: Consumed<K, V> = {}, materialized: Materialized<K, V> = {}): KTable<K, V> {
    const b = this.internal;
    const { storeName, queryable } = storeNameFor(b, materialized as Materialized<unknown, unknown>, `${topic}-`);
    const sourceName = b.nameOr(consumed.name === undefined ? undefined : `${consumed.name}-source`, 'KSTREAM-SOURCE-');
    const tableName = b.nameOr(consumed.name, 'KTABLE-SOURCE-');
    const keySerde = materialized.keySerde ?? consumed.keySerde;
    const valueSerde = materialized.valueSerde ?? consumed.valueSerde;
    b.topology.addSource(sourceName, topic, {
      keySerde: b.keySerde(consumed.keySerde),
      valueSerde: b.valueSerde(consumed.valueSerde),
      ...(consumed.timestampExtractor ? { timestampExtractor: consumed.timestampExtractor } : {}),
    });
    const supplier = new KTableSourceSupplier<K, V>(storeName, () => b.topology.addStateStore(b.keyValueStore(storeName, keySerde, valueSerde, materialized), tableName));
    b.topology.addProcessor(tableName, () => supplier.get(), sourceName);
    if (queryable) supplier.materialize();
    return new KTable<K, V>(b, tableName, keySerde, valueSerde, [sourceName], supplier, queryable ? storeName : null);
  }

  /** Adds a store for Processor-API processors (connect it with `KStream#process(…, { stores })`). */
  addStateStore(builder: StoreBuilder): this {
    this.internal.topology.addStateStore(builder);
    return this;
  }

  build(): Topology {
    return this.internal.topology;
  }
}
