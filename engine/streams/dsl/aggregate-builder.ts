/**
 * The tail shared by every grouped aggregation (Kafka's GroupedStreamAggregateBuilder): insert the
 * repartition sub-graph when the grouping requires it (topic named after the user's Grouped name or
 * else the store: `<store>-repartition`; null keys are dropped before the topic), then the
 * aggregation processor with its store, and return the resulting KTable. A user-named repartition
 * topic is created once per grouped stream and shared by its aggregations.
 */
import type { Serde } from '../serdes/serde.js';
import type { StoreBuilder } from '../stores/state-store.js';
import type { TableProcessorSupplier } from '../processors/table-supplier.js';
import type { InternalStreamsBuilder } from './internal-builder.js';
import { KTable } from './ktable.js';

export interface GroupedSource<K, V> {
  readonly builder: InternalStreamsBuilder;
  readonly name: string;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly sourceNodes: readonly string[];
  readonly repartitionRequired: boolean;
  readonly repartitionName: string | undefined;
  /** The shared repartition source of a user-named grouping, once created. */
  repartitionSource?: string;
}

export interface AggregateSpec<KOut, VOut> {
  functionName: string;
  storeName: string;
  queryable: boolean;
  supplier: TableProcessorSupplier<KOut, VOut>;
  store: StoreBuilder;
  keySerde: Serde<KOut> | undefined;
  valueSerde: Serde<VOut> | undefined;
}

export function buildAggregate<K, V, KOut, VOut>(g: GroupedSource<K, V>, spec: AggregateSpec<KOut, VOut>): KTable<KOut, VOut> {
  const b = g.builder;
  let parent = g.name;
  let sources = g.sourceNodes;
  if (g.repartitionRequired) {
    if (g.repartitionName !== undefined && g.repartitionSource !== undefined) {
      parent = g.repartitionSource;
    } else {
      parent = b.createRepartitionedSource(g.name, g.repartitionName ?? spec.storeName, g.keySerde as Serde<unknown>, g.valueSerde as Serde<unknown>, { dropNullKeys: true });
      if (g.repartitionName !== undefined) g.repartitionSource = parent;
    }
    sources = [parent];
  }
  b.topology.addProcessor(spec.functionName, () => spec.supplier.get(), parent);
  b.aggregateSuppliers.set(spec.functionName, spec.supplier);
  b.topology.addStateStore(spec.store, spec.functionName);
  return new KTable<KOut, VOut>(b, spec.functionName, spec.keySerde, spec.valueSerde, sources, spec.supplier, spec.queryable ? spec.storeName : null);
}
