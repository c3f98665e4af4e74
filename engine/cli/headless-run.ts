/**
 * The headless runner shared by `sluice run` and an exported bundle's run.mjs: runs one pipeline
 * document until SIGINT/SIGTERM (or until it fails), on an embedded broker in a data directory
 * (optionally also serving the Kafka protocol) or on a Kafka cluster through KafkaClient, logging
 * records/s per node every few seconds.
 *
 * Invariants: a stop signal stops the run cleanly (outputs flushed, offsets committed, group left)
 * before the broker closes; the exit code is 0 after a clean stop, 1 after a failed run.
 */
import { resolve } from 'node:path';
import { Broker } from '../broker/broker.js';
import { startKafkaListener, type KafkaListener } from '../broker/kafka-listener.js';
import { localBrokerAccess } from '../client/broker-access.js';
import { InProcessClient } from '../client/in-process-client.js';
import { KafkaClient } from '../client/kafka-client.js';
import type { LogClient } from '../client/log-client.js';
import type { PipelineDocument } from '../pipeline/document/schema.js';
import type { ThreadConnection } from '../streams/threads/stream-threads.js';
import { startPipeline, type PipelineRun } from '../pipeline/runtime/index.js';
import type { Logger } from '../util/logger.js';
import { listenForStopSignal } from './broker-command.js';

export interface HeadlessRunOptions {
  doc: PipelineDocument;
  /** Where the embedded broker keeps its data (ignored with `bootstrap`). */
  dataDir: string;
  /** Run on this Kafka cluster instead of the embedded broker. */
  bootstrap?: Array<{ host: string; port: number }>;
  /** Also serve the Kafka protocol on this address (embedded broker only). */
  listen?: { host: string; port: number };
  /** Several processes of one pipeline on a cluster share the work; only one should run datagen. */
  runDatagen: boolean;
  progressIntervalMs: number;
  /** Stream threads sharing the pipeline's tasks (1: the process's own thread). */
  threads: number;
  logger: Logger;
  /** Prints the `listening on` line and other facts scripts wait for. */
  announce: (line: string) => void;
}

interface Backend {
  client: LogClient;
  /** How stream threads reach the same log. */
  threads: ThreadConnection;
  describe: string;
  close(): Promise<void>;
}

async function openBackend(options: HeadlessRunOptions): Promise<Backend> {
  if (options.bootstrap !== undefined) {
    const brokers = options.bootstrap.map((b) => `${b.host}:${b.port}`);
    const client = new KafkaClient({ brokers, clientId: `sluice-run-${options.doc.name}` });
    return { client, threads: { bootstrap: brokers }, describe: `Kafka cluster ${brokers.join(',')}`, close: () => client.close() };
  }
  const dataDir = resolve(options.dataDir);
  // Stream threads wait briefly for each other so that all join the group's first generation.
  const initialRebalanceDelayMs = options.threads > 1 ? '100' : '0';
  const broker = await Broker.open({ dataDir, config: { 'group.initial.rebalance.delay.ms': initialRebalanceDelayMs }, logger: options.logger });
  let listener: KafkaListener | undefined;
  try {
    if (options.listen !== undefined) listener = await startKafkaListener(broker, { ...options.listen, logger: options.logger });
  } catch (error) {
    await broker.close();
    throw error;
  }
  if (listener !== undefined) options.announce(`listening on ${listener.host}:${listener.port}`);
  const client = new InProcessClient(broker);
  return {
    client,
    threads: { broker: localBrokerAccess(broker) },
    describe: `embedded broker in ${dataDir}${listener === undefined ? '' : `, serving Kafka on ${listener.host}:${listener.port}`}`,
    close: async () => {
      await client.close();
      await listener?.close();
      await broker.close();
    },
  };
}

const rate = (perSec: number): string => (perSec >= 10_000 ? `${(perSec / 1000).toFixed(0)}k` : perSec >= 1000 ? `${(perSec / 1000).toFixed(1)}k` : perSec.toFixed(0));

/** One progress line: every node's records/s in and out (and lag for sources). */
export function progressLine(run: PipelineRun): string {
  const stats = run.stats();
  const parts = stats.nodes.map((n) => {
    const lag = n.lag === undefined ? '' : `, lag ${n.lag}`;
    return `${n.nodeId} ${rate(n.recordsInPerSec)}/s in ${rate(n.recordsOutPerSec)}/s out (${n.recordsOut} total${n.errors > 0 ? `, ${n.errors} errors` : ''}${lag})`;
  });
  return `progress [tasks ${stats.tasks.join(',') || 'none'}]: ${parts.join(' | ')}`;
}

function startProgress(run: PipelineRun, intervalMs: number, logger: Logger): () => void {
  const timer = setInterval(() => {
    run.refreshLag().then(
      () => logger.info(progressLine(run)),
      (error: unknown) => logger.warn(`could not read lag: ${String(error)}`),
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

export async function runHeadless(options: HeadlessRunOptions): Promise<number> {
  const { logger } = options;
  const signal = listenForStopSignal();
  let backend: Backend;
  try {
    backend = await openBackend(options);
  } catch (error) {
    signal.dispose();
    throw error;
  }
  let run: PipelineRun;
  try {
    run = await startPipeline({
      doc: options.doc,
      client: backend.client,
      trusted: true,
      runDatagen: options.runDatagen,
      createMissingSources: options.bootstrap === undefined,
      ...(options.threads > 1 ? { threads: { count: options.threads, connection: backend.threads } } : {}),
      logger,
    });
  } catch (error) {
    signal.dispose();
    await backend.close();
    throw error;
  }
  const threads = options.threads > 1 ? ` on ${options.threads} stream threads` : '';
  logger.info(`running pipeline ${options.doc.name} (${options.doc.nodes.length} nodes)${threads} on the ${backend.describe}`);
  options.announce(`running ${options.doc.name}`);
  const stopProgress = startProgress(run, options.progressIntervalMs, logger);
  const outcome = await Promise.race([signal.received.then((s) => ({ signal: s })), run.done.then(() => ({ signal: undefined }))]);
  stopProgress();
  signal.dispose();
  if (outcome.signal !== undefined) logger.info(`${outcome.signal}: stopping (committing and leaving the group)`);
  try {
    await run.stop();
    logger.info(progressLine(run));
  } finally {
    await backend.close(); // Even when stopping failed: an open broker or socket would keep the process alive.
  }
  const error = run.stats().error;
  if (error !== undefined) {
    logger.error(`pipeline failed${error.nodeId === undefined ? '' : ` at node "${error.nodeId}"`}: ${error.code}: ${error.message}`);
    return 1;
  }
  logger.info('stopped cleanly');
  return 0;
}
