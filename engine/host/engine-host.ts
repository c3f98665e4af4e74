/**
 * The engine host (DESIGN.md §1, §2 `host/`): one embedded Broker on a data directory, an
 * InProcessClient over it, the workspace folder, the templates and the one pipeline run, behind the
 * EngineApi. Every transport reaches it through `connect(send)`; `sluice studio` (WebSocket) and
 * the Electron utility process (MessagePort) run this same class.
 *
 * Invariants: handlers receive parameters already validated by the dispatcher; `run.status` goes to
 * every connection and every `onEvent` listener, `tap.batch` only to the tap's subscriber; close()
 * stops the run, drops the connections and closes the broker, and is safe to call twice.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EngineHandlers, EngineMethod, MethodResult, ParsedParams } from '../api/contract.js';
import type { RunStatus } from '../api/dto.js';
import { EngineError } from '../api/errors.js';
import type { EventMessage } from '../api/messages.js';
import { Broker } from '../broker/broker.js';
import { InProcessClient } from '../client/in-process-client.js';
import { startPipeline } from '../pipeline/runtime/index.js';
import { systemClock, type Clock, type Disposable } from '../util/clock.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { listCatalog } from './catalog.js';
import { HostConnection, type ConnectionHost, type SendMessage } from './connection.js';
import { parsePipelineText, serializePipelineText, validatePipeline } from './pipelines.js';
import { RunController, type StartPipeline, type TapSink } from './run-controller.js';
import { DEFAULT_TEMPLATES_DIR, TemplateStore } from './templates.js';
import { TopicService } from './topics.js';
import { Workspace } from './workspace.js';

export interface EngineHostOptions {
  /** Broker data (topics, offsets) and the workspace folder `pipelines/` live here. */
  dataDir: string;
  logger?: Logger;
  /** Defaults to `templates/` at the package root. */
  templatesDir?: string;
  /** Broker configs with Kafka's names, over HOST_BROKER_DEFAULTS. */
  brokerConfig?: Readonly<Record<string, string>>;
  /** Defaults to the pipeline runtime's startPipeline. */
  startPipeline?: StartPipeline;
  /** How often `run.status` goes out while a run is live (default 1000 ms). */
  statusIntervalMs?: number;
  clock?: Clock;
  /** Check every result against the contract before answering (tests). */
  checkResults?: boolean;
}

/**
 * The studio's broker serves one user's runs: the first rebalance of a pipeline's group need not
 * wait 3 s for more members to join (Kafka's default, meant for fleets of consumers).
 */
export const HOST_BROKER_DEFAULTS: Readonly<Record<string, string>> = { 'group.initial.rebalance.delay.ms': '0' };

type Params<M extends EngineMethod> = ParsedParams<M>;
type Result<M extends EngineMethod> = Promise<MethodResult<M>>;

export class EngineHost implements EngineHandlers, ConnectionHost {
  private readonly connections = new Set<HostConnection>();
  private readonly listeners = new Set<(message: EventMessage) => void>();
  private readonly topics: TopicService;
  private readonly workspace: Workspace;
  private readonly templates: TemplateStore;
  private readonly runs: RunController;
  /** Receives taps subscribed without a connection (direct calls), through `onEvent`. */
  private readonly localSink: TapSink = { tapBatch: (batch) => this.emitLocal({ type: 'event', event: 'tap.batch', payload: batch }) };
  private closing: Promise<void> | undefined;

  private constructor(
    readonly dataDir: string,
    readonly broker: Broker,
    readonly client: InProcessClient,
    private readonly options: EngineHostOptions & { logger: Logger },
  ) {
    this.topics = new TopicService(broker, client);
    this.workspace = new Workspace(join(dataDir, 'pipelines'));
    this.templates = new TemplateStore(options.templatesDir ?? DEFAULT_TEMPLATES_DIR, options.logger);
    this.runs = new RunController({
      client,
      start: options.startPipeline ?? startPipeline,
      clock: options.clock ?? systemClock,
      logger: options.logger,
      statusIntervalMs: options.statusIntervalMs ?? 1000,
      onStatus: (status) => this.broadcastStatus(status),
    });
  }

  static async open(options: EngineHostOptions): Promise<EngineHost> {
    const logger = options.logger ?? silentLogger;
    const dataDir = resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
    const broker = await Broker.open({ dataDir, logger, config: { ...HOST_BROKER_DEFAULTS, ...options.brokerConfig } });
    const client = new InProcessClient(broker, { clientId: 'sluice-host' });
    logger.info(`engine host on ${dataDir}`);
    return new EngineHost(dataDir, broker, client, { ...options, logger });
  }

  /**
   * A new client of the host; `send` delivers responses and events to it, `onClosed` learns that the
   * host closed it. Close it when the client goes.
   */
  connect(send: SendMessage, onClosed?: () => void): HostConnection {
    if (this.closing !== undefined) throw new EngineError('HOST_CLOSED', 'the engine host is closed', { domain: 'external' });
    const connection = new HostConnection(this, send, {
      logger: this.options.logger,
      checkResults: this.options.checkResults ?? false,
      ...(onClosed === undefined ? {} : { onClosed }),
    });
    this.connections.add(connection);
    return connection;
  }

  /** Broadcast events (`run.status`) and taps subscribed by direct calls. */
  onEvent(listener: (message: EventMessage) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  invoke(method: EngineMethod, params: unknown, caller: HostConnection): Promise<unknown> {
    const handler = this[method] as (params: unknown, caller?: TapSink) => Promise<unknown>;
    return handler.call(this, params, caller);
  }

  disconnect(connection: HostConnection): void {
    this.connections.delete(connection);
    this.runs.dropSink(connection);
    connection.close();
  }

  async close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  // ── catalog and templates ────────────────────────────────────────────────────────────────

  async 'catalog.list'(_params: Params<'catalog.list'>): Result<'catalog.list'> {
    return listCatalog();
  }

  async 'templates.list'(_params: Params<'templates.list'>): Result<'templates.list'> {
    return { templates: await this.templates.list() };
  }

  async 'templates.instantiate'(params: Params<'templates.instantiate'>): Result<'templates.instantiate'> {
    return this.templates.instantiate(params.slug);
  }

  // ── pipelines ────────────────────────────────────────────────────────────────────────────

  async 'pipelines.validate'(params: Params<'pipelines.validate'>): Result<'pipelines.validate'> {
    return validatePipeline(params.doc);
  }

  async 'pipelines.parse'(params: Params<'pipelines.parse'>): Result<'pipelines.parse'> {
    return parsePipelineText(params.text);
  }

  async 'pipelines.serialize'(params: Params<'pipelines.serialize'>): Result<'pipelines.serialize'> {
    return serializePipelineText(params.doc);
  }

  async 'pipelines.list'(_params: Params<'pipelines.list'>): Result<'pipelines.list'> {
    return { files: await this.workspace.list() };
  }

  async 'pipelines.open'(params: Params<'pipelines.open'>): Result<'pipelines.open'> {
    return this.workspace.open(params.path);
  }

  async 'pipelines.save'(params: Params<'pipelines.save'>): Result<'pipelines.save'> {
    return this.workspace.save(params.path, params.doc);
  }

  async 'pipelines.run'(params: Params<'pipelines.run'>): Result<'pipelines.run'> {
    return this.runs.run(params.doc, params.trusted);
  }

  async 'pipelines.stop'(_params: Params<'pipelines.stop'>): Result<'pipelines.stop'> {
    return this.runs.stop();
  }

  async 'pipelines.status'(_params: Params<'pipelines.status'>): Result<'pipelines.status'> {
    return this.runs.status();
  }

  // ── taps ─────────────────────────────────────────────────────────────────────────────────

  async 'taps.subscribe'(params: Params<'taps.subscribe'>, caller?: TapSink): Result<'taps.subscribe'> {
    return this.runs.subscribe(caller ?? this.localSink, params);
  }

  async 'taps.setFilter'(params: Params<'taps.setFilter'>, caller?: TapSink): Result<'taps.setFilter'> {
    return this.runs.setFilter(caller ?? this.localSink, params.tapId, params.filter);
  }

  async 'taps.unsubscribe'(params: Params<'taps.unsubscribe'>, caller?: TapSink): Result<'taps.unsubscribe'> {
    this.runs.unsubscribe(caller ?? this.localSink, params.tapId);
    return {};
  }

  // ── topics ───────────────────────────────────────────────────────────────────────────────

  async 'topics.list'(params: Params<'topics.list'>): Result<'topics.list'> {
    return { topics: this.topics.list(params.includeInternal) };
  }

  async 'topics.describe'(params: Params<'topics.describe'>): Result<'topics.describe'> {
    return this.topics.describe(params.name);
  }

  async 'topics.create'(params: Params<'topics.create'>): Result<'topics.create'> {
    return this.topics.create(params);
  }

  async 'topics.delete'(params: Params<'topics.delete'>): Result<'topics.delete'> {
    return this.topics.delete(params.name);
  }

  async 'topics.consume'(params: Params<'topics.consume'>): Result<'topics.consume'> {
    return this.topics.consume(params);
  }

  async 'topics.produce'(params: Params<'topics.produce'>): Result<'topics.produce'> {
    return this.topics.produce(params);
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  private broadcastStatus(status: RunStatus): void {
    for (const connection of this.connections) connection.event('run.status', status);
    this.emitLocal({ type: 'event', event: 'run.status', payload: status });
  }

  private emitLocal(message: EventMessage): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch (error) {
        this.options.logger.error(`an engine event listener failed on ${message.event}`, error);
      }
    }
  }

  private async shutdown(): Promise<void> {
    try {
      await this.runs.close();
    } catch (error) {
      this.options.logger.error('stopping the pipeline run while closing the engine host failed', error);
    }
    for (const connection of [...this.connections]) connection.close();
    await this.client.close();
    await this.broker.close();
    this.options.logger.info('engine host closed');
  }
}

