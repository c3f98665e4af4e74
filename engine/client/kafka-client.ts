/**
 * KafkaClient: the LogClient over the Kafka protocol through kafkajs 2.x, for `sluice broker` or
 * any Kafka cluster.
 *
 * - Admin (topics, committed offsets, list offsets) goes through one kafkajs admin client.
 * - Produce goes through one idempotence-off kafkajs producer. Partitions are always computed here,
 *   with the same partitioner as InProcessClient (murmur2 for keys, sticky for null keys), and
 *   passed explicitly, so both clients place records identically. kafkajs returns one base offset
 *   per partition; per-record offsets are base + position within the partition's batch. Large
 *   calls are sliced like InProcessClient's (record-placement.ts).
 * - Group-less fetch uses kafkajs's internal Cluster (see kafka-fetch.ts for why and how).
 * - Group consumers are kafkajs consumers adapted to the pull model (kafka-group-consumer.ts).
 *
 * Semantic gaps, all caused by kafkajs 2.2.4:
 * - Header values cannot be null (kafkajs's encoder fails on them): produce rejects such records
 *   with INVALID_RECORD instead of sending something else.
 * - Headers travel as an object through kafkajs (on produce and on consume): values of a repeated
 *   key keep their order, but distinct keys are ordered by first appearance, with integer-like
 *   keys first. InProcessClient keeps the exact order.
 * - acks=0 reports offset -1 (the broker does not answer); so does InProcessClient.
 * - Snappy, lz4 and zstd are registered into kafkajs's global codec table (kafka-support.ts).
 */
import { Kafka, type Admin, type Producer } from 'kafkajs';
import { ErrorCode, KafkaError } from '../broker/errors.js';
import { systemClock, type Clock } from '../util/clock.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { DEFAULT_FETCH_MAX_BYTES, DEFAULT_PARTITION_FETCH_BYTES } from './fetch-defaults.js';
import { fetchWithoutGroup, openInternalCluster, type InternalCluster } from './kafka-fetch.js';
import { KafkaGroupConsumer } from './kafka-group-consumer.js';
import { KAFKAJS_COMPRESSION, kafkaCall, kafkajsLogCreator, registerCompressionCodecs, toKafkaError } from './kafka-support.js';
import type {
  Acks,
  FetchedPartition,
  FetchRequest,
  GroupConsumer,
  GroupConsumerOptions,
  LogClient,
  NewTopic,
  OffsetSpec,
  ProducerRecord,
  RecordMetadata,
  TopicInfo,
  TopicPartition,
  TopicPartitionOffset,
} from './log-client.js';
import { StickyPartitioner } from './partitioner.js';
import { noDelaySocketFactory } from './kafka-socket.js';
import { checkAcks, placeRecords, slices } from './record-placement.js';

export interface KafkaClientOptions {
  /** Bootstrap servers, `host:port`. */
  brokers: string[];
  clientId?: string;
  ssl?: ConstructorParameters<typeof Kafka>[0]['ssl'];
  sasl?: ConstructorParameters<typeof Kafka>[0]['sasl'];
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Receives kafkajs's warnings and errors. Default: silent. */
  logger?: Logger;
  clock?: Clock;
  partitioner?: StickyPartitioner;
}

/** How long a topic's partition count is trusted for partitioning (Kafka's metadata.max.age is 5 min). */
const PARTITION_COUNT_TTL_MS = 30_000;

export class KafkaClient implements LogClient {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly partitioner: StickyPartitioner;
  /** Partition counts for the partitioner, refreshed after PARTITION_COUNT_TTL_MS or a failed produce. */
  private readonly partitionCounts = new Map<string, { count: number; atMs: number }>();
  private readonly consumers = new Set<GroupConsumer>();
  private adminClient: Promise<Admin> | undefined;
  private producerClient: Promise<Producer> | undefined;
  private cluster: InternalCluster | undefined;
  private closed = false;

  constructor(options: KafkaClientOptions) {
    registerCompressionCodecs();
    this.kafka = new Kafka({
      brokers: options.brokers,
      clientId: options.clientId ?? 'sluice',
      ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
      ...(options.sasl === undefined ? {} : { sasl: options.sasl }),
      connectionTimeout: options.connectionTimeoutMs ?? 3000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      logCreator: kafkajsLogCreator(options.logger ?? silentLogger),
      retry: { retries: 5, initialRetryTime: 100 },
      socketFactory: noDelaySocketFactory,
    });
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.partitioner = options.partitioner ?? new StickyPartitioner();
  }

  // ── admin ─────────────────────────────────────────────────────────────────────────────────

  async createTopics(topics: NewTopic[], options: { ifNotExists?: boolean } = {}): Promise<void> {
    const admin = await this.admin();
    const existing = new Set(await this.listTopics());
    const clash = topics.find((t) => existing.has(t.name));
    if (clash && !options.ifNotExists) throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `topic "${clash.name}" already exists`);
    const wanted = topics.filter((t) => !existing.has(t.name));
    if (wanted.length === 0) return;
    const created = await kafkaCall(`creating topics ${wanted.map((t) => t.name).join(', ')}`, () =>
      admin.createTopics({
        waitForLeaders: true,
        topics: wanted.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
        })),
      }),
    );
    // kafkajs answers false when every failure was TOPIC_ALREADY_EXISTS (a concurrent creator).
    if (!created && !options.ifNotExists) throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `topic(s) ${wanted.map((t) => t.name).join(', ')} already exist`);
  }

  async deleteTopics(names: string[]): Promise<void> {
    if (names.length === 0) return;
    const admin = await this.admin();
    for (const name of names) this.partitionCounts.delete(name);
    await kafkaCall(`deleting topics ${names.join(', ')}`, () => admin.deleteTopics({ topics: names }));
  }

  async describeTopics(names: string[]): Promise<TopicInfo[]> {
    const admin = await this.admin();
    const known = new Set(await this.listTopics());
    const missing = names.find((name) => !known.has(name));
    if (missing !== undefined) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${missing}" does not exist`);
    if (names.length === 0) return [];
    const metadata = await kafkaCall(`describing topics ${names.join(', ')}`, () => admin.fetchTopicMetadata({ topics: names }));
    return names.map((name) => {
      const topic = metadata.topics.find((t) => t.name === name);
      if (!topic) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${name}" does not exist`);
      return { name, partitions: topic.partitions.length };
    });
  }

  async listTopics(): Promise<string[]> {
    const admin = await this.admin();
    const names = await kafkaCall('listing topics', () => admin.listTopics());
    return names.filter((name) => !name.startsWith('__')).sort();
  }

  // ── data ──────────────────────────────────────────────────────────────────────────────────

  async produce(
    topic: string,
    records: ProducerRecord[],
    options: { acks?: Acks; compression?: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd' } = {},
  ): Promise<RecordMetadata[]> {
    const acks = checkAcks(options.acks ?? -1);
    const compressionName = options.compression ?? 'none';
    if (!Object.hasOwn(KAFKAJS_COMPRESSION, compressionName)) {
      throw new KafkaError(ErrorCode.INVALID_CONFIG, `Unknown compression type ${JSON.stringify(compressionName)}; expected one of none, gzip, snappy, lz4, zstd`);
    }
    const nullHeader = records.findIndex((r) => r.headers?.some((h) => h.value === null));
    if (nullHeader >= 0) {
      throw new KafkaError(ErrorCode.INVALID_RECORD, `record ${nullHeader} for topic "${topic}" has a null header value, which KafkaClient (kafkajs) cannot send`);
    }
    if (records.length === 0) return [];
    const numPartitions = await this.partitionCount(topic);
    const producer = await this.producer();
    const now = this.clock.now();
    const results = new Array<RecordMetadata>(records.length);
    for (const range of slices(records)) {
      const groups = placeRecords(topic, records, range, numPartitions, this.partitioner);
      const messages = groups.flatMap((group) =>
        group.records.map((r) => ({
          key: r.key,
          value: r.value,
          partition: group.partition,
          timestamp: String(r.timestamp ?? now),
          ...headerObject(r),
        })),
      );
      const answers = await kafkaCall(`producing to "${topic}"`, () =>
        producer.send({ topic, acks, compression: KAFKAJS_COMPRESSION[compressionName], messages }),
      ).catch((error: unknown) => {
        this.partitionCounts.delete(topic);
        throw error;
      });
      for (const group of groups) {
        const answer = answers.find((a) => a.partition === group.partition);
        const base = acks === 0 || answer?.baseOffset === undefined ? -1 : Number(answer.baseOffset);
        if (acks !== 0 && base < 0) {
          throw new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, `producing to "${topic}": no offset came back for partition ${group.partition}`);
        }
        group.indexes.forEach((index, i) => {
          results[index] = { topic, partition: group.partition, offset: base < 0 ? -1 : base + i };
        });
      }
    }
    return results;
  }

  async fetch(requests: FetchRequest[], options: { maxWaitMs?: number; maxBytes?: number } = {}): Promise<FetchedPartition[]> {
    this.assertOpen();
    if (requests.length === 0) return [];
    this.cluster ??= openInternalCluster(this.kafka);
    const maxBytes = options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
    const cluster = this.cluster;
    const fetched = await kafkaCall('fetching', () =>
      fetchWithoutGroup(cluster, requests, { maxWaitMs: options.maxWaitMs ?? 0, maxBytes, partitionMaxBytes: Math.min(maxBytes, DEFAULT_PARTITION_FETCH_BYTES) }),
    );
    // Fetch versions before 5 do not carry the log start offset.
    for (const part of fetched) if (part.logStartOffset < 0) part.logStartOffset = await this.listOffsets(part, 'earliest');
    return fetched;
  }

  async listOffsets(partition: TopicPartition, spec: OffsetSpec): Promise<number> {
    const admin = await this.admin();
    const { topic } = partition;
    if (spec !== 'earliest' && spec !== 'latest' && (!Number.isInteger(spec.timestamp) || spec.timestamp < 0)) {
      throw new KafkaError(ErrorCode.INVALID_REQUEST, `listOffsets timestamp must be a non-negative integer, got ${spec.timestamp}`);
    }
    const list = async () => {
      if (spec === 'earliest' || spec === 'latest') {
        const all = await admin.fetchTopicOffsets(topic);
        return all.map((o) => ({ partition: o.partition, offset: spec === 'earliest' ? o.low : o.high }));
      }
      // kafkajs returns the high watermark when no record is at or after the timestamp.
      return admin.fetchTopicOffsetsByTimestamp(topic, spec.timestamp);
    };
    const offsets = await kafkaCall(`listing offsets of ${topic}-${partition.partition}`, async () => {
      try {
        return await list();
      } catch (error) {
        // kafkajs fails with a TypeError when its metadata cache lacks a just-created topic
        // (concurrent refreshes race); load the topic's metadata and ask once more.
        if (!(error instanceof TypeError)) throw error;
        await admin.fetchTopicMetadata({ topics: [topic] });
        return list();
      }
    });
    const found = offsets.find((o) => o.partition === partition.partition);
    if (!found) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${topic}" has no partition ${partition.partition}`);
    return Number(found.offset);
  }

  async deleteRecords(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    const admin = await this.admin();
    const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
    for (const { topic, partition, offset } of offsets) {
      let partitions = byTopic.get(topic);
      if (partitions === undefined) byTopic.set(topic, (partitions = []));
      partitions.push({ partition, offset: String(offset) });
    }
    for (const [topic, partitions] of byTopic) {
      await kafkaCall(`deleting records of ${topic}`, () => admin.deleteTopicRecords({ topic, partitions }));
    }
  }

  // ── groups ────────────────────────────────────────────────────────────────────────────────

  async committedOffsets(groupId: string, partitions: TopicPartition[]): Promise<TopicPartitionOffset[]> {
    if (partitions.length === 0) return [];
    const admin = await this.admin();
    const topics = [...new Set(partitions.map((p) => p.topic))];
    // Per topic, so a topic that does not exist (any more) reads as "nothing committed", as in-process.
    const fetched = (
      await Promise.all(
        topics.map((topic) =>
          kafkaCall(`fetching committed offsets of group "${groupId}"`, () => admin.fetchOffsets({ groupId, topics: [topic] })).catch((error: unknown) => {
            if (error instanceof KafkaError && error.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) return [];
            throw error;
          }),
        ),
      )
    ).flat();
    return partitions.map((p) => {
      const found = fetched.find((t) => t.topic === p.topic)?.partitions.find((q) => q.partition === p.partition);
      return { topic: p.topic, partition: p.partition, offset: found ? Number(found.offset) : -1, metadata: found?.metadata || null };
    });
  }

  async groupConsumer(options: GroupConsumerOptions): Promise<GroupConsumer> {
    this.assertOpen();
    const consumer = new KafkaGroupConsumer(this.kafka, options, { clock: this.clock, logger: this.logger, onClose: () => this.consumers.delete(consumer) });
    this.consumers.add(consumer);
    try {
      await consumer.start();
    } catch (error) {
      await consumer.close();
      throw error;
    }
    return consumer;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.close()));
    const admin = this.adminClient;
    const producer = this.producerClient;
    this.adminClient = undefined;
    this.producerClient = undefined;
    await Promise.all([admin?.then((a) => a.disconnect()), producer?.then((p) => p.disconnect()), this.cluster?.disconnect()]);
  }

  private async partitionCount(topic: string): Promise<number> {
    const cached = this.partitionCounts.get(topic);
    if (cached && this.clock.now() - cached.atMs < PARTITION_COUNT_TTL_MS) return cached.count;
    const [info] = await this.describeTopics([topic]);
    this.partitionCounts.set(topic, { count: info!.partitions, atMs: this.clock.now() });
    return info!.partitions;
  }

  // ── connections ───────────────────────────────────────────────────────────────────────────

  private admin(): Promise<Admin> {
    this.assertOpen();
    this.adminClient ??= connect('connecting the admin client', this.kafka.admin(), () => (this.adminClient = undefined));
    return this.adminClient;
  }

  private producer(): Promise<Producer> {
    this.assertOpen();
    this.producerClient ??= connect(
      'connecting the producer',
      this.kafka.producer({ idempotent: false, allowAutoTopicCreation: false, maxInFlightRequests: 1 }),
      () => (this.producerClient = undefined),
    );
    return this.producerClient;
  }

  private assertOpen(): void {
    if (this.closed) throw new KafkaError(ErrorCode.INVALID_REQUEST, 'the log client is closed', { domain: 'internal' });
  }
}

/** Connects a kafkajs client; a failed connection is forgotten so the next call retries. */
async function connect<T extends { connect(): Promise<void> }>(context: string, client: T, forget: () => void): Promise<T> {
  try {
    await client.connect();
    return client;
  } catch (error) {
    forget();
    throw toKafkaError(error, context);
  }
}

/** kafkajs headers: an object whose repeated keys hold arrays (encoded in that order). */
function headerObject(record: ProducerRecord): { headers?: Record<string, Buffer[]> } {
  if (!record.headers || record.headers.length === 0) return {};
  const headers: Record<string, Buffer[]> = {};
  for (const h of record.headers) (headers[h.key] ??= []).push(h.value!);
  return { headers };
}
