/**
 * KTable: a changelog stream (each record an upsert of its key, null value = delete), Kafka's
 * KTable. Operations pass Change(new, old) records between processors; old values are sent only
 * when something downstream needs them (groupBy, left/outer joins, suppress), which may force the
 * source table to materialize — this is observable (e.g. an unmaterialized filter forwards a
 * tombstone for each filtered-out update), and kept exactly as in Kafka.
 */
import type { KeyValue } from '../processor/api.js';
import type { Change } from '../processor/change.js';
import type { Serde } from '../serdes/serde.js';
import { InMemorySuppressBuffer } from '../stores/suppress-buffer.js';
import { BasicStoreBuilder } from '../stores/state-store.js';
import { mapValuesSupplier } from '../processors/stateless.js';
import { SuppressSupplier } from '../processors/suppress.js';
import { windowCloseGrace } from './grace-search.js';
import { KTableFilterSupplier, KTableMapValuesSupplier, tableRepartitionMapSupplier } from '../processors/table-processors.js';
import type { TableProcessorSupplier, ValueGetterSupplier } from '../processors/table-supplier.js';
import { TableJoinMerger, tableJoinSides, type TableJoinType } from '../joins/table-table-join.js';
import type { KeyValueMapper, Predicate, ValueJoiner, ValueMapper } from './functions.js';
import type { InternalStreamsBuilder } from './internal-builder.js';
import { KGroupedTable } from './kgrouped-table.js';
import { KStream } from './kstream.js';
import { requireStrict, type Grouped, type Materialized, type Named, type Suppressed } from './options.js';

export type TableOptions<K, V> = Named & Materialized<K, V>;

export class KTable<K, V> {
  private sendOldValues = false;

  /** @internal */
  constructor(
    readonly builder: InternalStreamsBuilder,
    readonly name: string,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly sourceNodes: readonly string[],
    /** @internal */
    readonly supplier: TableProcessorSupplier<K, V>,
    /** The store name when the table is materialized under a user-given name. */
    readonly queryableStoreName: string | null,
  ) {}

  /** @internal Kafka's KTableImpl#enableSendingOldValues. */
  enableSendingOldValues(forceMaterialization: boolean): boolean {
    if (!this.sendOldValues) {
      if (!this.supplier.enableSendingOldValues(forceMaterialization)) return false;
      this.sendOldValues = true;
    }
    return true;
  }

  /** @internal */
  valueGetterSupplier(): ValueGetterSupplier<K, V> {
    return this.supplier.view();
  }

  filter(predicate: Predicate<K, V>, options: TableOptions<K, V> = {}): KTable<K, V> {
    return this.derive('KTABLE-FILTER-', options, options.valueSerde ?? this.valueSerde, (q) => new KTableFilterSupplier<K, V>(this, q, predicate, false));
  }

  filterNot(predicate: Predicate<K, V>, options: TableOptions<K, V> = {}): KTable<K, V> {
    return this.derive('KTABLE-FILTER-', options, options.valueSerde ?? this.valueSerde, (q) => new KTableFilterSupplier<K, V>(this, q, predicate, true));
  }

  mapValues<VR>(mapper: ValueMapper<V, VR, K>, options: TableOptions<K, VR> = {}): KTable<K, VR> {
    return this.derive<VR>('KTABLE-MAPVALUES-', options, options.valueSerde, (q) => new KTableMapValuesSupplier<K, V, VR>(this, q, mapper));
  }

  toStream(named: Named = {}): KStream<K, V | null> {
    const name = this.builder.nameOr(named.name, 'KTABLE-TOSTREAM-');
    this.builder.topology.addProcessor(name, mapValuesSupplier((c: Change<V>) => c.newValue), this.name);
    return new KStream<K, V | null>(this.builder, name, this.keySerde, this.valueSerde, this.sourceNodes, false);
  }

  join<VO, VR>(other: KTable<K, VO>, joiner: ValueJoiner<V, VO, VR, K>, options: TableOptions<K, VR> = {}): KTable<K, VR> {
    return this.doJoin('inner', other, joiner as never, options);
  }

  leftJoin<VO, VR>(other: KTable<K, VO>, joiner: ValueJoiner<V, VO | null, VR, K>, options: TableOptions<K, VR> = {}): KTable<K, VR> {
    return this.doJoin('left', other, joiner as never, options);
  }

  outerJoin<VO, VR>(other: KTable<K, VO>, joiner: ValueJoiner<V | null, VO | null, VR, K>, options: TableOptions<K, VR> = {}): KTable<K, VR> {
    return this.doJoin('outer', other, joiner as never, options);
  }

  /** Re-keys the table for aggregation; each update subtracts the old pair and adds the new one. */
  groupBy<K2, V2>(selector: KeyValueMapper<K, V, KeyValue<K2, V2>>, grouped: Grouped<K2, V2> = {}): KGroupedTable<K2, V2> {
    const name = this.builder.nameOr(grouped.name, 'KTABLE-SELECT-');
    this.builder.topology.addProcessor(name, tableRepartitionMapSupplier(selector), this.name);
    this.enableSendingOldValues(true);
    return new KGroupedTable<K2, V2>(this.builder, name, grouped.keySerde, grouped.valueSerde, this.sourceNodes, grouped.name);
  }

  suppress(suppressed: Suppressed): KTable<K, V> {
    const b = this.builder;
    // Kafka's suppress generates its names only when none is given (no index used up).
    const name = suppressed.name ?? b.newProcessorName('KTABLE-SUPPRESS-');
    const storeName = suppressed.name !== undefined ? `${suppressed.name}-store` : b.newStoreName('KTABLE-SUPPRESS-');
    let durationMs = suppressed.kind === 'untilTimeLimit' ? suppressed.timeToWaitMs : 0;
    if (suppressed.kind === 'untilWindowCloses') {
      requireStrict(suppressed.buffer);
      durationMs = windowCloseGrace(b.topology, this.name, (node) => b.aggregateSuppliers.get(node), name);
    }
    const supplier = new SuppressSupplier<K, V>(suppressed, storeName, durationMs, this);
    b.topology.addProcessor(name, () => supplier.get(), this.name);
    const keySerde = b.keySerde(this.keySerde);
    const valueSerde = b.valueSerde(this.valueSerde);
    const store = new BasicStoreBuilder(storeName, 'suppress-buffer', () => new InMemorySuppressBuffer(storeName, keySerde, valueSerde));
    if (suppressed.buffer.loggingEnabled === false) store.withLoggingDisabled();
    b.topology.addStateStore(store, name);
    return new KTable<K, V>(b, name, this.keySerde, this.valueSerde, this.sourceNodes, supplier, null);
  }

  private derive<VR>(prefix: string, options: TableOptions<K, VR>, valueSerde: Serde<VR> | undefined, make: (queryable: string | null) => TableProcessorSupplier<K, VR>): KTable<K, VR> {
    const b = this.builder;
    const queryable = options.storeName ?? null;
    const name = b.nameOr(options.name, prefix);
    const supplier = make(queryable);
    b.topology.addProcessor(name, () => supplier.get(), this.name);
    const keySerde = options.keySerde ?? this.keySerde;
    if (queryable !== null) b.topology.addStateStore(b.keyValueStore(queryable, keySerde, valueSerde, options), name);
    return new KTable<K, VR>(b, name, keySerde, valueSerde, this.sourceNodes, supplier, queryable);
  }

  private doJoin<VO, VR>(type: TableJoinType, other: KTable<K, VO>, joiner: (l: unknown, r: unknown, k: unknown) => unknown, options: TableOptions<K, VR>): KTable<K, VR> {
    const b = this.builder;
    const named = options.name;
    const mergeName = b.nameOr(named, 'KTABLE-MERGE-');
    const sources = [...new Set([...this.sourceNodes, ...other.sourceNodes])];
    b.topology.copartitionSources(sources);
    if (type !== 'inner') this.enableSendingOldValues(true);
    if (type === 'outer') other.enableSendingOldValues(true);
    const thisName = b.nameOr(named === undefined ? undefined : `${named}-join-this`, 'KTABLE-JOINTHIS-');
    const otherName = b.nameOr(named === undefined ? undefined : `${named}-join-other`, 'KTABLE-JOINOTHER-');
    const leftGetter = this.valueGetterSupplier() as ValueGetterSupplier<unknown, unknown>;
    const rightGetter = other.valueGetterSupplier() as ValueGetterSupplier<unknown, unknown>;
    const sides = tableJoinSides(type, leftGetter, rightGetter, joiner);
    const queryable = options.storeName ?? null;
    const merger = new TableJoinMerger<K, V, VO, VR>(type, this, other, sides, joiner as never, queryable);
    const t = b.topology;
    t.addProcessor(thisName, () => sides[0].get(), this.name);
    t.addProcessor(otherName, () => sides[1].get(), other.name);
    t.addProcessor(mergeName, () => merger.get(), thisName, otherName);
    if (rightGetter.storeNames.length > 0) t.connectProcessorAndStateStores(thisName, ...rightGetter.storeNames);
    if (leftGetter.storeNames.length > 0) t.connectProcessorAndStateStores(otherName, ...leftGetter.storeNames);
    const keySerde = options.keySerde ?? this.keySerde;
    if (queryable !== null) t.addStateStore(b.keyValueStore(queryable, keySerde, options.valueSerde, options), mergeName);
    return new KTable<K, VR>(b, mergeName, keySerde, options.valueSerde, sources, merger, queryable);
  }
}
