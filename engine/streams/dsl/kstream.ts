/**
 * KStream: a record stream (every record an independent event), Kafka's KStream. Operations add
 * processors to the builder's topology at once, under Kafka's generated names. Key-changing
 * operations (map, flatMap, selectKey, process) mark the stream so that the next grouping or join
 * inserts a repartition topic; mapValues/flatMapValues/filter/peek keep co-partitioning.
 */
import type { KeyValue, ProcessorSupplier } from '../processor/api.js';
import type { Serde } from '../serdes/serde.js';
import {
  filterSupplier,
  flatMapSupplier,
  flatMapValuesSupplier,
  mapSupplier,
  mapValuesSupplier,
  passThroughSupplier,
  peekSupplier,
  selectKeySupplier,
} from '../processors/stateless.js';
import { KTableSourceSupplier } from '../processors/table-processors.js';
import type { JoinWindows } from '../windows/windows.js';
import { BranchedKStream } from './branched-kstream.js';
import type { FlatMapper, ForeachAction, KeyValueMapper, Predicate, ValueFlatMapper, ValueJoiner, ValueMapper } from './functions.js';
import { storeNameFor, type InternalStreamsBuilder } from './internal-builder.js';
import { KGroupedStream } from './kgrouped-stream.js';
import { streamStreamJoin, streamTableJoin } from './kstream-joins.js';
import { KTable } from './ktable.js';
import type { Grouped, Joined, Materialized, Named, Produced, Repartitioned, StreamJoined } from './options.js';

export class KStream<K, V> {
  /** @internal */
  constructor(
    readonly builder: InternalStreamsBuilder,
    /** The node producing this stream. */
    readonly name: string,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    /** Source nodes of the sub-topology (co-partitioning). */
    readonly sourceNodes: readonly string[],
    readonly repartitionRequired: boolean,
  ) {}

  /**
   * @internal The repartition source a join made for this stream last, under the stream's own
   * name (Kafka's KStreamImpl#repartitionNode): a later join of this stream without a name of its
   * own reads the same repartition topic rather than writing every record to a second one.
   */
  joinRepartitionSource: string | undefined;

  private next<K2, V2>(prefix: string, named: Named | undefined, supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>, keySerde: Serde<K2> | undefined, valueSerde: Serde<V2> | undefined, repartitionRequired: boolean): KStream<K2, V2> {
    const name = this.builder.nameOr(named?.name, prefix);
    this.builder.topology.addProcessor(name, supplier, this.name);
    return new KStream<K2, V2>(this.builder, name, keySerde, valueSerde, this.sourceNodes, repartitionRequired);
  }

  filter(predicate: Predicate<K, V>, named?: Named): KStream<K, V> {
    return this.next('KSTREAM-FILTER-', named, filterSupplier(predicate, false), this.keySerde, this.valueSerde, this.repartitionRequired);
  }

  filterNot(predicate: Predicate<K, V>, named?: Named): KStream<K, V> {
    return this.next('KSTREAM-FILTER-', named, filterSupplier(predicate, true), this.keySerde, this.valueSerde, this.repartitionRequired);
  }

  map<K2, V2>(mapper: KeyValueMapper<K, V, KeyValue<K2, V2>>, named?: Named): KStream<K2, V2> {
    return this.next<K2, V2>('KSTREAM-MAP-', named, mapSupplier(mapper), undefined, undefined, true);
  }

  mapValues<V2>(mapper: ValueMapper<V, V2, K>, named?: Named): KStream<K, V2> {
    return this.next<K, V2>('KSTREAM-MAPVALUES-', named, mapValuesSupplier(mapper), this.keySerde, undefined, this.repartitionRequired);
  }

  selectKey<K2>(mapper: KeyValueMapper<K, V, K2>, named?: Named): KStream<K2, V> {
    return this.next<K2, V>('KSTREAM-KEY-SELECT-', named, selectKeySupplier(mapper), undefined, this.valueSerde, true);
  }

  flatMap<K2, V2>(mapper: FlatMapper<K, V, K2, V2>, named?: Named): KStream<K2, V2> {
    return this.next<K2, V2>('KSTREAM-FLATMAP-', named, flatMapSupplier(mapper), undefined, undefined, true);
  }

  flatMapValues<V2>(mapper: ValueFlatMapper<V, V2, K>, named?: Named): KStream<K, V2> {
    return this.next<K, V2>('KSTREAM-FLATMAPVALUES-', named, flatMapValuesSupplier(mapper), this.keySerde, undefined, this.repartitionRequired);
  }

  peek(action: ForeachAction<K, V>, named?: Named): KStream<K, V> {
    return this.next('KSTREAM-PEEK-', named, peekSupplier(action, true), this.keySerde, this.valueSerde, this.repartitionRequired);
  }

  /** A terminal operation: runs `action` for every record. */
  foreach(action: ForeachAction<K, V>, named?: Named): void {
    this.next('KSTREAM-FOREACH-', named, peekSupplier(action, false), this.keySerde, this.valueSerde, this.repartitionRequired);
  }

  /** Splits the stream: `.branch(predicate, Branched.as(name))…` then `.defaultBranch()` / `.noDefaultBranch()`. */
  split(named?: Named): BranchedKStream<K, V> {
    return new BranchedKStream(this, named);
  }

  merge(other: KStream<K, V>, named?: Named): KStream<K, V> {
    const name = this.builder.nameOr(named?.name, 'KSTREAM-MERGE-');
    this.builder.topology.addProcessor(name, passThroughSupplier(), this.name, other.name);
    const sources = [...new Set([...this.sourceNodes, ...other.sourceNodes])];
    // Kafka's KStreamImpl#merge drops the serdes: the two streams' may differ.
    return new KStream<K, V>(this.builder, name, undefined, undefined, sources, this.repartitionRequired || other.repartitionRequired);
  }

  /** Low-level processing with a Processor API processor; the key may change. */
  process<K2, V2>(supplier: ProcessorSupplier<K, V, K2, V2>, options: Named & { stores?: string[] } = {}): KStream<K2, V2> {
    const result = this.next<K2, V2>('KSTREAM-PROCESSOR-', options, supplier as unknown as ProcessorSupplier<unknown, unknown, unknown, unknown>, undefined, undefined, true);
    if (options.stores?.length) this.builder.topology.connectProcessorAndStateStores(result.name, ...options.stores);
    return result;
  }

  /** Writes to a topic through an internal repartition topic `<applicationId>-<name>-repartition`. */
  repartition(options: Repartitioned<K, V> = {}): KStream<K, V> {
    // Kafka's repartition() generates a name only when none is given (no index used up).
    const name = options.name ?? this.builder.newProcessorName('KSTREAM-REPARTITION-');
    const keySerde = options.keySerde ?? this.keySerde;
    const valueSerde = options.valueSerde ?? this.valueSerde;
    const source = this.builder.createRepartitionedSource(this.name, name, keySerde as Serde<unknown>, valueSerde as Serde<unknown>, {
      ...(options.numberOfPartitions === undefined ? {} : { numberOfPartitions: options.numberOfPartitions }),
      ...(options.partitioner ? { partitioner: options.partitioner as never } : {}),
      dropNullKeys: false,
    });
    return new KStream(this.builder, source, keySerde, valueSerde, [source], false);
  }

  to(topic: string, produced: Produced<K, V> = {}): void {
    const name = this.builder.nameOr(produced.name, 'KSTREAM-SINK-');
    this.builder.topology.addSink(
      name,
      topic,
      {
        keySerde: this.builder.keySerde(produced.keySerde ?? this.keySerde),
        valueSerde: this.builder.valueSerde(produced.valueSerde ?? this.valueSerde),
        ...(produced.partitioner ? { partitioner: produced.partitioner } : {}),
      },
      this.name,
    );
  }

  toTable(options: Named & Materialized<K, V> = {}): KTable<K, V> {
    const name = this.builder.nameOr(options.name, 'KSTREAM-TOTABLE-');
    const { storeName, queryable } = storeNameFor(this.builder, options as Materialized<unknown, unknown>, 'KSTREAM-TOTABLE-');
    const keySerde = options.keySerde ?? this.keySerde;
    const valueSerde = options.valueSerde ?? this.valueSerde;
    let parent = this.name;
    let sources = this.sourceNodes;
    if (this.repartitionRequired) {
      parent = this.builder.createRepartitionedSource(this.name, name, keySerde as Serde<unknown>, valueSerde as Serde<unknown>, { dropNullKeys: false });
      sources = [parent];
    }
    const t = this.builder.topology;
    const supplier = new KTableSourceSupplier<K, V>(storeName, () => t.addStateStore(this.builder.keyValueStore(storeName, keySerde, valueSerde, options), name));
    t.addProcessor(name, () => supplier.get(), parent);
    if (queryable) supplier.materialize();
    return new KTable<K, V>(this.builder, name, keySerde, valueSerde, sources, supplier, queryable ? storeName : null);
  }

  groupByKey(grouped: Grouped<K, V> = {}): KGroupedStream<K, V> {
    return new KGroupedStream(this.builder, this.name, grouped.keySerde ?? this.keySerde, grouped.valueSerde ?? this.valueSerde, this.sourceNodes, this.repartitionRequired, grouped.name);
  }

  groupBy<K2>(selector: KeyValueMapper<K, V, K2>, grouped: Grouped<K2, V> = {}): KGroupedStream<K2, V> {
    const name = this.builder.nameOr(grouped.name, 'KSTREAM-KEY-SELECT-');
    this.builder.topology.addProcessor(name, selectKeySupplier(selector), this.name);
    return new KGroupedStream(this.builder, name, grouped.keySerde, grouped.valueSerde ?? this.valueSerde, this.sourceNodes, true, grouped.name);
  }

  /** Windowed inner join with another stream, or inner join with a table (a lookup per stream record). */
  join<VO, VR>(other: KStream<K, VO>, joiner: ValueJoiner<V, VO, VR, K>, windows: JoinWindows, options?: StreamJoined<K, V, VO>): KStream<K, VR>;
  join<VT, VR>(table: KTable<K, VT>, joiner: ValueJoiner<V, VT, VR, K>, options?: Joined<K, V, VT>): KStream<K, VR>;
  join(other: KStream<K, unknown> | KTable<K, unknown>, joiner: ValueJoiner<V, never, unknown, K>, a?: unknown, b?: unknown): KStream<K, unknown> {
    if (other instanceof KTable) return streamTableJoin(this, other, joiner as never, false, (a ?? {}) as Joined<K, V, unknown>);
    return streamStreamJoin(this, other, joiner as never, a as JoinWindows, 'inner', (b ?? {}) as StreamJoined<K, V, unknown>);
  }

  /** Windowed left join with a stream (non-matches after the window closes), or left join with a table. */
  leftJoin<VO, VR>(other: KStream<K, VO>, joiner: ValueJoiner<V, VO | null, VR, K>, windows: JoinWindows, options?: StreamJoined<K, V, VO>): KStream<K, VR>;
  leftJoin<VT, VR>(table: KTable<K, VT>, joiner: ValueJoiner<V, VT | null, VR, K>, options?: Joined<K, V, VT>): KStream<K, VR>;
  leftJoin(other: KStream<K, unknown> | KTable<K, unknown>, joiner: ValueJoiner<V, never, unknown, K>, a?: unknown, b?: unknown): KStream<K, unknown> {
    if (other instanceof KTable) return streamTableJoin(this, other, joiner as never, true, (a ?? {}) as Joined<K, V, unknown>);
    return streamStreamJoin(this, other, joiner as never, a as JoinWindows, 'left', (b ?? {}) as StreamJoined<K, V, unknown>);
  }

  outerJoin<VO, VR>(other: KStream<K, VO>, joiner: ValueJoiner<V | null, VO | null, VR, K>, windows: JoinWindows, options: StreamJoined<K, V, VO> = {}): KStream<K, VR> {
    return streamStreamJoin(this, other, joiner as never, windows, 'outer', options) as KStream<K, VR>;
  }
}
