/**
 * Public surface of the streams core: the DSL, the Processor API, serdes, windows, stores, the
 * topology (with partition bookkeeping for a runtime), StreamTask and the TopologyTestDriver.
 * Everything not exported here is internal and may change.
 */
export { StreamsError, type StreamsErrorCode } from './errors.js';

export { Serdes, type Serde, serializeNullable, deserializeNullable } from './serdes/serde.js';
export { WindowedSerdes, timeWindowedSerde, sessionWindowedSerde } from './serdes/windowed-serdes.js';

export {
  ContextualProcessor,
  keyValue,
  record,
  taskIdString,
  withKey,
  withTimestamp,
  withValue,
  type Cancellable,
  type Header,
  type KeyValue,
  type Processor,
  type ProcessorContext,
  type ProcessorSupplier,
  type PunctuationType,
  type RecordMetadata,
  type StateStore,
  type StreamRecord,
  type TaskId,
  type TimestampExtractor,
} from './processor/api.js';
export { change, changeSerde, type Change } from './processor/change.js';

export { JoinWindows, SessionWindows, SlidingWindows, TimeWindows } from './windows/windows.js';
export { formatWindowed, windowed, type Window, type Windowed } from './windows/windowed.js';

export { Stores } from './stores/stores.js';
export { BasicStoreBuilder, changelogTopicName, type ChangelogRecord, type StoreBuilder, type StoreKind } from './stores/state-store.js';
export {
  InMemoryKeyValueStore,
  timestampedSerde,
  valueAndTimestamp,
  type KeyValueStore,
  type ReadOnlyKeyValueStore,
  type ValueAndTimestamp,
} from './stores/key-value-store.js';
export { InMemoryWindowStore, type ReadOnlyWindowStore, type WindowStore, type WindowStoreEntry } from './stores/window-store.js';
export { InMemorySessionStore, type ReadOnlySessionStore, type SessionStore } from './stores/session-store.js';

export { Topology } from './topology/topology.js';
export type { SinkOptions, SourceOptions, StreamPartitioner, Subtopology } from './topology/nodes.js';
export type { NodeDescription, SubtopologyDescription, TopologyDescription } from './topology/describe.js';
export type { PartitionCounts, ResolvedPartitions } from './topology/partitions.js';

export { StreamsBuilder, type StreamsBuilderConfig } from './dsl/streams-builder.js';
export { KStream } from './dsl/kstream.js';
export { KTable, type TableOptions } from './dsl/ktable.js';
export { KGroupedStream, type AggregateOptions } from './dsl/kgrouped-stream.js';
export { KGroupedTable } from './dsl/kgrouped-table.js';
export { SessionWindowedKStream, TimeWindowedKStream } from './dsl/windowed-kstream.js';
export { BranchedKStream } from './dsl/branched-kstream.js';
export {
  Branched,
  BufferConfig,
  EmitStrategy,
  Suppressed,
  type Consumed,
  type Grouped,
  type Joined,
  type Materialized,
  type Named,
  type Produced,
  type Repartitioned,
  type StreamJoined,
} from './dsl/options.js';
export type * from './dsl/functions.js';

export { StreamTask, type StreamTaskOptions } from './runtime/stream-task.js';
export { CapturingRecordCollector, type CollectedRecord, type RecordCollector } from './runtime/record-collector.js';
export { DLQ_HEADERS, type ErrorPolicy } from './runtime/dead-letter.js';
export type { NodeMetrics, NodeTotals, TaskMetrics } from './runtime/metrics.js';
export type { ObservedRecord, RecordObserver } from './runtime/observers.js';

export { TopologyTestDriver, type TopologyTestDriverOptions } from './test-driver.js';
export { TestInputTopic, TestOutputTopic, type TestRecord } from './test-driver-topics.js';
