/**
 * StreamsRuntime: runs a Topology on any LogClient, as Kafka Streams' KafkaStreams does — the
 * application id is the consumer group, a task per (sub-topology, partition), state restored from
 * changelogs before a task processes, and several runtimes with the same application id share the
 * partitions (on the embedded broker or on any Kafka cluster through KafkaClient).
 *
 * Loop: poll → process each task's records in timestamp order across its partitions → wall-clock
 * punctuation → produce what the tasks sent (after every short poll; while busy, batched over a
 * few polls, as a producer's linger.ms batches) → every `commitIntervalMs`, commit the input
 * offsets. Where writes land in call order (InProcessClient), a send is acknowledged while the
 * next polls are processed (one flush in flight, as a producer pipelines its requests; a failed
 * write fails the loop at the next send at the latest); otherwise each flush is awaited.
 * At-least-once: an input offset is committed only after the outputs and changelog writes it
 * caused are acknowledged. stop() commits and leaves the
 * group cleanly, so a restarted or surviving instance neither loses nor double-counts committed
 * input.
 */
import type { GroupConsumer, LogClient, TopicPartition, TopicPartitionOffset } from '../../client/log-client.js';
import { systemClock, type Clock, type Disposable } from '../../util/clock.js';
import { silentLogger, type Logger } from '../../util/logger.js';
import { StreamsError, errorMessage } from '../errors.js';
import { taskIdString, type TaskId } from '../processor/api.js';
import type { Topology } from '../topology/topology.js';
import type { ErrorPolicy } from './dead-letter.js';
import { LogRecordCollector } from './log-record-collector.js';
import { DEFAULT_REPARTITION_PURGE_INTERVAL_MS, RepartitionPurger } from './repartition-purge.js';
import { addNodeTotals, type NodeTotals, type TaskMetrics } from './metrics.js';
import { ObserverRegistry, type ObservedRecord } from './observers.js';
import { checkTransition, type RuntimeState } from './runtime-state.js';
import { streamsAssignor, type SubtopologyInputs } from './streams-assignor.js';
import { StreamTask } from './stream-task.js';
import { restoreTask } from './task-restore.js';
import { processInTimestampOrder } from './timestamp-order.js';
import { prepareTopics } from './topic-setup.js';
import { RateSampler } from './rate-sampler.js';

/** Kafka Streams' max.poll.records. */
const DEFAULT_MAX_POLL_RECORDS = 1000;
/** Output records buffered across busy polls before they are sent (see shouldSend). */
const LINGER_RECORDS = 4000;
/** Kafka Streams' producer linger.ms. */
const LINGER_MS = 100;
/** Most output records held while busy because the previous write is still unacknowledged. */
const MAX_HELD_RECORDS = 4 * LINGER_RECORDS;

export interface StreamsRuntimeOptions {
  applicationId: string;
  client: LogClient;
  /** How often input offsets are committed (Kafka's commit.interval.ms); default 1000. */
  commitIntervalMs?: number;
  /** Longest wait of one poll; default 100. */
  pollMs?: number;
  /**
   * Most records one poll hands to the tasks (Kafka Streams sets the consumer's max.poll.records to
   * 1000); default 1000. Output is sent after a poll that came back short, else once 4000
   * records are buffered or 100 ms have passed, and the previous write is acknowledged or 16,000
   * records are held (see shouldSend), which bounds how much is held.
   */
  maxPollRecords?: number;
  errorPolicy?: ErrorPolicy;
  deadLetterTopic?: string;
  /**
   * How often committed repartition records are deleted (Kafka's repartition.purge.interval.ms);
   * default 30,000.
   */
  repartitionPurgeIntervalMs?: number;
  sessionTimeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface NodeRate {
  node: string;
  recordsInPerSec: number;
  recordsOutPerSec: number;
}

export interface RuntimeMetrics {
  state: RuntimeState;
  tasks: TaskMetrics[];
  /**
   * Per processor node, counters summed over every task this runtime has run since it started
   * (tasks closed after a rebalance included, so totals never go down).
   */
  nodes: NodeTotals[];
  /** Per processor node, summed over tasks, over the last sampling interval (about a second). */
  rates: NodeRate[];
}

export class StreamsRuntime {
  private stateValue: RuntimeState = 'CREATED';
  private readonly listeners = new Set<(state: RuntimeState, previous: RuntimeState) => void>();
  private readonly tasks = new Map<string, StreamTask>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private consumer: GroupConsumer | undefined;
  private collector: LogRecordCollector | undefined;
  private purger: RepartitionPurger | undefined;
  /** The writes of the previous poll, still being acknowledged (never rejects: see writeFailure). */
  private inFlight: Promise<void> = Promise.resolve();
  /** Whether `inFlight` has settled. */
  private writesAcknowledged = true;
  private lastSendMs = 0;
  /** The first write that failed; the loop fails with it and nothing is committed after it. */
  private writeFailure: unknown;
  private topicToSubtopology = new Map<string, number>();
  private loop: Promise<void> | undefined;
  private stopping = false;
  private lastCommitMs = 0;
  private failure: unknown;
  /** taskFor's answer for the partition asked last (records come in runs); reset when tasks change. */
  private lastTask: { topic: string; partition: number; task: StreamTask | undefined } | undefined;
  private readonly rates = new RateSampler();
  /** Node counters of the tasks this runtime has closed (revoked or shut down). */
  private readonly closedTotals = new Map<string, NodeTotals>();
  private readonly observers: ObserverRegistry;

  constructor(
    private readonly topology: Topology,
    private readonly options: StreamsRuntimeOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.observers = new ObserverRegistry((name) => topology.nodes.has(name), () => this.tasks.values(), this.logger);
  }

  get state(): RuntimeState {
    return this.stateValue;
  }

  /** Listens to state changes; returns what stops listening. */
  onStateChange(listener: (state: RuntimeState, previous: RuntimeState) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /**
   * Creates internal topics, joins the group and starts processing in the background. When that
   * fails (a missing source topic, inputs not co-partitioned…) the runtime goes to ERROR, then
   * shuts down (NOT_RUNNING), as a Kafka Streams client does, and the call rejects.
   */
  async start(): Promise<void> {
    if (this.stateValue !== 'CREATED') throw new StreamsError('STREAMS_ILLEGAL_STATE', `runtime ${this.options.applicationId} was already started`);
    this.transition('REBALANCING');
    try {
      await this.setUp();
    } catch (error) {
      await this.failToStart(error);
      throw error;
    }
    this.lastCommitMs = this.clock.now();
    this.loop = this.runLoop();
  }

  private async setUp(): Promise<void> {
    const { client, applicationId } = this.options;
    const setup = await prepareTopics(client, this.topology, applicationId, this.options.errorPolicy === 'continue' ? this.deadLetterTopic() : undefined, this.logger);
    const subtopologies: SubtopologyInputs[] = setup.subtopologies;
    for (const sub of subtopologies) for (const topic of sub.topics) this.topicToSubtopology.set(topic, sub.id);
    this.collector = new LogRecordCollector(client, setup.partitionCounts);
    const repartitionTopics = new Set([...this.topology.repartitionTopics.keys()].map((topic) => `${applicationId}-${topic}`));
    const purgeEveryMs = this.options.repartitionPurgeIntervalMs ?? DEFAULT_REPARTITION_PURGE_INTERVAL_MS;
    this.purger = new RepartitionPurger(client, repartitionTopics, purgeEveryMs, this.clock, this.logger);
    this.consumer = await client.groupConsumer({
      groupId: applicationId,
      topics: [...this.topicToSubtopology.keys()],
      assignor: streamsAssignor(subtopologies, () => [...this.tasks.values()].map((task) => task.id)),
      autoOffsetReset: 'earliest',
      maxPollRecords: this.options.maxPollRecords ?? DEFAULT_MAX_POLL_RECORDS,
      // Records are only read here (stream-task decodes them in place), never spread or posted.
      spanRecords: true,
      ...(this.options.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: this.options.sessionTimeoutMs }),
      listener: {
        onPartitionsRevoked: (partitions) => this.onRevoked(partitions),
        onPartitionsAssigned: (partitions) => this.onAssigned(partitions),
      },
    });
  }

  private async failToStart(error: unknown): Promise<void> {
    this.failure = error;
    this.logger.error(`stream runtime ${this.options.applicationId} could not start: ${errorMessage(error)}`, error);
    this.transition('ERROR');
    if (this.consumer !== undefined) {
      await this.shutDown(this.consumer);
      return;
    }
    this.transition('PENDING_SHUTDOWN');
    this.transition('NOT_RUNNING');
  }

  /** Commits, closes every task and leaves the group. Resolves when the runtime is NOT_RUNNING. */
  async stop(): Promise<void> {
    if (this.stateValue === 'NOT_RUNNING' || this.stateValue === 'PENDING_SHUTDOWN') return this.loop?.then(() => undefined);
    this.stopping = true;
    if (this.stateValue === 'CREATED') {
      this.transition('PENDING_SHUTDOWN');
      this.transition('NOT_RUNNING');
      return;
    }
    // The loop may be parked in a poll whose only timers are unref'd (systemClock): hold the
    // process open until it has committed and left, or Node may exit with stop() unsettled.
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      await this.loop;
    } finally {
      clearInterval(keepAlive);
    }
  }

  /** Resolves when the runtime stops; rejects with the failure that put it in ERROR. */
  async done(): Promise<void> {
    await this.loop;
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Calls `listener` with each record the processor node `nodeName` forwards to its children, in
   * every task, including tasks created later (see observers.ts for what sources and sinks report).
   * Costs nothing measurable on nodes nobody observes; a throwing listener is logged and ignored.
   * Throws STREAMS_UNKNOWN_NODE if the topology has no such node.
   */
  observe(nodeName: string, listener: (record: ObservedRecord) => void): Disposable {
    return this.observers.observe(nodeName, listener);
  }

  metrics(): RuntimeMetrics {
    const tasks = [...this.tasks.values()].map((task) => task.metrics());
    const nodes = new Map<string, NodeTotals>();
    addNodeTotals(nodes, this.closedTotals.values());
    for (const task of tasks) addNodeTotals(nodes, task.nodes);
    return { state: this.stateValue, tasks, nodes: [...nodes.values()], rates: this.rates.current() };
  }

  /** Records not yet processed, per assigned input partition (log end offset − position). */
  async lag(): Promise<Array<TopicPartition & { lag: number }>> {
    const consumed = new Map<string, number>();
    for (const task of this.tasks.values()) for (const o of task.consumedOffsets()) consumed.set(`${o.topic}:${o.partition}`, o.offset);
    const assigned = this.consumer?.assignment() ?? [];
    return Promise.all(
      assigned.map(async (tp) => {
        const end = await this.options.client.listOffsets(tp, 'latest');
        const position = consumed.get(`${tp.topic}:${tp.partition}`) ?? (await this.committed(tp));
        return { ...tp, lag: Math.max(0, end - position) };
      }),
    );
  }

  private async committed(tp: TopicPartition): Promise<number> {
    const [offset] = await this.options.client.committedOffsets(this.options.applicationId, [tp]);
    return offset && offset.offset >= 0 ? offset.offset : this.options.client.listOffsets(tp, 'earliest');
  }

  private deadLetterTopic(): string {
    return this.options.deadLetterTopic ?? `${this.options.applicationId}-dlq`;
  }

  private async runLoop(): Promise<void> {
    const consumer = this.consumer!;
    const pollMs = this.options.pollMs ?? 100;
    try {
      while (!this.stopping) {
        const records = await consumer.poll(pollMs);
        if (this.stopping && records.length === 0) break;
        if (this.stateValue === 'REBALANCING') this.transition('RUNNING');
        processInTimestampOrder(records, (record) => this.taskFor(record.topic, record.partition)?.process(record));
        for (const task of this.tasks.values()) task.punctuate(this.clock.now());
        this.rates.sample(this.clock.now(), this.tasks.values());
        if (this.shouldSend(records.length)) await this.sendPollOutput();
        if (this.clock.now() - this.lastCommitMs >= (this.options.commitIntervalMs ?? 1000)) await this.commitAll();
      }
      await this.commitAll();
    } catch (error) {
      this.failure = error;
      this.logger.error(`stream runtime ${this.options.applicationId} failed: ${errorMessage(error)}`, error);
      this.transition('ERROR');
    }
    await this.shutDown(consumer);
  }

  private async shutDown(consumer: GroupConsumer): Promise<void> {
    this.transition('PENDING_SHUTDOWN');
    try {
      await consumer.close();
    } catch (error) {
      this.logger.warn(`leaving group ${this.options.applicationId} failed: ${errorMessage(error)}`);
    }
    for (const task of this.tasks.values()) this.closeTask(task);
    this.tasks.clear();
    this.lastTask = undefined;
    await this.purger?.settled();
    this.transition('NOT_RUNNING');
  }

  private taskFor(topic: string, partition: number): StreamTask | undefined {
    const last = this.lastTask;
    if (last !== undefined && last.topic === topic && last.partition === partition) return last.task;
    const subtopology = this.topicToSubtopology.get(topic);
    const task = subtopology === undefined ? undefined : this.tasks.get(taskIdString({ subtopology, partition }));
    this.lastTask = { topic, partition, task };
    return task;
  }

  /**
   * Whether to send the output buffered so far now: at once when the poll came back short (caught
   * up: latency matters), else once LINGER_RECORDS are buffered or LINGER_MS have passed since the
   * last send (a producer's batch.size and linger.ms: a busy loop sends fewer, larger writes). A
   * busy loop does not wait for the previous write's acknowledgement either: it keeps processing
   * and holds its output (up to MAX_HELD_RECORDS) until that write is acknowledged.
   */
  private shouldSend(polled: number): boolean {
    if (polled < (this.options.maxPollRecords ?? DEFAULT_MAX_POLL_RECORDS)) return true;
    const buffered = this.collector!.buffered;
    if (!this.writesAcknowledged && buffered < MAX_HELD_RECORDS) return false;
    return buffered >= LINGER_RECORDS || this.clock.now() - this.lastSendMs >= LINGER_MS;
  }

  /**
   * Starts writing what the tasks sent, after the previous poll's writes are acknowledged. A write
   * that fails is remembered: every later flush or commit throws it, so no offset is committed
   * past output that was lost.
   */
  private async sendPollOutput(): Promise<void> {
    // A write that failed already: nothing may follow it.
    this.throwWriteFailure();
    this.lastSendMs = this.clock.now();
    const previous = this.inFlight;
    if (!this.collector!.ordersConcurrentFlushes) {
      await previous;
      this.throwWriteFailure();
      await this.collector!.flush().catch((error: unknown) => this.recordWriteFailure(error));
    } else {
      this.writesAcknowledged = false;
      const written: Promise<void> = this.collector!.flush()
        .catch((error: unknown) => this.recordWriteFailure(error))
        .then(() => {
          if (this.inFlight === written) this.writesAcknowledged = true;
        });
      this.inFlight = written;
      await previous;
    }
    this.throwWriteFailure();
  }

  private recordWriteFailure(error: unknown): void {
    this.writeFailure ??= error;
  }

  private throwWriteFailure(): void {
    if (this.writeFailure !== undefined) throw this.writeFailure;
  }

  /**
   * Flushes output, then commits the input offsets of every task (at-least-once order). Never
   * commits once the runtime has failed (its tasks' output may be incomplete: the input is
   * reprocessed instead, as Kafka Streams closes a failed task without committing).
   */
  private async commitAll(tasks: Iterable<StreamTask> = this.tasks.values()): Promise<void> {
    if (this.failure !== undefined) throw new StreamsError('STREAMS_ILLEGAL_STATE', `not committing: stream runtime ${this.options.applicationId} has failed`, { domain: 'internal' });
    const offsets: TopicPartitionOffset[] = [];
    for (const task of tasks) offsets.push(...task.commit());
    await this.sendPollOutput();
    await this.inFlight;
    this.throwWriteFailure();
    if (offsets.length > 0) await this.consumer!.commit(offsets);
    this.lastCommitMs = this.clock.now();
    this.purger?.afterCommit(offsets);
  }

  private async onRevoked(partitions: TopicPartition[]): Promise<void> {
    const affected = new Set<StreamTask>();
    for (const tp of partitions) {
      const task = this.taskFor(tp.topic, tp.partition);
      if (task) affected.add(task);
    }
    if (affected.size === 0) return;
    try {
      await this.commitAll(affected);
    } catch (error) {
      this.logger.warn(`committing revoked tasks of ${this.options.applicationId} failed (they will be reprocessed): ${errorMessage(error)}`);
    }
    for (const task of affected) {
      this.closeTask(task);
      this.tasks.delete(task.taskId);
      this.lastTask = undefined;
    }
    if (this.stateValue === 'RUNNING') this.transition('REBALANCING');
  }

  private async onAssigned(partitions: TopicPartition[]): Promise<void> {
    const wanted = new Map<string, TaskId>();
    for (const tp of partitions) {
      const subtopology = this.topicToSubtopology.get(tp.topic);
      if (subtopology !== undefined) wanted.set(taskIdString({ subtopology, partition: tp.partition }), { subtopology, partition: tp.partition });
    }
    for (const [key, id] of wanted) {
      if (this.tasks.has(key)) continue;
      const task = new StreamTask({
        topology: this.topology,
        subtopology: id.subtopology,
        partition: id.partition,
        applicationId: this.options.applicationId,
        collector: this.collector!,
        clock: this.clock,
        errorPolicy: this.options.errorPolicy ?? 'fail',
        deadLetterTopic: this.deadLetterTopic(),
        logger: this.logger,
      });
      const restored = await restoreTask(this.options.client, task);
      if (restored > 0) this.logger.info(`task ${key} of ${this.options.applicationId} restored ${restored} changelog record(s)`);
      // Stream time and processor metadata as last committed (before the processors' init reads them).
      task.resumeFrom(await this.options.client.committedOffsets(this.options.applicationId, task.inputTopics().map((topic) => ({ topic, partition: id.partition }))));
      task.initialize();
      this.observers.attach(task);
      this.tasks.set(key, task);
      this.lastTask = undefined;
    }
  }

  /** Closes a task, keeping its node counters in the runtime's totals. */
  private closeTask(task: StreamTask): void {
    addNodeTotals(this.closedTotals, task.metrics().nodes);
    task.close();
  }

  private transition(to: RuntimeState): void {
    const from = this.stateValue;
    checkTransition(from, to);
    this.stateValue = to;
    for (const listener of this.listeners) listener(to, from);
  }
}
