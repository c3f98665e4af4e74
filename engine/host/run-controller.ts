/**
 * `pipelines.run` / `stop` / `status` and `taps.*`: the host's one pipeline run, its status events
 * and the taps subscribed to it.
 *
 * Invariants: at most one run exists; run and stop calls are serialized, and a run while another is
 * running stops the old one first. A `run.status` event goes out on every state change (starting,
 * running, stopping, stopped, failed — a refused start included) and every `statusIntervalMs` while
 * the run is live; that timer exists only while a run is live and is disposed when it ends or the
 * controller closes. A tap belongs to the sink (connection) that subscribed: only that sink gets its
 * batches and may change or remove it; every tap is disposed when its run ends or its sink goes.
 */
import type { ParsedParams } from '../api/contract.js';
import type { Diagnostic } from '../api/diagnostic.js';
import type { RunState, RunStatus, TapBatch } from '../api/dto.js';
import { EngineError, isEngineError } from '../api/errors.js';
import type { LogClient } from '../client/log-client.js';
import type { PipelineDocument } from '../pipeline/document/index.js';
import type { PipelineRun, PipelineRunOptions, TapHandle } from '../pipeline/runtime/types.js';
import type { Clock, Disposable } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

export type StartPipeline = (options: PipelineRunOptions) => Promise<PipelineRun>;

/** Where a tap's batches go: the connection that subscribed. */
export interface TapSink {
  tapBatch(batch: TapBatch): void;
}

export interface RunControllerOptions {
  client: LogClient;
  start: StartPipeline;
  clock: Clock;
  logger: Logger;
  /** Called with every status to broadcast. */
  onStatus: (status: RunStatus) => void;
  statusIntervalMs: number;
}

interface TapEntry {
  sink: TapSink;
  handle: TapHandle;
}

/** What status reports when there is no run object (never started, starting, or refused). */
interface NoRun {
  pipelineName: string | null;
  state: RunState;
  error?: RunStatus['error'];
}

const TERMINAL: ReadonlySet<RunState> = new Set(['stopped', 'failed', 'idle']);

export class RunController {
  private current: PipelineRun | undefined;
  private noRun: NoRun = { pipelineName: null, state: 'idle' };
  private queue: Promise<unknown> = Promise.resolve();
  private ticker: Disposable | undefined;
  private runListener: Disposable | undefined;
  private readonly taps = new Map<string, TapEntry>();
  private nextTap = 1;
  private closed = false;

  constructor(private readonly options: RunControllerOptions) {}

  status(): RunStatus {
    const run = this.current;
    if (run === undefined) {
      const { pipelineName, state, error } = this.noRun;
      return { runId: null, pipelineName, state, startedAtMs: null, nodes: [], edges: [], ...(error === undefined ? {} : { error }) };
    }
    const stats = run.stats();
    return {
      runId: run.runId,
      pipelineName: run.doc.name,
      state: stats.state,
      startedAtMs: run.startedAtMs,
      nodes: stats.nodes,
      edges: stats.edges,
      ...(stats.error === undefined ? {} : { error: stats.error }),
    };
  }

  run(doc: PipelineDocument, trusted: boolean): Promise<{ runId: string }> {
    return this.serialized(async () => {
      this.assertOpen();
      await this.stopCurrent();
      this.current = undefined;
      this.noRun = { pipelineName: doc.name, state: 'starting' };
      this.emitStatus();
      let run: PipelineRun;
      try {
        run = await this.options.start({ doc, client: this.options.client, trusted, logger: this.options.logger, clock: this.options.clock });
      } catch (error) {
        const code = isEngineError(error) ? error.code : 'HOST_RUN_FAILED';
        const message = error instanceof Error ? error.message : String(error);
        const nodeId = isEngineError(error) ? error.nodeId : undefined;
        this.noRun = { pipelineName: doc.name, state: 'failed', error: { code, message, ...(nodeId === undefined ? {} : { nodeId }) } };
        this.emitStatus();
        throw error;
      }
      if (this.closed) {
        await run.stop();
        throw new EngineError('HOST_CLOSED', 'the engine host closed while the pipeline was starting', { domain: 'external' });
      }
      this.attach(run);
      return { runId: run.runId };
    });
  }

  stop(): Promise<{ stopped: boolean }> {
    return this.serialized(async () => ({ stopped: await this.stopCurrent() }));
  }

  subscribe(sink: TapSink, params: ParsedParams<'taps.subscribe'>): { tapId: string } {
    const run = this.current;
    if (run === undefined || TERMINAL.has(run.state()) || run.state() === 'stopping') {
      throw new EngineError('HOST_NOT_RUNNING', 'no pipeline is running: start one before tapping its nodes', { domain: 'user' });
    }
    const tapId = `tap-${this.nextTap++}`;
    const handle = run.tap(
      {
        target: params.target,
        ...(params.filter === undefined ? {} : { filter: params.filter }),
        ...(params.maxRecordsPerBatch === undefined ? {} : { maxRecordsPerBatch: params.maxRecordsPerBatch }),
      },
      (batch) => {
        if (this.taps.get(tapId)?.sink === sink) sink.tapBatch({ tapId, ...batch });
      },
    );
    this.taps.set(tapId, { sink, handle });
    return { tapId };
  }

  setFilter(sink: TapSink, tapId: string, filter: string | undefined): { diagnostics: Diagnostic[] } {
    const entry = this.taps.get(tapId);
    if (entry === undefined || entry.sink !== sink) {
      throw new EngineError('HOST_TAP_NOT_FOUND', `there is no tap "${tapId}" (taps end when their run stops)`, { domain: 'user' });
    }
    return { diagnostics: entry.handle.setFilter(filter) };
  }

  /** Removes a tap of `sink`; unknown ids are ignored (the run may have ended and taken its taps). */
  unsubscribe(sink: TapSink, tapId: string): void {
    const entry = this.taps.get(tapId);
    if (entry === undefined || entry.sink !== sink) return;
    this.taps.delete(tapId);
    entry.handle.dispose();
  }

  /** Drops every tap of a sink that went away. */
  dropSink(sink: TapSink): void {
    for (const [tapId, entry] of [...this.taps]) if (entry.sink === sink) this.unsubscribe(sink, tapId);
  }

  /** Stops the run (if any) and refuses further runs. */
  async close(): Promise<void> {
    this.closed = true;
    await this.serialized(() => this.stopCurrent());
  }

  private attach(run: PipelineRun): void {
    this.current = run;
    this.noRun = { pipelineName: null, state: 'idle' };
    this.runListener = run.onStateChange((state) => {
      if (this.current !== run) return;
      if (TERMINAL.has(state)) this.ended(run);
      else this.emitStatus();
    });
    run.done.then(
      () => this.ended(run),
      (error: unknown) => {
        this.options.logger.error(`pipeline "${run.doc.name}" ended with an error`, error);
        this.ended(run);
      },
    );
    this.scheduleTick(run);
    this.emitStatus();
  }

  /** Each tick re-reads the sources' lag, then sends the status and schedules the next tick. */
  private scheduleTick(run: PipelineRun): void {
    const live = () => this.current === run && this.runListener !== undefined && !TERMINAL.has(run.state());
    this.ticker = this.options.clock.schedule(this.options.statusIntervalMs, () => {
      this.ticker = undefined;
      if (!live()) return;
      run
        .refreshLag()
        .catch((error: unknown) => this.options.logger.warn(`reading the lag of pipeline "${run.doc.name}" failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          if (!live()) return;
          this.emitStatus();
          this.scheduleTick(run);
        });
    });
  }

  /** The run reached a terminal state: timer and taps go, and one last status tells everyone. Idempotent. */
  private ended(run: PipelineRun): void {
    if (this.current !== run || this.runListener === undefined) return;
    this.runListener.dispose();
    this.runListener = undefined;
    this.ticker?.dispose();
    this.ticker = undefined;
    for (const [tapId, entry] of [...this.taps]) {
      this.taps.delete(tapId);
      entry.handle.dispose();
    }
    this.emitStatus();
  }

  /**
   * Stops the live run, if any; true when there was one to stop. A run that already failed may still
   * be committing and leaving its group: stop() waits for that too, so no next run (same group, same
   * topics) or broker close overlaps it.
   */
  private async stopCurrent(): Promise<boolean> {
    const run = this.current;
    if (run === undefined) return false;
    if (TERMINAL.has(run.state())) {
      await run.stop();
      return false;
    }
    try {
      await run.stop();
    } finally {
      this.ended(run);
    }
    return true;
  }

  private emitStatus(): void {
    try {
      this.options.onStatus(this.status());
    } catch (error) {
      this.options.logger.error('sending the run status failed', error);
    }
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineError('HOST_CLOSED', 'the engine host is closing', { domain: 'external' });
  }
}
