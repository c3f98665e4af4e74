/**
 * A stream thread: the body of one worker thread of StreamThreads. It builds its own Topology
 * from the TopologySource (processors are code and cannot be sent), opens its own client (an
 * InProcessClient on the broker behind its MessagePort, or a KafkaClient), and runs one StreamsRuntime with the application id shared by
 * all threads, so the consumer group spreads the tasks over the threads exactly as it spreads them
 * over separate instances (Kafka Streams' num.stream.threads).
 *
 * It reports `ready` once its topology is built, starts its runtime when told to `run` (so that all
 * threads join the group together, after the slow part: loading modules), reports `started` once
 * its runtime has started, each state change, a failure (a topology that
 * cannot be built, or a runtime that went to ERROR), and `stopped` after a stop has committed and
 * left the group; it answers lag and metrics queries.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { PortBrokerAccess } from '../../client/broker-port.js';
import { InProcessClient } from '../../client/in-process-client.js';
import { KafkaClient } from '../../client/kafka-client.js';
import type { LogClient } from '../../client/log-client.js';
import type { Logger } from '../../util/logger.js';
import { StreamsError, errorMessage } from '../errors.js';
import { StreamsRuntime } from '../runtime/streams-runtime.js';
import { Topology } from '../topology/topology.js';
import { encodeThreadError } from './thread-errors.js';
import type { FromThread, StreamThreadData, ToThread, TopologySource } from './thread-messages.js';

const port = parentPort!;
const data = workerData as StreamThreadData;
const send = (message: FromThread) => port.postMessage(message);

const logger: Logger = {
  info: (message) => send({ type: 'log', level: 'info', message }),
  warn: (message) => send({ type: 'log', level: 'warn', message }),
  error: (message, error) => send({ type: 'log', level: 'error', message: error === undefined ? message : `${message}: ${errorMessage(error)}` }),
};

/** Imports the source's module and calls its export; a clear error naming both when that fails. */
async function buildTopology(source: TopologySource): Promise<Topology> {
  const exportName = source.exportName ?? 'default';
  const where = `${source.module}#${exportName}`;
  const url = /^[a-z][a-z0-9+.-]*:/i.test(source.module) && !/^[a-z]:[\\/]/i.test(source.module) ? source.module : pathToFileURL(source.module).href;
  let build: unknown;
  try {
    build = ((await import(url)) as Record<string, unknown>)[exportName];
  } catch (error) {
    throw new StreamsError('STREAMS_TOPOLOGY_SOURCE', `${data.threadName}: cannot load the topology module ${source.module}: ${errorMessage(error)}`, { cause: error });
  }
  if (typeof build !== 'function') throw new StreamsError('STREAMS_TOPOLOGY_SOURCE', `${data.threadName}: ${where} is not a function that builds a Topology`);
  const topology = (await (build as (args: unknown) => unknown)(source.args)) as unknown;
  if (!(topology instanceof Topology)) throw new StreamsError('STREAMS_TOPOLOGY_SOURCE', `${data.threadName}: ${where} did not return a Topology`);
  return topology;
}

/** The thread's own client: the embedded broker behind its port, or a Kafka cluster. */
function openClient(): { client: LogClient; close(): Promise<void> } {
  if (data.link.kind === 'kafka') {
    const client = new KafkaClient({ brokers: data.link.brokers, clientId: data.threadName });
    return { client, close: () => client.close() };
  }
  const access = new PortBrokerAccess(data.link.port);
  const client = new InProcessClient(access, { clientId: data.threadName });
  return { client, close: async () => access.close() };
}

async function run(): Promise<void> {
  const connection = openClient();
  let runtime: StreamsRuntime | undefined;
  let stopping = false;
  let starting: Promise<void> | undefined;
  port.on('message', (message: ToThread) => {
    if (message.type === 'run') starting ??= start();
    else if (message.type === 'stop') void stop();
    else void answer(message.id, message.query);
  });

  async function answer(id: number, query: 'lag' | 'metrics'): Promise<void> {
    const value = runtime === undefined ? (query === 'lag' ? [] : undefined) : query === 'lag' ? await runtime.lag().catch(() => []) : runtime.metrics();
    send({ type: 'answer', id, value });
  }

  async function start(): Promise<void> {
    if (runtime === undefined || stopping) return;
    try {
      await runtime.start();
      void runtime.done().catch((error: unknown) => send({ type: 'failed', error: encodeThreadError(error) }));
      send({ type: 'started' });
    } catch (error) {
      send({ type: 'failed', error: encodeThreadError(error) });
    }
  }

  async function stop(): Promise<void> {
    stopping = true;
    await starting;
    await runtime?.stop();
    await connection.close();
    send({ type: 'stopped' });
  }

  try {
    const topology = await buildTopology(data.topology);
    runtime = new StreamsRuntime(topology, { ...data.options, client: connection.client, logger });
    runtime.onStateChange((state) => send({ type: 'state', state }));
    send({ type: 'ready' });
  } catch (error) {
    send({ type: 'failed', error: encodeThreadError(error) });
  }
}

void run();
