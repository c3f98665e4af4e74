/**
 * The broker's topics: names, ids, partition logs and config overrides. Metadata is persisted in
 * `<dataDir>/topics.json` with an atomic write (temp file, fsync, rename), so a crash leaves either
 * the old or the new list. Partition data lives in `<dataDir>/<topic>-<partition>/`, as in Kafka.
 * Without a data dir everything is kept in memory (tests, throwaway studio sessions).
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, KafkaError } from './errors.js';
import { assertTopicName, isInternalTopic } from './topic-names.js';
import { effectiveTopicConfigs, normalizeTopicConfigs, type EffectiveConfig } from './topic-config.js';
import { logConfigFrom } from './topic-log-config.js';
import { PartitionLog } from './log/partition-log.js';
import type { MetadataStore, PartitionStorageFactory } from './broker-storage.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';

export interface TopicRecord {
  name: string;
  id: string;
  partitionCount: number;
  overrides: Record<string, string>;
}

export interface Topic extends TopicRecord {
  internal: boolean;
  logs: PartitionLog[];
  configs: EffectiveConfig[];
}

export interface TopicRegistryOptions {
  metadata: MetadataStore;
  storage: PartitionStorageFactory;
  topicDefaults: Readonly<Record<string, string>>;
  clock: Clock;
  logger: Logger;
}

export const MAX_PARTITIONS = 10_000;

export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();
  private pending = new Map<string, Promise<Topic>>();

  private constructor(private readonly options: TopicRegistryOptions) {}

  static async open(options: TopicRegistryOptions): Promise<TopicRegistry> {
    const registry = new TopicRegistry(options);
    for (const record of await options.metadata.loadTopics()) await registry.load(record);
    return registry;
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  /** The topic, or UNKNOWN_TOPIC_OR_PARTITION naming it. */
  require(name: string): Topic {
    const topic = this.topics.get(name);
    if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${name}" does not exist`);
    return topic;
  }

  /** The partition's log, or UNKNOWN_TOPIC_OR_PARTITION naming topic and partition. */
  partition(name: string, partition: number): PartitionLog {
    const topic = this.require(name);
    const log = topic.logs[partition];
    if (!log) {
      throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${name}" has no partition ${partition} (it has ${topic.partitionCount})`);
    }
    return log;
  }

  list(): Topic[] {
    return [...this.topics.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Checks everything create() checks, without creating; returns the normalized overrides. */
  validateCreate(name: string, partitionCount: number, overrides: Readonly<Record<string, string>>): Record<string, string> {
    assertTopicName(name);
    if (this.topics.has(name) || this.pending.has(name)) {
      throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `topic "${name}" already exists`);
    }
    if (!Number.isInteger(partitionCount) || partitionCount < 1 || partitionCount > MAX_PARTITIONS) {
      throw new KafkaError(ErrorCode.INVALID_PARTITIONS, `topic "${name}": partition count ${partitionCount} must be between 1 and ${MAX_PARTITIONS}`);
    }
    return normalizeTopicConfigs(overrides);
  }

  async create(name: string, partitionCount: number, overrides: Readonly<Record<string, string>> = {}): Promise<Topic> {
    const normalized = this.validateCreate(name, partitionCount, overrides);
    const record: TopicRecord = { name, id: randomUUID(), partitionCount, overrides: normalized };
    const creation = this.load(record).then(async (topic) => {
      await this.persist();
      return topic;
    });
    this.pending.set(name, creation);
    try {
      return await creation;
    } finally {
      this.pending.delete(name);
    }
  }

  async delete(name: string): Promise<void> {
    const topic = this.require(name);
    this.topics.delete(name);
    await this.persist();
    for (const log of topic.logs) await log.deleteAll();
    this.options.logger.info(`deleted topic "${name}" (${topic.partitionCount} partitions)`);
  }

  /** Replaces the topic's overrides (null removes one); returns the new effective configs. */
  async alterConfigs(name: string, changes: Readonly<Record<string, string | null>>): Promise<EffectiveConfig[]> {
    const topic = this.require(name);
    const next: Record<string, string> = { ...topic.overrides };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete next[key];
      else next[key] = value;
    }
    topic.overrides = normalizeTopicConfigs(next);
    topic.configs = effectiveTopicConfigs(topic.overrides, this.options.topicDefaults);
    const logConfig = logConfigFrom(topic.configs);
    for (const log of topic.logs) log.setConfig(logConfig);
    await this.persist();
    return topic.configs;
  }

  async close(): Promise<void> {
    for (const topic of this.topics.values()) for (const log of topic.logs) await log.close();
    this.topics.clear();
  }

  private async load(record: TopicRecord): Promise<Topic> {
    const configs = effectiveTopicConfigs(record.overrides, this.options.topicDefaults);
    const logConfig = logConfigFrom(configs);
    const logs: PartitionLog[] = [];
    for (let partition = 0; partition < record.partitionCount; partition++) {
      const name = `${record.name}-${partition}`;
      logs.push(
        await PartitionLog.open({
          storage: await this.options.storage.open(name),
          name,
          config: logConfig,
          clock: this.options.clock,
          logger: (message) => this.options.logger.warn(message),
        }),
      );
    }
    const topic: Topic = { ...record, internal: isInternalTopic(record.name), logs, configs };
    this.topics.set(record.name, topic);
    return topic;
  }

  private persist(): Promise<void> {
    const records = [...this.topics.values()].map(({ name, id, partitionCount, overrides }) => ({ name, id, partitionCount, overrides }));
    return this.options.metadata.saveTopics(records);
  }
}
