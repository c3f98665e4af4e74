/**
 * `topics.*`: the embedded broker's topics for the studio's topic browser — list, describe, create,
 * delete, consume (a bounded read from a chosen position, no consumer group) and produce.
 *
 * Invariants: reads never commit anything and never wait for new records (fetches with
 * maxWaitMs 0, stopping at the high watermark); a consume returns at most `limit` records, read
 * forward from the position in each partition and merged by timestamp (then partition, offset);
 * every broker failure reaches the caller as an EngineError whose message names the topic.
 */
import type { ParsedParams } from '../api/contract.js';
import type { ConsumeFrom, RecordDto, TopicDescriptionDto, TopicSummary } from '../api/dto.js';
import { isEngineError } from '../api/errors.js';
import type { Broker, TopicDescription } from '../broker/broker.js';
import { ErrorCode, KafkaError } from '../broker/errors.js';
import type { ConsumedRecord, LogClient } from '../client/log-client.js';
import { recordDto } from './records.js';

/** Bytes asked for per fetch while consuming. */
const CONSUME_FETCH_BYTES = 4 * 1024 * 1024;

/** Broker-internal (`__consumer_offsets`) and Kafka Streams internal topics (changelogs, repartitions). */
const isInternalName = (name: string): boolean => name.startsWith('__') || name.endsWith('-changelog') || name.endsWith('-repartition');

function summary(topic: TopicDescription): TopicSummary {
  return {
    name: topic.name,
    internal: topic.internal || isInternalName(topic.name),
    partitions: topic.partitions.map((p) => ({ partition: p.partition, earliestOffset: p.logStartOffset, latestOffset: p.highWatermark })),
  };
}

/** Runs `fn`, making sure a failure is an EngineError whose message names `topic`. */
async function aboutTopic<T>(topic: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isEngineError(error)) {
      if (error.message.includes(`"${topic}"`)) throw error;
      const errorCode = error instanceof KafkaError ? error.errorCode : ErrorCode.UNKNOWN_SERVER_ERROR;
      throw new KafkaError(errorCode, `topic "${topic}": ${error.message}`, { cause: error, domain: error.domain });
    }
    throw error;
  }
}

export class TopicService {
  constructor(
    private readonly broker: Broker,
    private readonly client: LogClient,
  ) {}

  list(includeInternal: boolean): TopicSummary[] {
    return this.broker
      .listTopics({ includeInternal: true })
      .map(summary)
      .filter((topic) => includeInternal || !topic.internal)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  describe(name: string): Promise<TopicDescriptionDto> {
    return aboutTopic(name, () => {
      const topic = this.broker.describeTopic(name);
      const configs: Record<string, string> = {};
      for (const config of topic.configs) configs[config.name] = config.value;
      return { ...summary(topic), configs };
    });
  }

  create(params: ParsedParams<'topics.create'>): Promise<TopicSummary> {
    return aboutTopic(params.name, async () => summary(await this.broker.createTopic(params.name, { partitions: params.partitions, configs: params.configs })));
  }

  delete(name: string): Promise<Record<string, never>> {
    return aboutTopic(name, async () => {
      await this.broker.deleteTopic(name);
      return {};
    });
  }

  produce(params: ParsedParams<'topics.produce'>): Promise<{ partition: number; offset: number }> {
    return aboutTopic(params.topic, async () => {
      if (params.partition !== undefined) this.requirePartition(params.topic, params.partition);
      else this.broker.describeTopic(params.topic);
      const [meta] = await this.client.produce(params.topic, [
        {
          key: params.key === null ? null : Buffer.from(params.key, 'utf8'),
          value: params.value === null ? null : Buffer.from(params.value, 'utf8'),
          headers: params.headers.map((h) => ({ key: h.key, value: h.value === null ? null : Buffer.from(h.value, 'utf8') })),
          ...(params.timestampMs === undefined ? {} : { timestamp: Math.trunc(params.timestampMs) }),
          ...(params.partition === undefined ? {} : { partition: params.partition }),
        },
      ]);
      if (meta === undefined) throw new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, `producing to topic "${params.topic}" reported no offset`);
      return { partition: meta.partition, offset: meta.offset };
    });
  }

  consume(params: ParsedParams<'topics.consume'>): Promise<{ records: RecordDto[] }> {
    return aboutTopic(params.topic, async () => {
      const partitions =
        params.partition === undefined
          ? this.broker.describeTopic(params.topic).partitions.map((p) => p.partition)
          : [this.requirePartition(params.topic, params.partition)];
      const perPartition = await Promise.all(partitions.map((partition) => this.readPartition(params.topic, partition, params.from, params.limit)));
      const records = perPartition.flat().sort((a, b) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset);
      return { records: records.slice(0, params.limit).map(recordDto) };
    });
  }

  private requirePartition(topic: string, partition: number): number {
    const count = this.broker.describeTopic(topic).partitions.length;
    if (partition >= count) {
      throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic "${topic}" has no partition ${partition} (it has ${count})`);
    }
    return partition;
  }

  /** The first offset to read in a partition for `from`, within [log start, high watermark]. */
  private async startOffset(topic: string, partition: number, from: ConsumeFrom): Promise<{ start: number; end: number }> {
    const tp = { topic, partition };
    const [earliest, end] = await Promise.all([this.client.listOffsets(tp, 'earliest'), this.client.listOffsets(tp, 'latest')]);
    const clamp = (offset: number) => Math.min(end, Math.max(earliest, offset));
    switch (from.type) {
      case 'beginning':
        return { start: earliest, end };
      case 'end':
        return { start: clamp(end - from.back), end };
      case 'offset':
        return { start: clamp(from.offset), end };
      case 'timestamp':
        return { start: clamp(await this.client.listOffsets(tp, { timestamp: Math.max(0, Math.trunc(from.timestampMs)) })), end };
    }
  }

  private async readPartition(topic: string, partition: number, from: ConsumeFrom, limit: number): Promise<ConsumedRecord[]> {
    const { start, end } = await this.startOffset(topic, partition, from);
    const records: ConsumedRecord[] = [];
    let offset = start;
    while (offset < end && records.length < limit) {
      const [fetched] = await this.client.fetch([{ topic, partition, offset }], { maxWaitMs: 0, maxBytes: CONSUME_FETCH_BYTES });
      const batch = (fetched?.records ?? []).filter((r) => r.offset >= offset && r.offset < end);
      const last = batch[batch.length - 1];
      if (last === undefined) break; // Nothing more below the high watermark (e.g. only control batches left).
      for (const record of batch) if (records.length < limit) records.push(record);
      offset = last.offset + 1;
    }
    return records;
  }
}
