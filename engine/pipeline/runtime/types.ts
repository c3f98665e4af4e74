/**
 * The pipeline runtime's public shape (DESIGN.md §2, `pipeline/` owns deploy, stop, taps and
 * metrics): `startPipeline(options)` compiles a document, creates its topics, starts its datagen
 * emitters and a StreamsRuntime on the given LogClient, and returns a PipelineRun.
 *
 * Invariants: a run refuses to start (EngineError, domain `user`) when the document has errors or
 * untrusted code nodes, and says which node; stop() commits, leaves the group and stops the
 * emitters, and settles once everything it started has stopped; taps cost nothing while nobody
 * subscribes and deliver at most one batch per 100 ms per subscriber.
 */
import type { Diagnostic } from '../../api/diagnostic.js';
import type { NodeRunStats, RunState, TapBatch, TapTarget } from '../../api/dto.js';
import type { LogClient } from '../../client/log-client.js';
import type { ThreadConnection } from '../../streams/threads/stream-threads.js';
import type { Clock, Disposable } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import type { PipelineDocument } from '../document/schema.js';
import type { CompiledPlan } from '../compile/plan.js';

export interface PipelineRunOptions {
  doc: PipelineDocument;
  client: LogClient;
  /** Whether the document's code nodes may run (a file opened from elsewhere is untrusted). */
  trusted: boolean;
  /** Consumer group and internal-topic prefix; defaults to the pipeline name. */
  applicationId?: string;
  /** Run the document's datagen sources (default true; a second instance on a cluster may skip them). */
  runDatagen?: boolean;
  /** Partitions of the topics the run creates when missing (default 1). */
  defaultPartitions?: number;
  /**
   * Create a source topic that does not exist (default true: the embedded broker, where a studio
   * user draws a pipeline before any data exists). On a Kafka cluster pass false: as in Kafka
   * Streams, a missing source topic refuses the start (PIP_SOURCE_TOPIC_MISSING, naming the node),
   * so a mistyped name is not silently created with one partition.
   */
  createMissingSources?: boolean;
  commitIntervalMs?: number;
  /**
   * Run the tasks on this many stream threads (worker threads, Kafka Streams' num.stream.threads),
   * each reaching the log through `connection`; default: one, the caller's own thread. A run on
   * several threads cannot be tapped, and its stats() are as of the last refreshLag().
   */
  threads?: { count: number; connection: ThreadConnection };
  clock?: Clock;
  logger?: Logger;
}

export interface TapSubscription {
  target: TapTarget;
  /** Engine-side filter expression; a record passes when it evaluates to true. */
  filter?: string;
  /** Most records per batch (default 200); records beyond it are counted as dropped. */
  maxRecordsPerBatch?: number;
}

export interface RunStatsSnapshot {
  state: RunState;
  nodes: NodeRunStats[];
  edges: Array<{ edgeIndex: number; recordsPerSec: number }>;
  /** The stream tasks this process runs now (`<sub-topology>_<partition>`), sorted. */
  tasks: string[];
  error?: { code: string; message: string; nodeId?: string };
}

export interface PipelineRun {
  readonly runId: string;
  readonly doc: PipelineDocument;
  readonly plan: CompiledPlan;
  readonly startedAtMs: number;
  state(): RunState;
  onStateChange(listener: (state: RunState) => void): Disposable;
  /** Per-node and per-edge counters and rates (rates over about the last second). */
  stats(): RunStatsSnapshot;
  /** Re-reads the sources' lag from the log (stats() reports the last reading). */
  refreshLag(): Promise<void>;
  /**
   * Follows one node output: `onBatch` gets the records (serialized to text previews) and counters
   * at most every 100 ms. Throws EngineError PIP_TAP_UNKNOWN_TARGET for a node or port the running
   * document lacks, PIP_TAP_BAD_FILTER (with the expression's position) for a bad filter,
   * PIP_RUN_NOT_RUNNING once the run is stopping, stopped or failed.
   */
  tap(subscription: TapSubscription, onBatch: (batch: Omit<TapBatch, 'tapId'>) => void): TapHandle;
  stop(): Promise<void>;
  /** Settles when the run has stopped (resolves) or failed (resolves too; see state() and stats().error). */
  readonly done: Promise<void>;
}

export interface TapHandle extends Disposable {
  /** Replaces the filter; returns its diagnostics (empty when accepted; the old filter stays on error). */
  setFilter(filter: string | undefined): Diagnostic[];
}
