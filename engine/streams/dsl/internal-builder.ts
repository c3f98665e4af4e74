/**
 * The shared state behind a StreamsBuilder: the Topology being written, Kafka's global name
 * counter (KSTREAM-FILTER-0000000001 …, one index for processors and stores alike), default
 * serdes, and the helpers every DSL class needs (repartition sub-graphs, store materialization).
 */
import type { Serde } from '../serdes/serde.js';
import { Stores } from '../stores/stores.js';
import type { StoreBuilder } from '../stores/state-store.js';
import type { StreamPartitioner } from '../topology/nodes.js';
import { Topology } from '../topology/topology.js';
import { repartitionFilterSupplier } from '../processors/stateless.js';
import type { Materialized } from './options.js';

const REPARTITION_SUFFIX = '-repartition';

export class InternalStreamsBuilder {
  readonly topology: Topology;
  /** The supplier of each aggregation node, by node name (suppress finds windowed ones: grace-search.ts). */
  readonly aggregateSuppliers = new Map<string, unknown>();
  private index = 0;

  constructor(
    readonly defaultKeySerde: Serde<unknown>,
    readonly defaultValueSerde: Serde<unknown>,
  ) {
    this.topology = new Topology({ defaultKeySerde, defaultValueSerde });
  }

  /**
   * `name` when the user gave one, else a generated name. An index is used up either way, as
   * Kafka's NamedInternal does, so naming one operation does not shift the generated names (and
   * the internal topics named after them) of the others.
   */
  nameOr(name: string | undefined, prefix: string): string {
    const generated = this.newProcessorName(prefix);
    return name ?? generated;
  }

  newProcessorName(prefix: string): string {
    return prefix + String(this.index++).padStart(10, '0');
  }

  newStoreName(prefix: string): string {
    return `${prefix}STATE-STORE-${String(this.index++).padStart(10, '0')}`;
  }

  keySerde<K>(serde: Serde<K> | undefined): Serde<K> {
    return serde ?? (this.defaultKeySerde as Serde<K>);
  }

  valueSerde<V>(serde: Serde<V> | undefined): Serde<V> {
    return serde ?? (this.defaultValueSerde as Serde<V>);
  }

  /**
   * Adds filter → sink → (topic) → source for a repartition topic named after `prefix`, below
   * `parent`; returns the new source's name. Names follow Kafka's createRepartitionedSource.
   */
  createRepartitionedSource(
    parent: string,
    prefix: string,
    keySerde: Serde<unknown> | undefined,
    valueSerde: Serde<unknown> | undefined,
    options: { numberOfPartitions?: number; partitioner?: StreamPartitioner; dropNullKeys: boolean },
  ): string {
    const topic = prefix.endsWith(REPARTITION_SUFFIX) ? prefix : prefix + REPARTITION_SUFFIX;
    const gen = this.repartitionedSourceNames();
    const generated = /^KSTREAM.*-[0-9]{10}$/.test(prefix);
    const sinkName = generated ? gen.sink : `${topic}-sink`;
    const filterName = generated ? gen.filter : `${topic}-filter`;
    const sourceName = generated ? gen.source : `${topic}-source`;
    const t = this.topology;
    t.addRepartitionTopic(topic, options.numberOfPartitions);
    t.addProcessor(filterName, repartitionFilterSupplier(options.dropNullKeys), parent);
    t.addSink(
      sinkName,
      topic,
      { keySerde: this.keySerde(keySerde), valueSerde: this.valueSerde(valueSerde), ...(options.partitioner ? { partitioner: options.partitioner } : {}) },
      filterName,
    );
    t.addSource(sourceName, topic, { keySerde: this.keySerde(keySerde), valueSerde: this.valueSerde(valueSerde) });
    return sourceName;
  }

  /**
   * The generated names of a repartition topic's sink, filter and source. Kafka generates them for
   * every repartition, also one that reuses a topic or takes the user's names, so later generated
   * names do not shift.
   */
  repartitionedSourceNames(): { sink: string; filter: string; source: string } {
    return { sink: this.newProcessorName('KSTREAM-SINK-'), filter: this.newProcessorName('KSTREAM-FILTER-'), source: this.newProcessorName('KSTREAM-SOURCE-') };
  }

  /** A timestamped key-value store for a DSL KTable. */
  keyValueStore<K, V>(name: string, keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined, materialized?: Materialized<K, V>): StoreBuilder {
    const store = Stores.timestampedKeyValueStoreBuilder(name, this.keySerde(keySerde), this.valueSerde(valueSerde));
    if (materialized?.loggingEnabled === false) store.withLoggingDisabled();
    return store;
  }
}

/** Kafka's MaterializedInternal naming: the user's store name, or a generated one. */
export function storeNameFor(builder: InternalStreamsBuilder, materialized: Materialized<unknown, unknown> | undefined, prefix: string): { storeName: string; queryable: boolean } {
  if (materialized?.storeName) return { storeName: materialized.storeName, queryable: true };
  return { storeName: builder.newStoreName(prefix), queryable: false };
}
