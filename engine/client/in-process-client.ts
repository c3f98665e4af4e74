/**
 * InProcessClient: the LogClient over the embedded Broker's in-process API, reached through a
 * BrokerAccess: the Broker itself when it lives in this thread, or a MessagePort to the thread
 * that has it (a stream thread's client, see broker-port.ts). Produce encodes one RecordBatch per
 * partition (the only serialization on the way to the log) — or takes one already encoded
 * (produceRecordBatch, fed by a RecordBatchBuilder) — fetch decodes the stored batches, and group
 * consumers are real members of classic consumer groups through the broker's group coordinator
 * (see in-process-group-consumer.ts), so they can share a group with network clients of the same
 * broker.
 *
 * Behaviour matches KafkaClient where Kafka leaves a choice: acks=0 reports offset -1 (the broker
 * does not answer), listOffsets for a timestamp after every record returns the log end offset,
 * and per-partition fetch errors throw a KafkaError naming the partition.
 */
import { randomUUID } from 'node:crypto';
import type { Broker } from '../broker/broker.js';
import { localBrokerAccess, requirePartitionCount, type BrokerAccess } from './broker-access.js';
import { ErrorCode, KafkaError } from '../broker/errors.js';
import { parseCompressionName } from '../broker/records/compression.js';
import { encodeBatch, type RecordInput } from '../broker/records/record-batch.js';
import type { Clock } from '../util/clock.js';
import { decodeFetchedBatches } from './batch-decoding.js';
import { DEFAULT_FETCH_MAX_BYTES, DEFAULT_PARTITION_FETCH_BYTES } from './fetch-defaults.js';
import { InProcessGroupConsumer } from './in-process-group-consumer.js';
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
import { checkAcks, placeRecords, slices } from './record-placement.js';

export interface InProcessClientOptions {
  /** Defaults to the broker access's clock (the broker's own, for a Broker of this thread). */
  clock?: Clock;
  /** Reported as the client id of group members. */
  clientId?: string;
  partitioner?: StickyPartitioner;
}

/** The records as the codec takes them: as they are when all carry a timestamp (no copies). */
function withTimestamps(records: ProducerRecord[], now: number): readonly RecordInput[] {
  for (const r of records) {
    if (r.timestamp === undefined) return records.map((x) => ({ key: x.key, value: x.value, headers: x.headers, timestamp: x.timestamp ?? now }));
  }
  return records as Array<ProducerRecord & { timestamp: number }>;
}

export class InProcessClient implements LogClient {
  readonly kind = 'in-process' as const;
  private readonly clock: Clock;
  private readonly clientId: string;
  private readonly partitioner: StickyPartitioner;
  private readonly consumers = new Set<GroupConsumer>();
  private closed = false;
  private readonly broker: BrokerAccess;

  constructor(broker: Broker | BrokerAccess, options: InProcessClientOptions = {}) {
    this.broker = isBrokerAccess(broker) ? broker : localBrokerAccess(broker);
    this.clock = options.clock ?? this.broker.clock;
    this.clientId = options.clientId ?? `sluice-${randomUUID().slice(0, 8)}`;
    this.partitioner = options.partitioner ?? new StickyPartitioner();
  }

  // ── admin ─────────────────────────────────────────────────────────────────────────────────

  async createTopics(topics: NewTopic[], options: { ifNotExists?: boolean } = {}): Promise<void> {
    this.assertOpen();
    for (const topic of topics) {
      if (options.ifNotExists && (await this.broker.partitionCount(topic.name)) !== undefined) continue;
      try {
        await this.broker.createTopic(topic.name, { partitions: topic.partitions, configs: topic.configs ?? {} });
      } catch (error) {
        const raced = error instanceof KafkaError && error.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS;
        if (!(raced && options.ifNotExists)) throw error;
      }
    }
  }

  async deleteTopics(names: string[]): Promise<void> {
    this.assertOpen();
    for (const name of names) await this.broker.deleteTopic(name);
  }

  async describeTopics(names: string[]): Promise<TopicInfo[]> {
    this.assertOpen();
    const infos: TopicInfo[] = [];
    for (const name of names) infos.push({ name, partitions: await requirePartitionCount(this.broker, name) });
    return infos;
  }

  async listTopics(): Promise<string[]> {
    this.assertOpen();
    return (await this.broker.listTopicNames()).sort();
  }

  // ── data ──────────────────────────────────────────────────────────────────────────────────

  async produce(
    topic: string,
    records: ProducerRecord[],
    options: { acks?: Acks; compression?: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd' } = {},
  ): Promise<RecordMetadata[]> {
    this.assertOpen();
    const acks = checkAcks(options.acks ?? -1);
    const compression = parseCompressionName(options.compression ?? 'none');
    if (records.length === 0) return [];
    const numPartitions = await requirePartitionCount(this.broker, topic);
    const now = this.clock.now();
    const results = new Array<RecordMetadata>(records.length);
    for (const range of slices(records)) {
      const groups = placeRecords(topic, records, range, numPartitions, this.partitioner);
      await Promise.all(
        groups.map(async (group) => {
          const batch = encodeBatch({ compression, records: withTimestamps(group.records, now) });
          const produced = await this.broker.produce(topic, group.partition, batch, { acks });
          const indexes = group.indexes;
          for (let i = 0; i < indexes.length; i++) {
            results[indexes[i]!] = { topic, partition: group.partition, offset: acks === 0 ? -1 : produced.baseOffset + i };
          }
        }),
      );
    }
    return results;
  }

  /**
   * Appends one pre-encoded RecordBatch v2 (e.g. from RecordBatchBuilder) to a partition, as a
   * produce request carrying it would: the broker validates it and assigns the offsets. The append
   * happens before this returns its promise, so calls for one partition land in call order.
   */
  produceRecordBatch(topic: string, partition: number, batch: Buffer, options: { acks?: Acks } = {}): Promise<{ baseOffset: number }> {
    this.assertOpen();
    return this.broker.produce(topic, partition, batch, { acks: checkAcks(options.acks ?? -1) });
  }

  async fetch(requests: FetchRequest[], options: { maxWaitMs?: number; maxBytes?: number } = {}): Promise<FetchedPartition[]> {
    this.assertOpen();
    if (requests.length === 0) return [];
    const maxBytes = options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
    const results = await this.broker.fetch(
      requests.map((r) => ({ topic: r.topic, partition: r.partition, fetchOffset: r.offset, maxBytes: Math.min(maxBytes, DEFAULT_PARTITION_FETCH_BYTES) })),
      { maxWaitMs: options.maxWaitMs ?? 0, minBytes: 1, maxBytes },
    );
    return results.map((result, i) => {
      const offset = requests[i]!.offset;
      if (result.errorCode !== ErrorCode.NONE) {
        throw new KafkaError(result.errorCode, `fetch of ${result.topic}-${result.partition} at offset ${offset} failed: ${result.errorMessage ?? 'error ' + result.errorCode}`);
      }
      return {
        topic: result.topic,
        partition: result.partition,
        records: decodeFetchedBatches(result.topic, result.partition, result.records, offset).records,
        highWatermark: result.highWatermark,
        logStartOffset: result.logStartOffset,
      };
    });
  }

  async listOffsets(partition: TopicPartition, spec: OffsetSpec): Promise<number> {
    this.assertOpen();
    const { topic, partition: index } = partition;
    if (spec === 'earliest') return (await this.broker.listOffsets(topic, index, -2)).offset;
    if (spec === 'latest') return (await this.broker.listOffsets(topic, index, -1)).offset;
    if (!Number.isInteger(spec.timestamp) || spec.timestamp < 0) {
      throw new KafkaError(ErrorCode.INVALID_REQUEST, `listOffsets timestamp must be a non-negative integer, got ${spec.timestamp}`);
    }
    const found = (await this.broker.listOffsets(topic, index, spec.timestamp)).offset;
    return found >= 0 ? found : (await this.broker.listOffsets(topic, index, -1)).offset;
  }

  async deleteRecords(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    this.assertOpen();
    for (const { topic, partition, offset } of offsets) await this.broker.deleteRecords(topic, partition, offset);
  }

  // ── groups ────────────────────────────────────────────────────────────────────────────────

  async committedOffsets(groupId: string, partitions: TopicPartition[]): Promise<TopicPartitionOffset[]> {
    this.assertOpen();
    const response = await this.broker.groups.fetchOffsets({ groupId, partitions: partitions.map((p) => ({ topic: p.topic, partition: p.partition })) });
    if (response.errorCode !== ErrorCode.NONE) {
      throw new KafkaError(response.errorCode, `fetching committed offsets of group "${groupId}" failed`);
    }
    return partitions.map((p) => {
      const found = response.offsets.find((o) => o.topic === p.topic && o.partition === p.partition);
      if (found && found.errorCode !== ErrorCode.NONE) {
        throw new KafkaError(found.errorCode, `fetching the committed offset of ${p.topic}-${p.partition} for group "${groupId}" failed`);
      }
      return { topic: p.topic, partition: p.partition, offset: found?.offset ?? -1, metadata: found?.metadata || null };
    });
  }

  async groupConsumer(options: GroupConsumerOptions): Promise<GroupConsumer> {
    this.assertOpen();
    const consumer = new InProcessGroupConsumer(this.broker, this, options, {
      clock: this.clock,
      clientId: this.clientId,
      onClose: () => this.consumers.delete(consumer),
    });
    this.consumers.add(consumer);
    return consumer;
  }

  /** Closes the group consumers still open (they leave their groups); the broker stays open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.close()));
  }

  private assertOpen(): void {
    if (this.closed) throw new KafkaError(ErrorCode.INVALID_REQUEST, 'the log client is closed', { domain: 'internal' });
  }
}

function isBrokerAccess(broker: Broker | BrokerAccess): broker is BrokerAccess {
  return typeof (broker as Partial<BrokerAccess>).partitionCount === 'function';
}
