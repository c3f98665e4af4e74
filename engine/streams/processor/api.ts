/**
 * The typed low-level Processor API (Kafka's `org.apache.kafka.streams.processor.api`). The DSL is
 * built on it; code nodes and connectors add their own processors through `Topology.addProcessor`.
 *
 * Invariants: records are immutable values (use `withKey`/`withValue`/… to derive); a processor
 * forwards only from inside `process` or a punctuator; `forward` runs the children synchronously,
 * depth first, before it returns.
 */
import type { Header } from '../../client/log-client.js';

export type { Header };

export interface StreamRecord<K, V> {
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly headers: readonly Header[];
}

export function record<K, V>(key: K, value: V, timestamp: number, headers: readonly Header[] = []): StreamRecord<K, V> {
  return { key, value, timestamp, headers };
}

export function withKey<K, V, K2>(r: StreamRecord<K, V>, key: K2): StreamRecord<K2, V> {
  return { key, value: r.value, timestamp: r.timestamp, headers: r.headers };
}

export function withValue<K, V, V2>(r: StreamRecord<K, V>, value: V2): StreamRecord<K, V2> {
  return { key: r.key, value, timestamp: r.timestamp, headers: r.headers };
}

export function withTimestamp<K, V>(r: StreamRecord<K, V>, timestamp: number): StreamRecord<K, V> {
  return { key: r.key, value: r.value, timestamp, headers: r.headers };
}

/** Where the record being processed came from (absent inside wall-clock punctuation). */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export interface TaskId {
  readonly subtopology: number;
  readonly partition: number;
}

export function taskIdString(id: TaskId): string {
  return `${id.subtopology}_${id.partition}`;
}

export type PunctuationType = 'stream-time' | 'wall-clock';

export interface Cancellable {
  cancel(): void;
}

/** A state store as a processor sees it; concrete types live in `stores/`. */
export interface StateStore {
  readonly name: string;
}

export interface ProcessorContext<KOut = unknown, VOut = unknown> {
  readonly applicationId: string;
  readonly taskId: TaskId;
  /** Sends a record to every child, or only to `childName`. */
  forward(record: StreamRecord<KOut, VOut>, childName?: string): void;
  getStateStore<S extends StateStore = StateStore>(name: string): S;
  /**
   * Stream-time punctuation fires when the task's stream time passes each multiple of the
   * interval (aligned to 0, as soon as there is data); wall-clock punctuation fires `intervalMs`
   * after scheduling and then every interval. Missed intervals are skipped, not replayed.
   */
  schedule(intervalMs: number, type: PunctuationType, punctuator: (timestampMs: number) => void): Cancellable;
  recordMetadata(): RecordMetadata | null;
  /** The task's stream time (max timestamp seen), -1 before the first record. */
  currentStreamTimeMs(): number;
  currentSystemTimeMs(): number;
  /** Counts a skipped record in this node's metrics (`late` also counts as a late drop). */
  recordDropped(reason: 'late' | 'null-key' | 'null-value' | 'expired' | string): void;
  /**
   * @internal The task's processor metadata (Kafka's ProcessorMetadata): numbers the DSL's
   * processors keep across restarts, committed with the task's input offsets and read back when
   * the task is created again. Absent in a context made outside a task.
   */
  readonly processorMetadata?: ProcessorMetadata;
}

/** Named numbers committed with a task's input offsets (see ProcessorContext#processorMetadata). */
export interface ProcessorMetadata {
  get(key: string): number | undefined;
  set(key: string, value: number): void;
}

export interface Processor<KIn, VIn, KOut = never, VOut = never> {
  init?(context: ProcessorContext<KOut, VOut>): void;
  process(record: StreamRecord<KIn, VIn>): void;
  close?(): void;
}

export type ProcessorSupplier<KIn, VIn, KOut = never, VOut = never> = () => Processor<KIn, VIn, KOut, VOut>;

/** A processor with its context kept, like Kafka's ContextualProcessor. */
export abstract class ContextualProcessor<KIn, VIn, KOut = never, VOut = never> implements Processor<KIn, VIn, KOut, VOut> {
  private ctx: ProcessorContext<KOut, VOut> | undefined;

  init(context: ProcessorContext<KOut, VOut>): void {
    this.ctx = context;
  }

  protected context(): ProcessorContext<KOut, VOut> {
    if (!this.ctx) throw new Error('Processor used before init()');
    return this.ctx;
  }

  abstract process(record: StreamRecord<KIn, VIn>): void;
}

/** Kafka's `KeyValue`. */
export interface KeyValue<K, V> {
  readonly key: K;
  readonly value: V;
}

export function keyValue<K, V>(key: K, value: V): KeyValue<K, V> {
  return { key, value };
}

/** An extractor that picks the event time of a consumed record; default: the record timestamp. */
export type TimestampExtractor<K = unknown, V = unknown> = (
  record: { key: K | null; value: V | null; timestamp: number; topic: string; partition: number; offset: number },
  partitionTimeMs: number,
) => number;
