/**
 * StreamTask: one sub-topology instance for one partition number — the unit the runtime creates
 * per assigned partition (task id `<subtopology>_<partition>`), and the test driver drives
 * synchronously.
 *
 * Contract:
 * - `process(record)` handles one consumed record of one of `inputTopics()` (physical names, at
 *   this task's partition) to completion: deserialize, extract the timestamp, advance stream time
 *   (max timestamp seen), run the processors depth first, then fire due stream-time punctuators.
 *   Everything produced goes to the RecordCollector before `process` returns.
 * - `punctuate(wallClockMs)` fires due wall-clock punctuators.
 * - `commit()` flushes the stores and returns `consumedOffsets()`: the next offset per input
 *   partition. Commit them only after the collector has acknowledged what was sent before.
 * - `restore(store, records)` replays changelog records into a store before processing starts.
 * - A deserialization or processing failure follows the error policy: 'continue' sends the
 *   original record to the dead-letter topic with `sluice.*` headers and goes on; 'fail' throws a
 *   StreamsError naming the node, topic, partition and offset.
 */
import { isSpanRecord, type ConsumedRecord, type Header, type TopicPartitionOffset } from '../../client/log-client.js';
import { encodeToBuffer } from '../../client/record-batch-builder.js';
import type { Clock } from '../../util/clock.js';
import { silentLogger, type Logger } from '../../util/logger.js';
import { StreamsError, errorMessage } from '../errors.js';
import { record, taskIdString, type Cancellable, type ProcessorMetadata, type PunctuationType, type RecordMetadata, type TaskId } from '../processor/api.js';
import { deserializeNullable, spanDeserializerOf, type Serde, type SpanDeserializer } from '../serdes/serde.js';
import type { ChangelogRecord, RuntimeStateStore } from '../stores/state-store.js';
import { decodeCommitMetadata, encodeCommitMetadata, isLegacyCommitMetadata } from './commit-metadata.js';
import type { SourceNodeDef } from '../topology/nodes.js';
import type { Topology } from '../topology/topology.js';
import { deadLetterRecord, type ErrorPolicy } from './dead-letter.js';
import type { TaskMetrics } from './metrics.js';
import { NodeFailure, NodeRuntime, type TaskServices } from './node-runtime.js';
import type { NodeTap, TapTarget } from './observers.js';
import { PunctuationQueue } from './punctuation.js';
import type { RecordCollector } from './record-collector.js';

export interface StreamTaskOptions {
  topology: Topology;
  /** The sub-topology this task runs; 'all' runs every one in this task (the test driver's one task, id 0_<partition>). */
  subtopology: number | 'all';
  partition: number;
  applicationId: string;
  collector: RecordCollector;
  /** Wall clock for currentSystemTimeMs() and wall-clock schedules; default Date.now. */
  clock?: Pick<Clock, 'now'>;
  errorPolicy?: ErrorPolicy;
  /** Default `<applicationId>-dlq`. */
  deadLetterTopic?: string;
  logger?: Logger;
}

const NO_TIMESTAMP = -1;
/** Changelog records carry no headers (collectors copy what they keep, so one array serves all). */
const NO_HEADERS: readonly Header[] = Object.freeze([]);

/** Where a task is in one input partition: the next offset to read, and the partition time. */
interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  offset: number;
  /** The largest timestamp extracted from the partition's records so far (Kafka's partition time). */
  timeMs: number;
}

/** A source node with its serdes and their span deserializers, looked up once. */
interface SourceInput {
  readonly node: NodeRuntime;
  readonly keySerde: Serde<unknown>;
  readonly valueSerde: Serde<unknown>;
  readonly keySpan: SpanDeserializer<unknown>;
  readonly valueSpan: SpanDeserializer<unknown>;
}

export class StreamTask implements TapTarget {
  readonly id: TaskId;
  private readonly nodes = new Map<string, NodeRuntime>();
  private readonly sources = new Map<string, SourceInput>();
  private readonly stores = new Map<string, RuntimeStateStore>();
  private readonly changelogs = new Map<string, string>();
  private readonly offsets = new Map<string, PartitionProgress>();
  // The offsets entry of the partition of the last record (records come in runs per partition).
  private lastOffsets: PartitionProgress | undefined;
  // The source of the topic of the last record, for the same reason.
  private lastSourceTopic = '';
  private lastSource: SourceInput | undefined;
  private readonly punctuations = new PunctuationQueue();
  private readonly services: TaskServices;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly logger: Logger;
  private readonly errorPolicy: ErrorPolicy;
  readonly deadLetterTopic: string;
  // Metadata of the record being processed (hasCurrent); the object is made only when asked for.
  private hasCurrent = false;
  private currentTopic = '';
  private currentPartition = 0;
  private currentOffset = 0;
  private currentMetadata: RecordMetadata | null = null;
  private streamTimeMs = NO_TIMESTAMP;
  // What the DSL's processors keep across restarts, committed with the input offsets.
  private readonly metadata = new Map<string, number>();
  private recordsProcessed = 0;
  /** Committed by a Sluice whose timestamped changelogs this one cannot read (commit-metadata.ts). */
  private legacyState = false;
  private initialized = false;
  private closed = false;

  constructor(private readonly options: StreamTaskOptions) {
    const { topology, applicationId, partition } = options;
    this.id = { subtopology: options.subtopology === 'all' ? 0 : options.subtopology, partition };
    this.clock = options.clock ?? { now: () => Date.now() };
    this.logger = options.logger ?? silentLogger;
    this.errorPolicy = options.errorPolicy ?? 'fail';
    this.deadLetterTopic = options.deadLetterTopic ?? `${applicationId}-dlq`;
    const subs = options.subtopology === 'all' ? topology.subtopologies() : [topology.subtopology(options.subtopology)];
    this.services = {
      applicationId,
      taskId: this.id,
      collector: options.collector,
      defaultKeySerde: topology.defaultKeySerde,
      defaultValueSerde: topology.defaultValueSerde,
      currentTimestamp: NO_TIMESTAMP,
      store: (name) => this.store(name),
      schedule: (node, intervalMs, type, punctuator) => this.schedule(node, intervalMs, type, punctuator),
      recordMetadata: () => this.recordMetadata(),
      streamTime: () => this.streamTimeMs,
      wallClockTime: () => this.clock.now(),
      processorMetadata: { get: (key) => this.metadata.get(key), set: (key, value) => void this.metadata.set(key, value) } satisfies ProcessorMetadata,
      physicalTopic: (topic) => this.physicalTopic(topic),
    };
    const logical = topology.changelogTopics();
    for (const name of subs.flatMap((sub) => sub.stores)) {
      const builder = topology.stores.get(name);
      if (!builder) continue;
      const store = builder.build();
      const changelog = logical.get(name);
      const changelogTopic = changelog === undefined ? null : `${applicationId}-${changelog}`;
      if (changelogTopic !== null) this.changelogs.set(name, changelogTopic);
      store.init({
        applicationId,
        changelogTopic,
        serdeTopic: changelogTopic ?? `${applicationId}-${name}-changelog`,
        logChange: (key, value, at) => {
          if (changelogTopic !== null) options.collector.send(changelogTopic, key, value, NO_HEADERS, Math.max(0, at ?? this.services.currentTimestamp), partition);
        },
        logChangeEncoded: (key, encodeKey, value, at, valueFrom = 0) => {
          if (changelogTopic === null) return;
          const collector = options.collector;
          const timestamp = Math.max(0, at ?? this.services.currentTimestamp);
          if (collector.sendEncodedKey !== undefined) collector.sendEncodedKey(changelogTopic, key, encodeKey, value, NO_HEADERS, timestamp, partition, valueFrom);
          else collector.send(changelogTopic, encodeToBuffer(key, encodeKey), value === null || valueFrom === 0 ? value : value.subarray(valueFrom), NO_HEADERS, timestamp, partition);
        },
      });
      this.stores.set(name, store);
    }
    for (const name of subs.flatMap((sub) => sub.nodes)) this.nodes.set(name, new NodeRuntime(topology.node(name), this.services));
    for (const node of this.nodes.values()) {
      for (const child of node.def.successors) {
        const runtime = this.nodes.get(child);
        if (runtime) node.addChild(runtime);
      }
      if (node.def.kind === 'source') {
        const keySerde = node.def.keySerde ?? this.services.defaultKeySerde;
        const valueSerde = node.def.valueSerde ?? this.services.defaultValueSerde;
        const input: SourceInput = { node, keySerde, valueSerde, keySpan: spanDeserializerOf(keySerde), valueSpan: spanDeserializerOf(valueSerde) };
        for (const topic of node.def.topics) this.sources.set(this.physicalTopic(topic), input);
      }
    }
  }

  get taskId(): string {
    return taskIdString(this.id);
  }

  get applicationId(): string {
    return this.options.applicationId;
  }

  /** Physical topics this task reads, at partition `id.partition`. */
  inputTopics(): string[] {
    return [...this.sources.keys()];
  }

  /** Store name → physical changelog topic, for the stores of this task with logging enabled. */
  changelogTopics(): Map<string, string> {
    return new Map(this.changelogs);
  }

  storeNames(): string[] {
    return [...this.stores.keys()];
  }

  store(name: string): RuntimeStateStore {
    const store = this.stores.get(name);
    if (!store) throw new StreamsError('STREAMS_UNKNOWN_STORE', `Task ${this.taskId} has no state store ${name}`);
    return store;
  }

  streamTime(): number {
    return this.streamTimeMs;
  }

  /** Sets or clears the observers of node `name` (see observers.ts); ignored if the task lacks it. */
  setTap(name: string, tap: NodeTap | undefined): void {
    const node = this.nodes.get(name);
    if (node !== undefined) node.tap = tap;
  }

  /** Rebuilds a store from its changelog records (call before processing). */
  restore(storeName: string, records: readonly (ChangelogRecord | ConsumedRecord)[]): void {
    if (this.legacyState && records.length > 0 && this.options.topology.stores.get(storeName)?.timestamped === true) {
      throw new StreamsError(
        'STREAMS_ILLEGAL_STATE',
        `Task ${this.taskId} cannot restore store ${storeName} from ${this.changelogs.get(storeName) ?? 'its changelog'}: an earlier Sluice wrote it in a format ` +
          'this one does not read (values with a timestamp prefix). Reset the application (delete its internal topics and the committed offsets of its group) ' +
          'so that its state is rebuilt from the input.',
      );
    }
    this.store(storeName).restore(records);
  }

  /** Runs processor init(); process() does it on first use. */
  initialize(): void {
    if (this.initialized) return;
    this.initialized = true;
    for (const node of this.nodes.values()) node.init();
  }

  process(consumed: ConsumedRecord): void {
    this.requireOpen();
    this.initialize();
    const topic = consumed.topic;
    let source = this.lastSource;
    if (topic !== this.lastSourceTopic || source === undefined) {
      source = this.sources.get(topic);
      this.lastSourceTopic = topic;
      this.lastSource = source;
    }
    if (!source) throw new StreamsError('STREAMS_UNKNOWN_TOPIC', `Task ${this.taskId} does not read topic ${topic}`, { topic });
    const progress = this.trackOffset(topic, consumed.partition, consumed.offset + 1);
    this.recordsProcessed++;
    const node = source.node;
    const def = node.def as SourceNodeDef;
    let key: unknown;
    let value: unknown;
    let timestamp: number;
    try {
      if (isSpanRecord(consumed)) {
        key = source.keySpan(topic, consumed.bytes, consumed.keyAt, consumed.keyLength);
        value = source.valueSpan(topic, consumed.bytes, consumed.valueAt, consumed.valueLength);
      } else {
        key = deserializeNullable(source.keySerde, topic, consumed.key);
        value = deserializeNullable(source.valueSerde, topic, consumed.value);
      }
      timestamp = def.timestampExtractor
        ? def.timestampExtractor({ key, value, timestamp: consumed.timestamp, topic, partition: consumed.partition, offset: consumed.offset } as never, progress.timeMs)
        : consumed.timestamp;
      if (def.timestampExtractor !== undefined && timestamp < 0) {
        // Kafka's RecordQueue skips a record whose extractor returned a negative timestamp (what
        // LogAndSkipOnInvalidTimestamp does) and counts it as dropped.
        node.metrics.droppedRecords++;
        this.logger.warn(`Skipping record due to negative extracted timestamp ${timestamp} (topic ${topic}, partition ${consumed.partition}, offset ${consumed.offset})`);
        return;
      }
      if (!(timestamp >= 0)) throw new Error(`Input record has invalid (negative) timestamp ${timestamp}`);
    } catch (error) {
      node.metrics.errors++;
      this.handleFailure('deserialization', node.name, consumed, error);
      return;
    }
    this.streamTimeMs = Math.max(this.streamTimeMs, timestamp);
    if (timestamp > progress.timeMs) progress.timeMs = timestamp;
    this.hasCurrent = true;
    this.currentTopic = topic;
    this.currentPartition = consumed.partition;
    this.currentOffset = consumed.offset;
    this.currentMetadata = null;
    try {
      node.process(record(key, value, timestamp, consumed.headers));
    } catch (error) {
      const failure = error instanceof NodeFailure ? error : new NodeFailure(node.name, error);
      this.handleFailure('processing', failure.node, consumed, failure.cause);
    } finally {
      this.hasCurrent = false;
      this.currentMetadata = null;
    }
    this.punctuateType('stream-time', this.streamTimeMs);
  }

  /** Fires due wall-clock punctuators; true if any fired. */
  punctuate(wallClockMs: number = this.clock.now()): boolean {
    this.requireOpen();
    this.initialize();
    return this.punctuateType('wall-clock', wallClockMs);
  }

  /** Flushes stores and returns the offsets (next to read) to commit once the output is acknowledged. */
  commit(): TopicPartitionOffset[] {
    for (const store of this.stores.values()) store.flush();
    return this.consumedOffsets();
  }

  /** The next offset to read per input partition, with the partition time and processor metadata to commit beside it. */
  consumedOffsets(): TopicPartitionOffset[] {
    const processor = Object.fromEntries(this.metadata);
    return [...this.offsets.values()].map(({ topic, partition, offset, timeMs }) => ({
      topic,
      partition,
      offset,
      metadata: encodeCommitMetadata({ partitionTimeMs: timeMs, processor }),
    }));
  }

  /**
   * Resumes from what was committed for this task's partitions (call before processing): each
   * partition's position and time, the stream time (their largest), and the processor metadata.
   * Offsets without metadata of this format are taken as positions only.
   */
  resumeFrom(committed: readonly TopicPartitionOffset[]): void {
    for (const c of committed) {
      if (c.offset < 0 || c.partition !== this.id.partition || !this.sources.has(c.topic)) continue;
      const progress = this.trackOffset(c.topic, c.partition, c.offset);
      if (isLegacyCommitMetadata(c.metadata)) this.legacyState = true;
      const metadata = decodeCommitMetadata(c.metadata);
      if (metadata === undefined) continue;
      progress.timeMs = Math.max(progress.timeMs, metadata.partitionTimeMs);
      this.streamTimeMs = Math.max(this.streamTimeMs, metadata.partitionTimeMs);
      for (const [key, value] of Object.entries(metadata.processor)) this.metadata.set(key, Math.max(this.metadata.get(key) ?? value, value));
    }
  }

  metrics(): TaskMetrics {
    const nodes = [...this.nodes.values()].map((n) => n.metricsSnapshot());
    const sum = (f: (m: (typeof nodes)[number]) => number) => nodes.reduce((a, m) => a + f(m), 0);
    return {
      taskId: this.taskId,
      streamTimeMs: this.streamTimeMs,
      recordsProcessed: this.recordsProcessed,
      droppedRecords: sum((m) => m.droppedRecords),
      lateRecords: sum((m) => m.lateRecords),
      errors: sum((m) => m.errors),
      nodes,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.punctuations.clear();
    const failures: unknown[] = [];
    for (const node of this.nodes.values()) {
      try {
        node.close();
      } catch (error) {
        failures.push(error);
      }
    }
    for (const store of this.stores.values()) store.close();
    if (failures.length > 0) {
      throw new StreamsError('STREAMS_PROCESSING_FAILED', `Closing task ${this.taskId} failed: ${errorMessage(failures[0])}`, { cause: failures[0] });
    }
  }

  private recordMetadata(): RecordMetadata | null {
    if (!this.hasCurrent) return null;
    return (this.currentMetadata ??= { topic: this.currentTopic, partition: this.currentPartition, offset: this.currentOffset });
  }

  /** Sets the partition's next offset; returns its progress. */
  private trackOffset(topic: string, partition: number, next: number): PartitionProgress {
    let entry = this.lastOffsets;
    if (entry === undefined || entry.topic !== topic || entry.partition !== partition) {
      const key = `${topic}\u0000${partition}`;
      entry = this.offsets.get(key);
      if (entry === undefined) this.offsets.set(key, (entry = { topic, partition, offset: next, timeMs: NO_TIMESTAMP }));
      this.lastOffsets = entry;
    }
    entry.offset = next;
    return entry;
  }

  private physicalTopic(topic: string): string {
    return this.options.topology.isRepartitionTopic(topic) ? `${this.options.applicationId}-${topic}` : topic;
  }

  private schedule(node: NodeRuntime, intervalMs: number, type: PunctuationType, punctuator: (ts: number) => void): Cancellable {
    const first = type === 'stream-time' ? 0 : this.clock.now() + intervalMs;
    return this.punctuations.add(node.name, intervalMs, type, first, punctuator);
  }

  private punctuateType(type: PunctuationType, nowMs: number): boolean {
    if (type === 'stream-time' && nowMs === NO_TIMESTAMP) return false;
    if (!this.punctuations.hasDue(type, nowMs)) return false;
    return this.punctuations.mayPunctuate(type, nowMs, (schedule) => {
      const node = this.nodes.get(schedule.owner);
      const previous = this.services.currentTimestamp;
      this.services.currentTimestamp = nowMs;
      try {
        schedule.punctuator(nowMs);
      } catch (error) {
        const failure = error instanceof NodeFailure ? error : new NodeFailure(schedule.owner, error);
        if (node && !(error instanceof NodeFailure)) node.metrics.errors++;
        if (this.errorPolicy === 'fail') {
          throw new StreamsError('STREAMS_PUNCTUATION_FAILED', `Punctuation (${type}) failed at node ${failure.node} in task ${this.taskId}: ${errorMessage(failure.cause)}`, {
            node: failure.node,
            cause: failure.cause,
          });
        }
        this.logger.warn(`Punctuation (${type}) failed at node ${failure.node} in task ${this.taskId}; continuing: ${errorMessage(failure.cause)}`);
      } finally {
        this.services.currentTimestamp = previous;
      }
    });
  }

  private handleFailure(kind: 'deserialization' | 'processing', node: string, consumed: ConsumedRecord, cause: unknown): void {
    const where = `topic=${consumed.topic} partition=${consumed.partition} offset=${consumed.offset}`;
    const what = kind === 'deserialization' ? 'Deserialization' : 'Processing';
    const message = `${what} failed at node ${node} for record ${where}: ${errorMessage(cause)}`;
    if (this.errorPolicy === 'fail') {
      throw new StreamsError(kind === 'deserialization' ? 'STREAMS_DESERIALIZATION_FAILED' : 'STREAMS_PROCESSING_FAILED', message, {
        node,
        topic: consumed.topic,
        partition: consumed.partition,
        offset: consumed.offset,
        cause,
      });
    }
    // Skipped by the continue policy: dropped, as Kafka's handlers count it (dropped-records).
    const failed = this.nodes.get(node);
    if (failed !== undefined) failed.metrics.droppedRecords++;
    this.logger.warn(`${message}; sent to ${this.deadLetterTopic} and continuing`);
    const dlq = deadLetterRecord(consumed, node, cause);
    this.options.collector.send(this.deadLetterTopic, dlq.key, dlq.value, dlq.headers, dlq.timestamp);
  }

  private requireOpen(): void {
    if (this.closed) throw new StreamsError('STREAMS_ILLEGAL_STATE', `Task ${this.taskId} is closed`);
  }
}
