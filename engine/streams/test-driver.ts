/**
 * TopologyTestDriver: runs a Topology synchronously with no broker and a manual wall clock
 * (Kafka's TopologyTestDriver). One StreamTask (0_0) runs every sub-topology, as Kafka's driver
 * does: stream time and punctuation are the task's, across all its input topics.
 *
 * Each piped record is processed to completion before pipeInput returns: the task processes it,
 * fires due stream-time punctuators and commits; records written to internal repartition topics
 * are fed back to the task (FIFO) until nothing is left. Everything sent —
 * sink, repartition, changelog and dead-letter records — is captured: output topics read it, and
 * `capturedRecords()` exposes the raw bytes (e.g. to restore a store from its changelog).
 * Wall-clock punctuators fire only through `advanceWallClockTime`.
 */
import type { ConsumedRecord, Header } from '../client/log-client.js';
import { ManualClock, type Disposable } from '../util/clock.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { StreamsError } from './errors.js';
import type { Serde } from './serdes/serde.js';
import { plainValueView, type KeyValueStore, type ReadOnlyKeyValueStore, type ValueAndTimestamp } from './stores/key-value-store.js';
import type { ReadOnlySessionStore } from './stores/session-store.js';
import type { RuntimeStateStore } from './stores/state-store.js';
import { plainWindowView, type ReadOnlyWindowStore, type WindowStore } from './stores/window-store.js';
import type { ErrorPolicy } from './runtime/dead-letter.js';
import type { TaskMetrics } from './runtime/metrics.js';
import { ObserverRegistry, type ObservedRecord } from './runtime/observers.js';
import type { CollectedRecord, RecordCollector } from './runtime/record-collector.js';
import { StreamTask } from './runtime/stream-task.js';
import { TestInputTopic, TestOutputTopic, type RawPipe } from './test-driver-topics.js';
import type { Topology } from './topology/topology.js';

export interface TopologyTestDriverOptions {
  applicationId?: string;
  initialWallClockMs?: number;
  errorPolicy?: ErrorPolicy;
  deadLetterTopic?: string;
  /** Partition counts reported to custom partitioners; default 1. */
  partitionCounts?: Record<string, number>;
  logger?: Logger;
}

export class TopologyTestDriver implements RawPipe {
  readonly applicationId: string;
  private readonly clock: ManualClock;
  private readonly task: StreamTask;
  private readonly inputTopics: ReadonlySet<string>;
  private readonly captured: CollectedRecord[] = [];
  private readonly unread = new Map<string, CollectedRecord[]>();
  private readonly nextOffset = new Map<string, number>();
  private readonly queue: ConsumedRecord[] = [];
  private processing = false;
  private closed = false;
  private readonly observers: ObserverRegistry;

  constructor(
    private readonly topology: Topology,
    options: TopologyTestDriverOptions = {},
  ) {
    this.applicationId = options.applicationId ?? 'test-app';
    this.clock = new ManualClock(options.initialWallClockMs ?? 0);
    const counts = options.partitionCounts ?? {};
    const collector: RecordCollector = {
      send: (topic, key, value, headers, timestamp, partition) => this.capture({ topic, key, value, headers: [...headers], timestamp, ...(partition === undefined ? {} : { partition }) }),
      partitionsFor: (topic) => counts[topic] ?? 1,
    };
    this.task = new StreamTask({
      topology,
      subtopology: 'all',
      partition: 0,
      applicationId: this.applicationId,
      collector,
      clock: this.clock,
      errorPolicy: options.errorPolicy ?? 'fail',
      ...(options.deadLetterTopic === undefined ? {} : { deadLetterTopic: options.deadLetterTopic }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
    this.inputTopics = new Set(this.task.inputTopics());
    this.task.initialize();
    this.observers = new ObserverRegistry((name) => topology.nodes.has(name), () => [this.task], options.logger ?? silentLogger);
  }

  /** As StreamsRuntime#observe: each record the node `nodeName` forwards (a sink: sends). */
  observe(nodeName: string, listener: (record: ObservedRecord) => void): Disposable {
    return this.observers.observe(nodeName, listener);
  }

  createInputTopic<K, V>(name: string, keySerde: Serde<K>, valueSerde: Serde<V>, options: { startTimestampMs?: number; autoAdvanceMs?: number } = {}): TestInputTopic<K, V> {
    return new TestInputTopic(name, this, keySerde, valueSerde, options.startTimestampMs ?? 0, options.autoAdvanceMs ?? 0);
  }

  createOutputTopic<K, V>(name: string, keySerde: Serde<K>, valueSerde: Serde<V>): TestOutputTopic<K, V> {
    return new TestOutputTopic(name, this, keySerde, valueSerde);
  }

  /** The physical name of an internal topic (`<applicationId>-<name>`). */
  internalTopic(name: string): string {
    return `${this.applicationId}-${name}`;
  }

  pipe(topic: string, key: Buffer | null, value: Buffer | null, timestamp: number, headers: Header[]): void {
    this.requireOpen();
    if (!this.inputTopics.has(topic)) throw new StreamsError('STREAMS_UNKNOWN_TOPIC', `Unknown topic: ${topic}`, { topic });
    this.queue.push({ topic, partition: 0, offset: this.takeOffset(topic), timestamp, key, value, headers });
    this.drain();
  }

  take(topic: string): CollectedRecord | undefined {
    return this.unread.get(topic)?.shift();
  }

  queueSize(topic: string): number {
    return this.unread.get(topic)?.length ?? 0;
  }

  advanceWallClockTime(ms: number): void {
    this.requireOpen();
    this.clock.advance(ms);
    this.task.punctuate(this.clock.now());
    this.drain();
  }

  wallClockTimeMs(): number {
    return this.clock.now();
  }

  /** Every record sent so far (optionally of one physical topic), raw. */
  capturedRecords(topic?: string): CollectedRecord[] {
    return topic === undefined ? [...this.captured] : this.captured.filter((r) => r.topic === topic);
  }

  producedTopicNames(): string[] {
    return [...new Set(this.captured.map((r) => r.topic))];
  }

  getStateStore<S = RuntimeStateStore>(name: string): S {
    if (this.task.storeNames().includes(name)) return this.task.store(name) as unknown as S;
    throw new StreamsError('STREAMS_UNKNOWN_STORE', `Unknown state store: ${name}`);
  }

  /**
   * A key-value store, to read and to fill before piping input; for the DSL's timestamped stores, a
   * view of the plain values whose writes carry no timestamp (Kafka's KeyValueStoreFacade).
   */
  getKeyValueStore<K, V>(name: string): KeyValueStore<K, V> {
    const store = this.getStateStore<KeyValueStore<K, unknown>>(name);
    return this.topology.stores.get(name)?.timestamped ? plainValueView(store as KeyValueStore<K, ValueAndTimestamp<V>>) : (store as KeyValueStore<K, V>);
  }

  getTimestampedKeyValueStore<K, V>(name: string): ReadOnlyKeyValueStore<K, ValueAndTimestamp<V>> {
    return this.getStateStore(name);
  }

  /**
   * A window store, to read and to fill; for the DSL's timestamped stores, a view of the plain
   * values whose writes carry no timestamp (Kafka's WindowStoreFacade).
   */
  getWindowStore<K, V>(name: string): WindowStore<K, V> {
    const store = this.getStateStore<WindowStore<K, unknown>>(name);
    if (!this.topology.stores.get(name)?.timestamped) return store as WindowStore<K, V>;
    return plainWindowView(store as WindowStore<K, ValueAndTimestamp<V>>);
  }

  getTimestampedWindowStore<K, V>(name: string): ReadOnlyWindowStore<K, ValueAndTimestamp<V>> {
    return this.getStateStore(name);
  }

  getSessionStore<K, AGG>(name: string): ReadOnlySessionStore<K, AGG> {
    return this.getStateStore(name);
  }

  /** The driver's task (one, running every sub-topology), e.g. to restore stores or read offsets. */
  streamTasks(): readonly StreamTask[] {
    return [this.task];
  }

  metrics(): TaskMetrics[] {
    return [this.task.metrics()];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.task.close();
  }

  private capture(r: CollectedRecord): void {
    this.captured.push(r);
    const list = this.unread.get(r.topic) ?? [];
    list.push(r);
    this.unread.set(r.topic, list);
    if (this.inputTopics.has(r.topic)) {
      this.queue.push({ topic: r.topic, partition: 0, offset: this.takeOffset(r.topic), timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers });
    }
  }

  private drain(): void {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        this.task.process(next);
        this.task.commit();
      }
    } catch (error) {
      this.queue.length = 0;
      throw error;
    } finally {
      this.processing = false;
    }
  }

  private takeOffset(topic: string): number {
    const offset = this.nextOffset.get(topic) ?? 0;
    this.nextOffset.set(topic, offset + 1);
    return offset;
  }

  private requireOpen(): void {
    if (this.closed) throw new StreamsError('STREAMS_ILLEGAL_STATE', 'The TopologyTestDriver is closed');
  }
}
