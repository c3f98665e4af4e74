/**
 * The messages between a StreamThreads instance (the thread that owns the embedded broker) and
 * each of its stream threads (worker threads, each running one StreamsRuntime). Everything here
 * is structured-cloneable data; errors cross as ThreadError (thread-errors.ts).
 */
import type { MessagePort } from 'node:worker_threads';
import type { BrokerAccess } from '../../client/broker-access.js';
import type { StreamsRuntimeOptions } from '../runtime/streams-runtime.js';
import type { RuntimeState } from '../runtime/runtime-state.js';
import type { ThreadError } from './thread-errors.js';

/** Where a stream thread gets its topology: it cannot receive one, since processors are code. */
export interface TopologySource {
  /** Absolute path or file URL of an ES module (TypeScript when the engine runs from sources). */
  module: string;
  /** The export to call; default `default`. It gets `args` and returns a Topology (or a promise of one). */
  exportName?: string;
  /** A structured-cloneable argument for that export, e.g. a pipeline document. */
  args?: unknown;
}

/** The runtime options a stream thread can receive (no client, clock or logger: those are its own). */
export type ThreadRuntimeOptions = Omit<StreamsRuntimeOptions, 'client' | 'clock' | 'logger'>;

/**
 * How the threads reach the log: the embedded broker of the owning thread (served to each thread
 * over a MessagePort), or a Kafka cluster (each thread opens its own KafkaClient, as each Kafka
 * Streams thread has its own consumer and producer).
 */
export type ThreadConnection = { broker: BrokerAccess } | { bootstrap: string[] };

/** What a thread receives of its connection. */
export type ThreadLink = { kind: 'port'; port: MessagePort } | { kind: 'kafka'; brokers: string[] };

export interface StreamThreadData {
  /** The worker module to load (set when a bootstrap loads it, see stream-thread-bootstrap.mjs). */
  entry?: string;
  /** Kafka Streams' thread name: `<applicationId>-StreamThread-<n>`, also the client id. */
  threadName: string;
  topology: TopologySource;
  options: ThreadRuntimeOptions;
  link: ThreadLink;
}

export type ToThread = { type: 'run' } | { type: 'stop' } | { type: 'query'; id: number; query: 'lag' | 'metrics' };

export type FromThread =
  | { type: 'ready' }
  | { type: 'started' }
  | { type: 'state'; state: RuntimeState }
  | { type: 'failed'; error: ThreadError }
  | { type: 'stopped' }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'answer'; id: number; value: unknown };
