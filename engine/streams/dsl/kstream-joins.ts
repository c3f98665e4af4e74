/**
 * Wiring of KStream joins into the topology, with Kafka's names, stores and co-partitioning:
 *
 * stream-stream: KSTREAM-WINDOWED (×2) → KSTREAM-JOINTHIS / KSTREAM-OUTERTHIS and
 * KSTREAM-JOINOTHER / KSTREAM-OUTEROTHER → KSTREAM-MERGE, window stores
 * `<join node>-store` (retention = before + after + grace) and, for left/outer joins, the shared
 * store KSTREAM-OUTERSHARED-<n>-store. stream-table: KSTREAM-JOIN / KSTREAM-LEFTJOIN connected to
 * the table's store (the source table gets materialized). A side marked for repartitioning is
 * repartitioned first (topic `<node or name>-repartition`, shared by the joins of one stream that
 * name none), and the inputs are declared co-partitioned.
 */
import type { Serde } from '../serdes/serde.js';
import { InMemoryListValueStore } from '../stores/list-value-store.js';
import { BasicStoreBuilder } from '../stores/state-store.js';
import { Stores } from '../stores/stores.js';
import { joinSideSupplier, joinWindowSupplier, leftOrRightValueSerde, timestampedKeyAndJoinSideSerde, type TimeTracker } from '../joins/stream-stream-join.js';
import { streamTableJoinSupplier } from '../joins/stream-table-join.js';
import { passThroughSupplier } from '../processors/stateless.js';
import type { JoinWindows } from '../windows/windows.js';
import { KStream } from './kstream.js';
import type { KTable } from './ktable.js';
import type { Joined, StreamJoined } from './options.js';

type Joiner = (left: unknown, right: unknown, key: unknown) => unknown;

/**
 * The stream repartitioned for a join, as Kafka's KStreamImpl#repartitionForJoin: a new
 * repartition topic `<prefix>-repartition`, unless the prefix is the stream's own name (no join
 * name given) and an earlier join of the stream made one, which is then read again. The names of
 * a new one are generated either way, as in Kafka, so later generated names do not shift.
 */
function repartitionForJoin<K, V>(stream: KStream<K, V>, prefix: string, keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined): KStream<K, V> {
  const k = keySerde ?? stream.keySerde;
  const v = valueSerde ?? stream.valueSerde;
  let source: string;
  if (stream.joinRepartitionSource !== undefined && prefix === stream.name) {
    stream.builder.repartitionedSourceNames(); // used up, as Kafka does for a reused topic
    source = stream.joinRepartitionSource;
  } else {
    source = stream.builder.createRepartitionedSource(stream.name, prefix, k as Serde<unknown>, v as Serde<unknown>, { dropNullKeys: false });
    stream.joinRepartitionSource = source;
  }
  return new KStream<K, V>(stream.builder, source, k, v, [source], false);
}

export function streamStreamJoin<K, V, VO>(
  left: KStream<K, V>,
  right: KStream<K, VO>,
  joiner: Joiner,
  windows: JoinWindows,
  type: 'inner' | 'left' | 'outer',
  options: StreamJoined<K, V, VO>,
): KStream<K, unknown> {
  const b = left.builder;
  const named = options.name;
  let joinThis = left;
  let joinOther = right;
  if (joinThis.repartitionRequired) joinThis = repartitionForJoin(joinThis, named !== undefined ? `${named}-left` : joinThis.name, options.keySerde, options.valueSerde);
  if (joinOther.repartitionRequired) joinOther = repartitionForJoin(joinOther, named !== undefined ? `${named}-right` : joinOther.name, options.keySerde, options.otherValueSerde);
  b.topology.copartitionSources([...joinThis.sourceNodes, ...joinOther.sourceNodes]);

  const leftOuter = type !== 'inner';
  const rightOuter = type === 'outer';
  const thisSuffix = rightOuter ? '-outer-this-join' : '-this-join';
  const otherSuffix = leftOuter ? '-outer-other-join' : '-other-join';
  const orGen = (suffix: string, prefix: string) => b.nameOr(named === undefined ? undefined : named + suffix, prefix);
  const thisWindowedName = orGen('-this-windowed', 'KSTREAM-WINDOWED-');
  const otherWindowedName = orGen('-other-windowed', 'KSTREAM-WINDOWED-');
  const thisPrefix = rightOuter ? 'KSTREAM-OUTERTHIS-' : 'KSTREAM-JOINTHIS-';
  const joinThisGenerated = b.newProcessorName(thisPrefix);
  const joinOtherGenerated = b.newProcessorName(leftOuter ? 'KSTREAM-OUTEROTHER-' : 'KSTREAM-JOINOTHER-');
  const joinThisName = named !== undefined ? named + thisSuffix : joinThisGenerated;
  const joinOtherName = named !== undefined ? named + otherSuffix : joinOtherGenerated;
  const mergeName = orGen('-merge', 'KSTREAM-MERGE-');
  const base = options.storeName;
  const thisStoreName = `${base !== undefined ? base + thisSuffix : joinThisGenerated}-store`;
  const otherStoreName = `${base !== undefined ? base + otherSuffix : joinOtherGenerated}-store`;
  const sharedSuffix = rightOuter ? '-outer-shared-join' : '-left-shared-join';
  const outerStoreName = leftOuter ? `${base !== undefined ? base + sharedSuffix : 'KSTREAM-OUTERSHARED-' + joinThisGenerated.slice(thisPrefix.length)}-store` : null;

  const keySerde = b.keySerde(options.keySerde ?? joinThis.keySerde) as Serde<unknown>;
  const thisValueSerde = b.valueSerde(options.valueSerde ?? joinThis.valueSerde) as Serde<unknown>;
  const otherValueSerde = b.valueSerde(options.otherValueSerde ?? joinOther.valueSerde) as Serde<unknown>;
  const windowOptions = { retentionMs: windows.size() + windows.gracePeriodMs(), windowSizeMs: windows.size(), retainDuplicates: true };
  const thisStore = Stores.windowStoreBuilder(thisStoreName, windowOptions, keySerde, thisValueSerde);
  const otherStore = Stores.windowStoreBuilder(otherStoreName, windowOptions, keySerde, otherValueSerde);
  if (options.loggingEnabled === false) {
    thisStore.withLoggingDisabled();
    otherStore.withLoggingDisabled();
  }
  const trackers = new Map<string, TimeTracker>();
  const t = b.topology;
  t.addProcessor(thisWindowedName, joinWindowSupplier(thisStoreName), joinThis.name);
  t.addProcessor(otherWindowedName, joinWindowSupplier(otherStoreName), joinOther.name);
  t.addProcessor(joinThisName, joinSideSupplier({ leftSide: true, otherStoreName, outerStoreName, windows, outer: leftOuter, joiner, trackers }), thisWindowedName);
  const reversed: Joiner = (r, l, k) => joiner(l, r, k);
  t.addProcessor(joinOtherName, joinSideSupplier({ leftSide: false, otherStoreName: thisStoreName, outerStoreName, windows, outer: rightOuter, joiner: reversed, trackers }), otherWindowedName);
  t.addProcessor(mergeName, passThroughSupplier(), joinThisName, joinOtherName);
  t.addStateStore(thisStore, thisWindowedName, joinOtherName);
  t.addStateStore(otherStore, otherWindowedName, joinThisName);
  if (outerStoreName !== null) {
    const keyS = timestampedKeyAndJoinSideSerde(keySerde);
    const valueS = leftOrRightValueSerde(thisValueSerde, otherValueSerde);
    const outer = new BasicStoreBuilder(outerStoreName, 'list-value', () => new InMemoryListValueStore(outerStoreName, keyS, valueS));
    if (options.loggingEnabled === false) outer.withLoggingDisabled();
    t.addStateStore(outer, joinThisName, joinOtherName);
  }
  const sources = [...new Set([...joinThis.sourceNodes, ...joinOther.sourceNodes])];
  // Kafka's KStreamImplJoin: the result's key serde is the join's own, never either input's (they may differ).
  return new KStream<K, unknown>(b, mergeName, options.keySerde, undefined, sources, false);
}

export function streamTableJoin<K, V, VT>(stream: KStream<K, V>, table: KTable<K, VT>, joiner: Joiner, leftJoin: boolean, joined: Joined<K, V, VT>): KStream<K, unknown> {
  const b = stream.builder;
  let s = stream;
  if (s.repartitionRequired) s = repartitionForJoin(s, joined.name ?? s.name, joined.keySerde, joined.valueSerde);
  b.topology.copartitionSources([...s.sourceNodes, ...table.sourceNodes]);
  const name = b.nameOr(joined.name, leftJoin ? 'KSTREAM-LEFTJOIN-' : 'KSTREAM-JOIN-');
  const getter = table.valueGetterSupplier();
  b.topology.addProcessor(name, streamTableJoinSupplier<K, V, VT, unknown>(getter, joiner as never, leftJoin), s.name);
  if (getter.storeNames.length > 0) b.topology.connectProcessorAndStateStores(name, ...getter.storeNames);
  return new KStream<K, unknown>(b, name, joined.keySerde ?? stream.keySerde, undefined, s.sourceNodes, false);
}
