/**
 * StreamThreads: one application on several cores — Kafka Streams' num.stream.threads. Each
 * stream thread is a worker thread running its own StreamsRuntime; all of them use the same
 * application id, so the consumer group spreads the tasks (one per input partition) over the
 * threads and hands a stopped thread's tasks, with their state restored from the changelogs, to
 * the others, exactly as it does for separate instances. The embedded broker stays in the thread
 * that creates StreamThreads and is served to each stream thread over a MessagePort (record
 * batches cross as bytes, copied once); on a Kafka cluster each thread has its own KafkaClient.
 *
 * Threads that start together join the group's first generation together only if the broker's
 * group.initial.rebalance.delay.ms gives them time (Kafka's default, 3 s; 50 ms is enough here):
 * with no delay the first thread may get every task, and the others get theirs at its next
 * heartbeat (a cooperative hand-over, up to two heartbeat intervals later).
 *
 * Threads cannot receive a Topology (processors are code), so each builds its own from a
 * TopologySource: a module and the export that builds it.
 *
 * Failure policy (Kafka Streams' default, SHUTDOWN_CLIENT): when one thread fails, every thread is
 * stopped, the state becomes ERROR and done() rejects with that thread's error.
 */
import type { TopicPartition } from '../../client/log-client.js';
import { silentLogger, type Logger } from '../../util/logger.js';
import { StreamsError } from '../errors.js';
import { addNodeTotals, type NodeTotals } from '../runtime/metrics.js';
import type { RuntimeState } from '../runtime/runtime-state.js';
import type { NodeRate, RuntimeMetrics } from '../runtime/streams-runtime.js';
import { StreamThreadHandle } from './stream-thread-handle.js';
import type { ThreadConnection, ThreadRuntimeOptions, TopologySource } from './thread-messages.js';

export type { ThreadConnection, TopologySource } from './thread-messages.js';

export interface StreamThreadsOptions extends ThreadRuntimeOptions {
  /** How many stream threads (worker threads) to run; at least 1. */
  threads: number;
  topology: TopologySource;
  /** How the threads reach the log: `{ broker: localBrokerAccess(broker) }` or `{ bootstrap: ['host:9092'] }`. */
  connection: ThreadConnection;
  logger?: Logger;
}

/**
 * The state of the whole application from its threads' states: the worst one wins, and once any
 * thread is shutting down (or stop was asked) the application is PENDING_SHUTDOWN until all are
 * NOT_RUNNING (it never goes back to RUNNING while its threads leave one by one).
 */
function combinedState(states: readonly RuntimeState[], stopRequested: boolean): RuntimeState {
  if (states.includes('ERROR')) return 'ERROR';
  if (states.every((state) => state === 'NOT_RUNNING')) return 'NOT_RUNNING';
  if (stopRequested || states.includes('PENDING_SHUTDOWN') || states.includes('NOT_RUNNING')) return 'PENDING_SHUTDOWN';
  for (const state of ['CREATED', 'REBALANCING'] as const) if (states.includes(state)) return state;
  return 'RUNNING';
}

export class StreamThreads {
  private readonly threads: StreamThreadHandle[] = [];
  private readonly logger: Logger;
  private readonly listeners = new Set<(state: RuntimeState) => void>();
  private lastState: RuntimeState = 'CREATED';
  private failure: Error | undefined;
  private stopping: Promise<void> | undefined;
  private preparing: Promise<void> | undefined;
  private started = false;

  constructor(private readonly options: StreamThreadsOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1) {
      throw new StreamsError('STREAMS_ILLEGAL_STATE', `threads must be a whole number of at least 1, got ${options.threads}`);
    }
    this.logger = options.logger ?? silentLogger;
  }

  get state(): RuntimeState {
    if (this.failure !== undefined) return 'ERROR';
    if (this.threads.length === 0) return this.stopping === undefined ? 'CREATED' : 'NOT_RUNNING';
    return combinedState(this.threads.map((thread) => thread.state), this.stopping !== undefined);
  }

  /** Calls `listener` whenever the combined state changes; returns what stops listening. */
  onStateChange(listener: (state: RuntimeState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /**
   * Spawns the threads and has each build its topology (the slow part: loading modules), without
   * joining the group yet; start() does this first when it was not called. Rejects (all threads
   * stopped) if a thread cannot build its topology.
   */
  async prepare(): Promise<void> {
    if (this.stopping !== undefined) throw this.stoppedError();
    this.preparing ??= this.spawnAll();
    return this.preparing;
  }

  /** Prepares, then starts every thread's runtime at once, so that they join the group together. */
  async start(): Promise<void> {
    if (this.started) throw new StreamsError('STREAMS_ILLEGAL_STATE', `stream threads of ${this.options.applicationId} were already started`);
    this.started = true;
    await this.prepare();
    if (this.stopping !== undefined) throw this.stoppedError();
    for (const thread of this.threads) thread.run();
    await this.settle(this.threads.map((thread) => thread.started));
  }

  private async spawnAll(): Promise<void> {
    const { threads, topology, connection, logger: _logger, ...runtimeOptions } = this.options;
    try {
      for (let n = 1; n <= threads; n++) this.threads.push(this.spawn(n, topology, runtimeOptions, connection));
    } catch (error) {
      // A worker that cannot be created (e.g. topology args that cannot be cloned): stop the others.
      await this.stop();
      throw error;
    }
    await this.settle(this.threads.map((thread) => thread.ready));
  }

  private spawn(n: number, topology: TopologySource, options: ThreadRuntimeOptions, connection: ThreadConnection): StreamThreadHandle {
    return new StreamThreadHandle({
      threadName: `${this.options.applicationId}-StreamThread-${n}`,
      topology,
      options,
      connection,
      logger: this.logger,
      onFailure: (thread, error) => this.onThreadFailure(thread, error),
      onStateChange: () => this.notify(),
    });
  }

  /** Waits for every thread to get somewhere; if one fails instead, stops them all and throws. */
  private async settle(steps: Array<Promise<void>>): Promise<void> {
    try {
      await Promise.all(steps);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops every thread (each commits and leaves the group). */
  stop(): Promise<void> {
    this.stopping ??= Promise.all(this.threads.map((thread) => thread.stop())).then(() => this.notify());
    return this.stopping;
  }

  /** Resolves when every thread has stopped; rejects with the first thread failure. */
  async done(): Promise<void> {
    if (this.preparing === undefined && this.stopping === undefined) throw new StreamsError('STREAMS_ILLEGAL_STATE', `stream threads of ${this.options.applicationId} were not started`);
    await this.preparing?.catch(() => undefined);
    await Promise.all(this.threads.map((thread) => thread.exited));
    if (this.failure !== undefined) throw this.failure;
  }

  /** Records not yet processed, per input partition some thread owns. */
  async lag(): Promise<Array<TopicPartition & { lag: number }>> {
    const answers = await Promise.all(this.threads.map((thread) => thread.query('lag')));
    return answers.flatMap((answer) => (Array.isArray(answer) ? (answer as Array<TopicPartition & { lag: number }>) : []));
  }

  /** The threads' metrics combined: their tasks, node totals and rates summed. */
  async metrics(): Promise<RuntimeMetrics> {
    const answers = (await Promise.all(this.threads.map((thread) => thread.query('metrics')))).filter((a): a is RuntimeMetrics => a !== undefined);
    const nodes = new Map<string, NodeTotals>();
    const rates = new Map<string, NodeRate>();
    for (const answer of answers) {
      addNodeTotals(nodes, answer.nodes);
      for (const rate of answer.rates) {
        const sum = rates.get(rate.node) ?? { node: rate.node, recordsInPerSec: 0, recordsOutPerSec: 0 };
        rates.set(rate.node, { node: rate.node, recordsInPerSec: sum.recordsInPerSec + rate.recordsInPerSec, recordsOutPerSec: sum.recordsOutPerSec + rate.recordsOutPerSec });
      }
    }
    return { state: this.state, tasks: answers.flatMap((answer) => answer.tasks), nodes: [...nodes.values()], rates: [...rates.values()] };
  }

  private stoppedError(): StreamsError {
    return new StreamsError('STREAMS_ILLEGAL_STATE', `stream threads of ${this.options.applicationId} were stopped`);
  }

  private onThreadFailure(thread: StreamThreadHandle, error: Error): void {
    if (this.failure === undefined) {
      this.failure = error;
      this.logger.error(`${thread.name} failed; stopping every stream thread of ${this.options.applicationId}`, error);
    }
    this.notify();
    void this.stop();
  }

  private notify(): void {
    const state = this.state;
    if (state === this.lastState) return;
    this.lastState = state;
    for (const listener of this.listeners) listener(state);
  }
}
