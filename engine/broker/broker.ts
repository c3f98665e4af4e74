/**
 * The embedded broker's in-process API: topic admin, produce, fetch, list offsets and consumer
 * groups, on a durable data directory or in memory. The wire listener (engine/broker/server) and
 * the in-process client both sit on this class; neither adds behaviour of its own.
 *
 * Invariants: offsets are assigned only here (through the partition log); acks=all resolves after
 * fsync (group commit shares fsyncs between concurrent producers); acks=1 after the append; every
 * failure is a KafkaError carrying the Kafka error code a wire handler answers with.
 */
import { ErrorCode, KafkaError } from './errors.js';
import { TopicRegistry, type Topic } from './topic-registry.js';
import { resolveBrokerSettings, type BrokerSettings } from './broker-config.js';
import { prepareBatches } from './produce-validation.js';
import { Fetcher, type FetchOptions, type FetchPartitionRequest, type FetchPartitionResult } from './fetch.js';
import { listOffset, type ListedOffset } from './list-offsets.js';
import { OFFSETS_TOPIC, OffsetsTopicStore } from './offsets-topic.js';
import { GroupCoordinator } from './group/index.js';
import { effectiveTopicConfigs, type EffectiveConfig } from './topic-config.js';
import {
  fileMetadataStore,
  filePartitionStorage,
  loadClusterId,
  randomClusterId,
  memoryMetadataStore,
  memoryPartitionStorage,
} from './broker-storage.js';
import { forEachBatch } from './records/batch-validate.js';
import { lastOffsetAt } from './records/batch-header.js';
import { systemClock, type Clock, type Disposable } from '../util/clock.js';
import { silentLogger, type Logger } from '../util/logger.js';

export type Acks = 0 | 1 | -1;

export interface BrokerOptions {
  /** Durable data directory; omit to keep everything in memory. */
  dataDir?: string;
  /** Broker configs with Kafka's names (`num.partitions`, `log.retention.ms`, …). */
  config?: Readonly<Record<string, string>>;
  clock?: Clock;
  logger?: Logger;
}

export interface ProduceResult {
  baseOffset: number;
  lastOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
  recordCount: number;
}

export interface PartitionDescription {
  partition: number;
  logStartOffset: number;
  highWatermark: number;
  sizeBytes: number;
  segmentCount: number;
}

export interface TopicDescription {
  name: string;
  id: string;
  internal: boolean;
  partitions: PartitionDescription[];
  configs: EffectiveConfig[];
}

export interface CreateTopicOptions {
  /** Defaults to the broker's `num.partitions`. */
  partitions?: number;
  configs?: Readonly<Record<string, string>>;
  validateOnly?: boolean;
}

export class Broker {
  readonly settings: BrokerSettings;
  readonly groups: GroupCoordinator;
  /** Stable for a data directory; reported in Metadata. */
  readonly clusterId: string;
  private readonly fetcher: Fetcher;
  private readonly timers: Disposable[] = [];
  private closed = false;

  private constructor(
    private readonly registry: TopicRegistry,
    settings: BrokerSettings,
    groups: GroupCoordinator,
    readonly clock: Clock,
    private readonly logger: Logger,
    clusterId: string,
  ) {
    this.clusterId = clusterId;
    this.settings = settings;
    this.groups = groups;
    this.fetcher = new Fetcher(registry, clock);
  }

  static async open(options: BrokerOptions = {}): Promise<Broker> {
    const settings = resolveBrokerSettings(options.config);
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    const durable = options.dataDir !== undefined;
    const registry = await TopicRegistry.open({
      metadata: durable ? fileMetadataStore(options.dataDir!) : memoryMetadataStore(),
      storage: durable ? filePartitionStorage(options.dataDir!) : memoryPartitionStorage(),
      topicDefaults: settings.topicDefaults,
      clock,
      logger,
    });
    const offsetsTopic =
      registry.get(OFFSETS_TOPIC) ??
      (await registry.create(OFFSETS_TOPIC, settings.offsetsTopicNumPartitions, { 'cleanup.policy': 'compact', 'segment.bytes': String(100 * 1024 * 1024) }));
    const offsets = OffsetsTopicStore.load(
      {
        partitionCount: offsetsTopic.partitionCount,
        // Like Kafka (which acknowledges a commit once replicated, never per-commit fsync), a
        // commit is acknowledged once it is in the log, which survives a broker process crash;
        // the fsync runs in the background so a consumer's fetches are not held behind it.
        append: (partition, batch) => {
          const log = registry.partition(OFFSETS_TOPIC, partition);
          log.append(batch);
          log.sync().catch((error: unknown) => logger.error(`fsync of ${OFFSETS_TOPIC}-${partition} failed`, error));
        },
        readAll: (partition) => readWholeLog(registry, OFFSETS_TOPIC, partition),
      },
      clock,
    );
    const groups = new GroupCoordinator({
      clock,
      offsets,
      config: {
        initialRebalanceDelayMs: settings.groupInitialRebalanceDelayMs,
        minSessionTimeoutMs: settings.groupMinSessionTimeoutMs,
        maxSessionTimeoutMs: settings.groupMaxSessionTimeoutMs,
      },
    });
    const clusterId = durable ? loadClusterId(options.dataDir!) : randomClusterId();
    const broker = new Broker(registry, settings, groups, clock, logger, clusterId);
    broker.scheduleMaintenance();
    return broker;
  }

  // ── topics ────────────────────────────────────────────────────────────────────────────────

  async createTopic(name: string, options: CreateTopicOptions = {}): Promise<TopicDescription> {
    this.assertOpen();
    const partitions = options.partitions === undefined || options.partitions === -1 ? this.settings.numPartitions : options.partitions;
    if (options.validateOnly) {
      const overrides = this.registry.validateCreate(name, partitions, options.configs ?? {});
      return { name, id: '', internal: false, partitions: [], configs: effectiveTopicConfigs(overrides, this.settings.topicDefaults) };
    }
    const topic = await this.registry.create(name, partitions, options.configs ?? {});
    this.logger.info(`created topic "${name}" with ${partitions} partition(s)`);
    return describe(topic);
  }

  /** The topic, created with the broker defaults if `auto.create.topics.enable` allows it. */
  async ensureTopic(name: string): Promise<TopicDescription> {
    const existing = this.registry.get(name);
    if (existing) return describe(existing);
    if (!this.settings.autoCreateTopics) {
      throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${name}" does not exist and auto.create.topics.enable is false`);
    }
    try {
      return await this.createTopic(name);
    } catch (error) {
      // Two callers racing to auto-create the same topic both succeed.
      if (error instanceof KafkaError && error.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS) {
        const topic = this.registry.get(name);
        if (topic) return describe(topic);
      }
      throw error;
    }
  }

  async deleteTopic(name: string): Promise<void> {
    this.assertOpen();
    if (name === OFFSETS_TOPIC) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, `the internal topic ${OFFSETS_TOPIC} cannot be deleted`);
    await this.registry.delete(name);
  }

  describeTopic(name: string): TopicDescription {
    return describe(this.registry.require(name));
  }

  listTopics(options: { includeInternal?: boolean } = {}): TopicDescription[] {
    return this.registry.list().filter((topic) => options.includeInternal || !topic.internal).map(describe);
  }

  /** The name of the topic with this id (a UUID string), if any. */
  topicNameById(id: string): string | undefined {
    return this.registry.list().find((topic) => topic.id === id)?.name;
  }

  hasTopic(name: string): boolean {
    return this.registry.get(name) !== undefined;
  }

  describeConfigs(name: string): EffectiveConfig[] {
    return this.registry.require(name).configs;
  }

  /** Sets (string) or removes (null) topic config overrides; returns the effective configs. */
  alterConfigs(name: string, changes: Readonly<Record<string, string | null>>): Promise<EffectiveConfig[]> {
    this.assertOpen();
    return this.registry.alterConfigs(name, changes);
  }

  // ── data ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Appends one or more RecordBatch v2 batches to a partition. The broker assigns offsets by
   * editing the batches in place (baseOffset is outside the CRC). acks=-1 resolves after fsync.
   */
  async produce(topicName: string, partition: number, batches: Buffer, options: { acks?: Acks } = {}): Promise<ProduceResult> {
    this.assertOpen();
    const acks = options.acks ?? -1;
    if (acks !== 0 && acks !== 1 && acks !== -1) {
      throw new KafkaError(ErrorCode.INVALID_REQUIRED_ACKS, `acks must be 0, 1 or -1 (all), got ${String(acks)}`);
    }
    const topic = this.registry.require(topicName);
    const log = this.registry.partition(topicName, partition);
    const prepared = prepareBatches(topic, partition, batches, this.clock.now());
    const { baseOffset, lastOffset } = log.append(batches);
    if (acks === -1) await log.sync();
    return { baseOffset, lastOffset, logAppendTimeMs: prepared.logAppendTimeMs, logStartOffset: log.logStartOffset, recordCount: prepared.recordCount };
  }

  /** Long-polling fetch over several partitions; per-partition failures come back as error codes. */
  fetch(requests: readonly FetchPartitionRequest[], options: FetchOptions): Promise<FetchPartitionResult[]> {
    this.assertOpen();
    return this.fetcher.fetch(requests, options);
  }

  /** Offset for a timestamp: -1 latest, -2 earliest, -3 max timestamp, else the first offset with ts >= T. */
  listOffsets(topic: string, partition: number, timestamp: number): ListedOffset {
    return listOffset(this.registry.partition(topic, partition), timestamp);
  }

  /**
   * DeleteRecords: makes the records of the partition below `offset` unreadable (−1: below the
   * high watermark) and deletes the segments wholly below it; returns the new log start offset.
   */
  deleteRecords(topic: string, partition: number, offset: number): number {
    this.assertOpen();
    const log = this.registry.partition(topic, partition);
    return log.deleteRecordsBefore(offset === -1 ? log.logEndOffset : offset);
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────────────────────

  /** Applies retention and compaction to every partition now. */
  async runMaintenance(): Promise<{ segmentsDeleted: number; recordsCompacted: number }> {
    const now = this.clock.now();
    let segmentsDeleted = 0;
    let recordsCompacted = 0;
    for (const topic of this.registry.list()) {
      for (const log of topic.logs) {
        segmentsDeleted += log.applyRetention(now);
        recordsCompacted += (await log.compact(now)).recordsRemoved;
      }
    }
    return { segmentsDeleted, recordsCompacted };
  }

  private scheduleMaintenance(): void {
    const every = (intervalMs: number, task: () => unknown) => {
      const tick = async () => {
        if (this.closed) return;
        try {
          await task();
        } catch (error) {
          this.logger.error('log maintenance failed', error);
        }
        if (!this.closed) this.timers.push(this.clock.schedule(intervalMs, () => void tick()));
      };
      this.timers.push(this.clock.schedule(intervalMs, () => void tick()));
    };
    every(this.settings.retentionCheckIntervalMs, () => {
      const now = this.clock.now();
      for (const topic of this.registry.list()) for (const log of topic.logs) log.applyRetention(now);
    });
    every(this.settings.cleanerBackoffMs, async () => {
      const now = this.clock.now();
      for (const topic of this.registry.list()) {
        for (const log of topic.logs) if (log.config.cleanupPolicy.compact) await log.compact(now);
      }
    });
  }

  /** Stops timers, answers parked fetches and group requests, flushes and closes every log. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) timer.dispose();
    this.fetcher.close();
    this.groups.close();
    await this.registry.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER, 'the broker is shut down');
  }
}

function describe(topic: Topic): TopicDescription {
  return {
    name: topic.name,
    id: topic.id,
    internal: topic.internal,
    configs: topic.configs,
    partitions: topic.logs.map((log, partition) => ({
      partition,
      logStartOffset: log.logStartOffset,
      highWatermark: log.logEndOffset,
      sizeBytes: log.sizeBytes,
      segmentCount: log.segmentCount,
    })),
  };
}

function readWholeLog(registry: TopicRegistry, topic: string, partition: number): Buffer[] {
  const log = registry.partition(topic, partition);
  const chunks: Buffer[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const chunk = log.read(offset, 4 * 1024 * 1024);
    if (chunk.length === 0) break;
    chunks.push(chunk);
    forEachBatch(chunk, (pos) => (offset = lastOffsetAt(chunk, pos) + 1));
  }
  return chunks;
}
