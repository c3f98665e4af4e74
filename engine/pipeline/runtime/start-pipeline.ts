/**
 * startPipeline: deploys a pipeline document on a LogClient — compile, create its topics, start
 * its datagen feed and a StreamsRuntime (or, with `threads`, stream threads that each compile the
 * document) — and returns the PipelineRun that stops, measures and taps it (see types.ts for the
 * contract).
 *
 * States: starting → running → stopping → stopped, or → (stopping →) failed when the streams runtime
 * stops on an error (error policy `fail`, a code node over its budget…) or a datagen feed cannot
 * write; a failed run has stopped its feed and says which node failed, from its first `failed`.
 */
import { randomUUID } from 'node:crypto';
import { EngineError } from '../../api/errors.js';
import type { RunState } from '../../api/dto.js';
import type { StreamsError, Topology } from '../../streams/index.js';
import { StreamsRuntime } from '../../streams/runtime/streams-runtime.js';
import { StreamThreads } from '../../streams/threads/stream-threads.js';
import { systemClock, type Disposable } from '../../util/clock.js';
import { silentLogger } from '../../util/logger.js';
import { compilePipeline } from '../compile/index.js';
import type { CompiledPlan } from '../compile/plan.js';
import type { PipelineDocument } from '../document/schema.js';
import { startDatagenFeed, type DatagenFeed } from './datagen-feed.js';
import { pipelineStats, ownerOf } from './stats.js';
import { inThisThread, onStreamThreads, type StreamsApp } from './streams-app.js';
import { Tap } from './tap.js';
import { pipelineTopologySource } from './thread-topology.js';
import { ensurePipelineTopics } from './topics.js';
import { PipelineInvalidError } from './pipeline-invalid-error.js';
import type { PipelineRun, PipelineRunOptions, RunStatsSnapshot, TapHandle, TapSubscription } from './types.js';

export { PipelineInvalidError } from './pipeline-invalid-error.js';

const STREAMS_TO_RUN_STATE: Record<string, RunState> = {
  CREATED: 'starting',
  REBALANCING: 'running',
  RUNNING: 'running',
  PENDING_SHUTDOWN: 'stopping',
  NOT_RUNNING: 'stopped',
};

function compileOrThrow(options: PipelineRunOptions): CompiledPlan & { topology: Topology } {
  const compiled = compilePipeline(options.doc, { trusted: options.trusted, ...(options.applicationId === undefined ? {} : { applicationId: options.applicationId }) });
  if (!compiled.ok) throw new PipelineInvalidError(compiled.diagnostics);
  const [untrusted] = compiled.plan.untrustedCodeNodes;
  if (untrusted !== undefined) {
    throw new EngineError('CODE_NODE_UNTRUSTED', `code node "${untrusted}" will not run: the pipeline file is not trusted (trust it to run its code)`, { domain: 'user', nodeId: untrusted });
  }
  return Object.assign(compiled.plan, { topology: compiled.topology });
}

class Run implements PipelineRun {
  readonly runId = randomUUID();
  readonly startedAtMs: number;
  readonly done: Promise<void>;
  private settle: () => void = () => undefined;
  private current: RunState = 'starting';
  private readonly listeners = new Set<(state: RunState) => void>();
  private error: RunStatsSnapshot['error'];
  private feed: DatagenFeed | undefined;
  private readonly taps = new Set<Tap>();
  private lagByTopic = new Map<string, number>();
  private readonly nodeIds: string[];
  private runtimeFailed = false;

  constructor(
    readonly doc: PipelineDocument,
    readonly plan: CompiledPlan,
    private readonly runtime: StreamsApp,
    private readonly options: PipelineRunOptions,
  ) {
    this.startedAtMs = (options.clock ?? systemClock).now();
    this.nodeIds = doc.nodes.map((n) => n.id);
    runtime.onStateChange((state) => {
      // A runtime in ERROR has not yet handed over its failure (done() rejects with it once it has
      // shut down): the run is `stopping` until fail() records the error and makes it `failed`, so
      // nobody sees a failed run without its reason, or a `stopped` one.
      if (state === 'ERROR') this.runtimeFailed = true;
      this.setState(this.runtimeFailed ? 'stopping' : (STREAMS_TO_RUN_STATE[state] ?? 'failed'));
    });
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  async begin(): Promise<void> {
    const logger = this.options.logger ?? silentLogger;
    try {
      await this.runtime.start();
    } catch (error) {
      await this.fail(error);
      this.settle();
      throw error;
    }
    void this.runtime
      .done()
      .then(
        () => this.afterStop(),
        (error: unknown) => this.fail(error),
      )
      .finally(() => this.settle());
    if (this.options.runDatagen !== false && this.plan.datagen.length > 0) {
      this.feed = startDatagenFeed(this.plan.datagen, this.options.client, this.options.clock ?? systemClock, logger, (nodeId, error) => {
        logger.error(`datagen ${nodeId} stopped`, error);
        void this.fail(new EngineError('PIP_DATAGEN_FAILED', `datagen node "${nodeId}" could not write: ${String(error instanceof Error ? error.message : error)}`, { domain: 'external', nodeId }));
      });
    }
  }

  state(): RunState {
    return this.current;
  }

  onStateChange(listener: (state: RunState) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  stats(): RunStatsSnapshot {
    const metrics = this.runtime.metrics();
    const { nodes, edges } = pipelineStats(this.plan, this.nodeIds, { nodes: metrics.nodes, rates: metrics.rates, lagByTopic: this.lagByTopic });
    return { state: this.current, nodes, edges, tasks: metrics.tasks.map((t) => t.taskId).sort(), ...(this.error === undefined ? {} : { error: this.error }) };
  }

  /** Refreshes the per-topic lag that stats() reports (it needs offsets from the log). */
  async refreshLag(): Promise<void> {
    if (this.current !== 'running') return;
    await this.runtime.refresh();
    const lags = await this.runtime.lag();
    const byTopic = new Map<string, number>();
    for (const l of lags) byTopic.set(l.topic, (byTopic.get(l.topic) ?? 0) + l.lag);
    this.lagByTopic = byTopic;
  }

  tap(subscription: TapSubscription, onBatch: Parameters<PipelineRun['tap']>[1]): TapHandle {
    const { nodeId, port } = subscription.target;
    if (this.current !== 'starting' && this.current !== 'running') {
      // Nothing would dispose it: the taps a run drops are those it holds when it stops.
      throw new EngineError('PIP_RUN_NOT_RUNNING', `cannot tap node "${nodeId}": pipeline ${this.plan.pipelineName} is ${this.current}`, { domain: 'user', nodeId });
    }
    const observe = this.runtime.observe;
    if (observe === undefined) {
      throw new EngineError('PIP_TAP_THREADS', `cannot tap node "${nodeId}": pipeline ${this.plan.pipelineName} runs on several stream threads, whose records stay in them`, { domain: 'user', nodeId });
    }
    const points = this.plan.tapPoints.filter((t) => t.nodeId === nodeId && (port === undefined || t.port === port));
    const point = points.find((t) => t.port === null) ?? points.find((t) => t.port === 'out' || t.port === 'default') ?? points[0];
    if (point === undefined) {
      const known = this.nodeIds.includes(nodeId);
      throw new EngineError('PIP_TAP_UNKNOWN_TARGET', known ? `node "${nodeId}" has no output port "${port ?? ''}"` : `the running pipeline has no node "${nodeId}"`, { domain: 'user', nodeId });
    }
    let tap: Tap;
    try {
      tap = new Tap({
        observe: (listener) => observe(point.processor, listener),
        ...(subscription.filter === undefined ? {} : { filter: subscription.filter }),
        ...(subscription.maxRecordsPerBatch === undefined ? {} : { maxRecordsPerBatch: subscription.maxRecordsPerBatch }),
        clock: this.options.clock ?? systemClock,
        logger: this.options.logger ?? silentLogger,
        nodeId,
        onBatch,
      });
    } catch (error) {
      throw new EngineError('PIP_TAP_BAD_FILTER', error instanceof Error ? error.message : String(error), { domain: 'user', nodeId });
    }
    this.taps.add(tap);
    return {
      setFilter: (filter) => tap.setFilter(filter),
      dispose: () => {
        tap.dispose();
        this.taps.delete(tap);
      },
    };
  }

  async stop(): Promise<void> {
    this.feed?.dispose();
    await this.feed?.finished;
    if (this.current === 'running') await this.runtime.refresh().catch(() => undefined); // final figures
    await this.runtime.stop();
    await this.done;
  }

  private setState(state: RunState): void {
    if (state === this.current || this.current === 'failed') return;
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }

  private async afterStop(): Promise<void> {
    this.feed?.dispose();
    await this.feed?.finished;
    for (const tap of this.taps) tap.dispose();
    this.taps.clear();
    this.setState(this.error === undefined ? 'stopped' : 'failed');
  }

  private async fail(error: unknown): Promise<void> {
    if (this.error !== undefined) return;
    const engineError = error instanceof EngineError ? (error as StreamsError) : undefined;
    const node = engineError?.nodeId;
    const nodeId = node === undefined ? undefined : (ownerOf(node, this.nodeIds) ?? node);
    this.error = {
      code: engineError?.code ?? 'PIP_RUN_FAILED',
      message: error instanceof Error ? error.message : String(error),
      ...(nodeId === undefined ? {} : { nodeId }),
    };
    (this.options.logger ?? silentLogger).error(`pipeline ${this.plan.pipelineName} failed${nodeId === undefined ? '' : ` at node "${nodeId}"`}`, error);
    this.setState('failed');
    this.feed?.dispose(); // No more input for a pipeline that is going down.
    await this.runtime.stop();
    await this.afterStop();
  }
}

/** The run's stream processing: a StreamsRuntime here, or stream threads that compile the document themselves. */
function streamsApp(options: PipelineRunOptions, compiled: CompiledPlan & { topology: Topology }): StreamsApp {
  const runtimeOptions = {
    applicationId: compiled.applicationId,
    errorPolicy: compiled.taskErrorPolicy,
    deadLetterTopic: compiled.deadLetterTopic,
    ...(options.commitIntervalMs === undefined ? {} : { commitIntervalMs: options.commitIntervalMs }),
  };
  const logger = options.logger ?? silentLogger;
  const threads = options.threads;
  if (threads === undefined || threads.count === 1) {
    return inThisThread(new StreamsRuntime(compiled.topology, { ...runtimeOptions, client: options.client, ...(options.clock === undefined ? {} : { clock: options.clock }), logger }));
  }
  const source = pipelineTopologySource({ doc: options.doc, trusted: options.trusted, applicationId: compiled.applicationId });
  return onStreamThreads(new StreamThreads({ ...runtimeOptions, threads: threads.count, topology: source, connection: threads.connection, logger }));
}

export async function startPipeline(options: PipelineRunOptions): Promise<PipelineRun> {
  const compiled = compileOrThrow(options);
  const logger = options.logger ?? silentLogger;
  await ensurePipelineTopics(options.client, compiled, { defaultPartitions: options.defaultPartitions ?? 1, createMissingSources: options.createMissingSources ?? true }, logger);
  const run = new Run(options.doc, compiled, streamsApp(options, compiled), options);
  await run.begin();
  return run;
}
