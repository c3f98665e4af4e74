/**
 * The runtime form of one topology node inside a task: its processor instance, its context, its
 * children and its metrics. Sources forward deserialized records; processors run user or DSL
 * code; sinks serialize and hand records to the RecordCollector.
 *
 * Invariants: a failure inside a node is wrapped once, as a NodeFailure naming the innermost node
 * that threw, and travels up unchanged; a processor reaches only the stores connected to it.
 */
import { StreamsError } from '../errors.js';
import type {
  Cancellable,
  Processor,
  ProcessorContext,
  ProcessorMetadata,
  PunctuationType,
  RecordMetadata,
  StateStore,
  StreamRecord,
  TaskId,
} from '../processor/api.js';
import { payloadEncoderOf, payloadSerializerOf, serializeNullable, type Serde } from '../serdes/serde.js';
import type { RuntimeStateStore } from '../stores/state-store.js';
import type { NodeDef, SinkNodeDef, StreamPartitioner } from '../topology/nodes.js';
import { emptyNodeMetrics, type NodeMetrics } from './metrics.js';
import type { NodeTap } from './observers.js';
import type { RecordCollector } from './record-collector.js';

export class NodeFailure extends Error {
  constructor(
    readonly node: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NodeFailure';
  }
}

/** What a node needs from its task. */
export interface TaskServices {
  readonly applicationId: string;
  readonly taskId: TaskId;
  readonly collector: RecordCollector;
  readonly defaultKeySerde: Serde<unknown>;
  readonly defaultValueSerde: Serde<unknown>;
  store(name: string): RuntimeStateStore;
  schedule(node: NodeRuntime, intervalMs: number, type: PunctuationType, punctuator: (ts: number) => void): Cancellable;
  recordMetadata(): RecordMetadata | null;
  streamTime(): number;
  wallClockTime(): number;
  /** Timestamp of the record being processed (changelog records carry it). */
  currentTimestamp: number;
  /** Physical name of a logical topic (internal topics get the application id prefix). */
  physicalTopic(topic: string): string;
  /** The task's processor metadata (committed with its input offsets where the task commits). */
  readonly processorMetadata: ProcessorMetadata;
}

/**
 * One record in this many is timed per node (the first always): reading the clock around every
 * node for every record costs more than the nodes, and even one record in 16 cost (b) 4 %.
 */
export const LATENCY_SAMPLE_INTERVAL = 64;

export class NodeRuntime {
  readonly metrics: NodeMetrics;
  private latencySampledNs = 0;
  private latencySamples = 0;
  // A sink's writer, made at its first record (makeSinkWriter).
  private sinkWriter: ((record: StreamRecord<unknown, unknown>) => void) | undefined;
  readonly children: NodeRuntime[] = [];
  private readonly childByName = new Map<string, NodeRuntime>();
  private readonly processor: Processor<unknown, unknown, unknown, unknown> | undefined;
  private readonly isSink: boolean;
  readonly context: ProcessorContext;
  /** The listeners observing this node; undefined (one field check per forward) when none. */
  tap: NodeTap | undefined = undefined;

  constructor(
    readonly def: NodeDef,
    private readonly task: TaskServices,
  ) {
    this.metrics = emptyNodeMetrics(def.name);
    this.processor = def.kind === 'processor' ? def.supplier() : undefined;
    this.isSink = def.kind === 'sink';
    this.context = this.makeContext();
  }

  get name(): string {
    return this.def.name;
  }

  addChild(child: NodeRuntime): void {
    this.children.push(child);
    this.childByName.set(child.name, child);
  }

  init(): void {
    this.processor?.init?.(this.context);
  }

  close(): void {
    this.processor?.close?.();
  }

  process(record: StreamRecord<unknown, unknown>): void {
    if (this.metrics.recordsIn++ % LATENCY_SAMPLE_INTERVAL === 0) this.processTimed(record);
    else this.run(record);
  }

  /**
   * Runs the node on one record with the task's current timestamp set to the record's (restored
   * on the way out, also when it throws: a processor may catch what its children threw).
   */
  private run(record: StreamRecord<unknown, unknown>): void {
    const task = this.task;
    const previousTimestamp = task.currentTimestamp;
    task.currentTimestamp = record.timestamp;
    try {
      const processor = this.processor;
      if (processor !== undefined) processor.process(record);
      else if (this.isSink) this.send(record);
      else this.forward(record);
    } catch (error) {
      task.currentTimestamp = previousTimestamp;
      if (error instanceof NodeFailure) throw error;
      this.metrics.errors++;
      throw new NodeFailure(this.name, error);
    }
    task.currentTimestamp = previousTimestamp;
  }

  private processTimed(record: StreamRecord<unknown, unknown>): void {
    const started = performance.now();
    try {
      this.run(record);
    } finally {
      const elapsed = Math.round((performance.now() - started) * 1e6);
      this.latencySampledNs += elapsed;
      this.latencySamples++;
      if (elapsed > this.metrics.processLatencyMaxNs) this.metrics.processLatencyMaxNs = elapsed;
    }
  }

  /** A copy of the metrics, with the total latency estimated from the timed samples. */
  metricsSnapshot(): NodeMetrics {
    const m = this.metrics;
    const totalNs = this.latencySamples === 0 ? 0 : Math.round((this.latencySampledNs / this.latencySamples) * m.recordsIn);
    return { ...m, processLatencyTotalNs: Math.max(totalNs, m.processLatencyMaxNs) };
  }

  forward(record: StreamRecord<unknown, unknown>, childName?: string): void {
    if (this.tap !== undefined) this.observeForward(record);
    if (childName !== undefined) {
      const child = this.childByName.get(childName);
      if (!child) throw new StreamsError('STREAMS_ILLEGAL_STATE', `Unknown downstream node: ${childName} (a child of ${this.name})`, { node: this.name });
      this.metrics.recordsOut++;
      child.process(record);
      return;
    }
    const children = this.children;
    for (let i = 0; i < children.length; i++) {
      this.metrics.recordsOut++;
      children[i]!.process(record);
    }
  }

  private send(record: StreamRecord<unknown, unknown>): void {
    (this.sinkWriter ??= this.makeSinkWriter())(record);
  }

  /**
   * The sink's writer, made at its first record: topic, serdes and the collector's best way in
   * (text payloads, a value encoder) are settled once, not per record. The key is serialized
   * first; a value with an encoder is serialized by the collector after the partitioner ran.
   */
  private makeSinkWriter(): (record: StreamRecord<unknown, unknown>) => void {
    const def = this.def as SinkNodeDef;
    const topic = this.task.physicalTopic(def.topic);
    const keySerde = def.keySerde ?? this.task.defaultKeySerde;
    const valueSerde = def.valueSerde ?? this.task.defaultValueSerde;
    const collector = this.task.collector;
    const partitionOf = def.partitioner === undefined ? undefined : this.customPartitioner(def.partitioner, topic);
    const metrics = this.metrics;
    // After a record is handed to the collector: counted, and shown to the sink's observers.
    const done = (record: StreamRecord<unknown, unknown>, partition: number | undefined): void => {
      metrics.recordsOut++;
      if (this.tap === undefined) return;
      const { key, value, timestamp, headers } = record;
      this.tap.emit(partition === undefined ? { key, value, timestamp, headers, topic } : { key, value, timestamp, headers, topic, partition });
    };
    if (collector.sendPayload === undefined) {
      return (record) => {
        checkOutputTimestamp(record);
        const key = serializeNullable(keySerde, topic, record.key);
        const value = serializeNullable(valueSerde, topic, record.value);
        const partition = partitionOf?.(record);
        collector.send(topic, key, value, record.headers, record.timestamp, partition);
        done(record, partition);
      };
    }
    const keyPayload = payloadSerializerOf(keySerde);
    const valuePayload = payloadSerializerOf(valueSerde);
    // With an encoder, the collector serializes the value itself, straight into its batch.
    const encoder = collector.sendEncoded === undefined ? undefined : payloadEncoderOf(valueSerde);
    return (record) => {
      checkOutputTimestamp(record);
      const key = keyPayload(topic, record.key);
      const v = record.value;
      if (encoder !== undefined && v !== null && v !== undefined) {
        const partition = partitionOf?.(record);
        collector.sendEncoded!(topic, key, v, encoder, record.headers, record.timestamp, partition);
        done(record, partition);
        return;
      }
      const value = valuePayload(topic, v);
      const partition = partitionOf?.(record);
      collector.sendPayload!(topic, key, value, record.headers, record.timestamp, partition);
      done(record, partition);
    };
  }

  /** The partition a custom partitioner picks for a record, checked against the topic's partition count. */
  private customPartitioner(partitioner: StreamPartitioner, topic: string): (record: StreamRecord<unknown, unknown>) => number | undefined {
    return (record) => {
      const count = this.task.collector.partitionsFor?.(topic);
      if (count === undefined) throw new Error(`Cannot use a custom partitioner for topic ${topic}: its partition count is unknown`);
      const partition = partitioner(topic, record.key, record.value, count);
      if (partition !== undefined && (!Number.isInteger(partition) || partition < 0 || partition >= count)) {
        throw new Error(`The partitioner of ${this.name} returned partition ${partition}, outside [0, ${count}) of topic ${topic}`);
      }
      return partition;
    };
  }

  /** Hands a forwarded record to this node's observers (a source adds where it read it). */
  private observeForward(record: StreamRecord<unknown, unknown>): void {
    const { key, value, timestamp, headers } = record;
    const origin = this.def.kind === 'source' ? this.task.recordMetadata() : null;
    this.tap!.emit(origin === null ? { key, value, timestamp, headers } : { key, value, timestamp, headers, topic: origin.topic, partition: origin.partition, offset: origin.offset });
  }

  private makeContext(): ProcessorContext {
    const task = this.task;
    const name = this.name;
    const metrics = this.metrics;
    const allowed = new Set(this.def.kind === 'processor' ? this.def.stores : []);
    return {
      applicationId: task.applicationId,
      taskId: task.taskId,
      forward: (record, childName) => this.forward(record, childName),
      getStateStore<S extends StateStore = StateStore>(storeName: string): S {
        if (!allowed.has(storeName)) {
          throw new StreamsError('STREAMS_UNKNOWN_STORE', `Processor ${name} has no access to StateStore ${storeName} as the store is not connected to the processor.`, {
            node: name,
          });
        }
        return task.store(storeName) as unknown as S;
      },
      schedule: (intervalMs, type, punctuator) => task.schedule(this, intervalMs, type, punctuator),
      recordMetadata: () => task.recordMetadata(),
      currentStreamTimeMs: () => task.streamTime(),
      currentSystemTimeMs: () => task.wallClockTime(),
      recordDropped: (reason) => {
        metrics.droppedRecords++;
        if (reason === 'late') metrics.lateRecords++;
      },
      processorMetadata: task.processorMetadata,
    };
  }
}

/** Kafka's RecordCollector refuses an output record with a negative timestamp. */
function checkOutputTimestamp(record: StreamRecord<unknown, unknown>): void {
  if (record.timestamp < 0) {
    throw new Error(`Invalid (negative) timestamp of ${record.timestamp} for output record <${String(record.key)}:${String(record.value)}>.`);
  }
}
