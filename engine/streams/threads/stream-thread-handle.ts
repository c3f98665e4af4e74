/**
 * The owning side of one stream thread: the Worker, the MessagePort that serves it the broker,
 * its last reported state, and its queries. A thread fails when it reports a failure, throws
 * outside its runtime, or exits before it was told to stop; the failure is kept (the first one)
 * and handed to `onFailure` once.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { serveBrokerAccess } from '../../client/broker-port.js';
import type { Disposable } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { StreamsError } from '../errors.js';
import type { RuntimeState } from '../runtime/runtime-state.js';
import { decodeThreadError } from './thread-errors.js';
import type { FromThread, StreamThreadData, ThreadConnection, ThreadLink, ThreadRuntimeOptions, ToThread, TopologySource } from './thread-messages.js';

/**
 * A stream thread's young generation (V8's two semi-spaces and its large-object space; 96 MB is
 * 32 MB semi-spaces). A thread allocates a few hundred bytes per record, nearly all dead by the
 * next scavenge, so scavenges cost their fixed part (roots, old-to-new references: the stores,
 * the fetched batches) more than their survivors: fewer, larger ones cut a thread's scavenge time
 * by about a quarter in the streams bench. V8's own default keeps the semi-spaces at 16 MB or less.
 */
const THREAD_YOUNG_GENERATION_MB = 96;

interface Signal {
  resolve(): void;
  reject(error: Error): void;
}

interface Signals {
  ready: Signal;
  started: Signal;
}

export interface ThreadSpawn {
  threadName: string;
  topology: TopologySource;
  options: ThreadRuntimeOptions;
  connection: ThreadConnection;
  logger: Logger;
  onFailure(thread: StreamThreadHandle, error: Error): void;
  onStateChange(): void;
}

/**
 * The worker module, beside this one with the same extension; from TypeScript sources it is loaded
 * through a bootstrap that registers tsx (a worker does not inherit its parent's loader).
 */
function workerScript(): { script: URL; entry?: string } {
  const extension = /\.(ts|mjs|js)$/.exec(import.meta.url)?.[1] ?? 'js';
  const entry = new URL(`./stream-thread-worker.${extension}`, import.meta.url);
  return extension === 'ts' ? { script: new URL('./stream-thread-bootstrap.mjs', import.meta.url), entry: entry.href } : { script: entry };
}

export class StreamThreadHandle {
  readonly name: string;
  state: RuntimeState = 'CREATED';
  failure: Error | undefined;
  /** Resolves once the thread has built its topology; rejects if the thread fails first. */
  readonly ready: Promise<void>;
  /** Resolves once the thread's runtime has started; rejects if the thread fails first. */
  readonly started: Promise<void>;
  /** Resolves when the worker has exited. */
  readonly exited: Promise<void>;
  private readonly worker: Worker;
  private readonly served: Disposable;
  private readonly queries = new Map<number, (value: unknown) => void>();
  private nextQuery = 1;
  private stopRequested = false;
  private hasExited = false;
  private stoppedSignal: (() => void) | undefined;
  private readonly stopped: Promise<void>;

  constructor(private readonly spawn: ThreadSpawn) {
    this.name = spawn.threadName;
    let link: ThreadLink;
    if ('broker' in spawn.connection) {
      const { port1, port2 } = new MessageChannel();
      this.served = serveBrokerAccess(port1, spawn.connection.broker);
      link = { kind: 'port', port: port2 };
    } else {
      this.served = { dispose: () => undefined };
      link = { kind: 'kafka', brokers: spawn.connection.bootstrap };
    }
    const { script, entry } = workerScript();
    const data: StreamThreadData = { threadName: spawn.threadName, topology: spawn.topology, options: spawn.options, link, ...(entry ? { entry } : {}) };
    try {
      this.worker = new Worker(script, {
        workerData: data,
        transferList: link.kind === 'port' ? [link.port] : [],
        name: spawn.threadName,
        resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB },
      });
    } catch (error) {
      this.served.dispose();
      if (link.kind === 'port') link.port.close();
      throw new StreamsError('STREAMS_TOPOLOGY_SOURCE', `${this.name} could not be started: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    this.stopped = new Promise((resolve) => (this.stoppedSignal = resolve));
    let readySignal!: Signal;
    let startedSignal!: Signal;
    this.ready = new Promise((resolve, reject) => (readySignal = { resolve, reject }));
    this.started = new Promise((resolve, reject) => (startedSignal = { resolve, reject }));
    this.ready.catch(() => undefined);
    this.started.catch(() => undefined);
    const signals = { ready: readySignal, started: startedSignal };
    this.worker.on('message', (message: FromThread) => this.receive(message, signals));
    this.worker.on('error', (error) => this.fail(error, signals));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.hasExited = true;
        this.served.dispose();
        this.stoppedSignal?.();
        if (!this.stopRequested) this.fail(new StreamsError('STREAMS_ILLEGAL_STATE', `${this.name} exited (code ${code}) before it was stopped`, { domain: 'internal' }), signals);
        // Stopped before it got there: whoever waits for it to be ready or started hears so (no-op once settled).
        const stopped = new StreamsError('STREAMS_ILLEGAL_STATE', `${this.name} was stopped before it started`);
        signals.ready.reject(stopped);
        signals.started.reject(stopped);
        for (const answer of this.queries.values()) answer(undefined);
        this.queries.clear();
        resolve();
      }),
    );
  }

  /** Tells a ready thread to start its runtime (join the group). */
  run(): void {
    this.worker.postMessage({ type: 'run' } satisfies ToThread);
  }

  /** Asks the thread for its lag or metrics; undefined if it has exited (or exits before answering). */
  query(query: 'lag' | 'metrics'): Promise<unknown> {
    if (this.hasExited) return Promise.resolve(undefined);
    const id = this.nextQuery++;
    return new Promise((resolve) => {
      this.queries.set(id, resolve);
      this.worker.postMessage({ type: 'query', id, query } satisfies ToThread);
    });
  }

  /** Stops the runtime (commit, leave the group), then ends the worker. */
  async stop(): Promise<void> {
    if (!this.stopRequested) {
      this.stopRequested = true;
      this.worker.postMessage({ type: 'stop' } satisfies ToThread);
    }
    await this.stopped;
    await this.worker.terminate();
    await this.exited;
  }

  private receive(message: FromThread, signals: Signals): void {
    switch (message.type) {
      case 'ready':
        return signals.ready.resolve();
      case 'started':
        return signals.started.resolve();
      case 'state':
        this.state = message.state;
        return this.spawn.onStateChange();
      case 'failed':
        return this.fail(decodeThreadError(message.error), signals);
      case 'stopped':
        this.state = 'NOT_RUNNING';
        this.spawn.onStateChange();
        return this.stoppedSignal?.();
      case 'log':
        return this.spawn.logger[message.level](`[${this.name}] ${message.message}`);
      case 'answer': {
        const resolve = this.queries.get(message.id);
        this.queries.delete(message.id);
        return resolve?.(message.value);
      }
    }
  }

  private fail(error: Error, signals: Signals): void {
    signals.ready.reject(error);
    signals.started.reject(error);
    if (this.failure !== undefined) return;
    this.failure = error;
    this.state = 'ERROR';
    this.spawn.onFailure(this, error);
  }
}
