/**
 * The runtime's RecordCollector: buffers what tasks send (sink, repartition, changelog and
 * dead-letter records) and writes it to the log on flush(). Two ways there:
 *
 * - On a client that appends pre-encoded batches (InProcessClient#produceRecordBatch), records are
 *   encoded as they are sent into one open RecordBatch per (topic, partition), as Kafka's producer
 *   does in its RecordAccumulator: the partition is chosen at send time (explicit, else murmur2 of
 *   the key bytes like Kafka's default partitioner, sticky for null keys), each key and value is
 *   copied once, text payloads (serdes with serializeText) are written as UTF-8 in place, and
 *   values and keys sent with their encoder (sendEncoded: the JSON serde's; sendEncodedKey: window
 *   changelog keys) are serialized in place.
 * - Otherwise (KafkaClient, or a topic whose partition count is unknown), records are kept per
 *   topic and written with LogClient#produce, whose partitioner places them the same way.
 *
 * Invariants: order is kept per partition (one produce call per partition per flush, calls for a
 * partition applied in call order); after `await flush()` everything sent before the call is
 * acknowledged (acks=all) — the runtime commits input offsets only then (at-least-once).
 */
import type { Header, LogClient, ProducerRecord } from '../../client/log-client.js';
import { StickyPartitioner, partitionForKey, partitionForTextKey } from '../../client/partitioner.js';
import { RecordBatchBuilder, encodeToBuffer, type Payload, type PayloadEncoder } from '../../client/record-batch-builder.js';
import type { RecordCollector } from './record-collector.js';
import { markExclusive } from '../../util/exclusive-bytes.js';

/** A client that appends encoded RecordBatches (one or more, concatenated) to a partition. */
export interface RecordBatchProducer {
  produceRecordBatch(topic: string, partition: number, batches: Buffer, options?: { acks?: -1 | 0 | 1 }): Promise<unknown>;
}

function batchProducerOf(client: LogClient): RecordBatchProducer | undefined {
  const candidate = client as LogClient & Partial<RecordBatchProducer>;
  return typeof candidate.produceRecordBatch === 'function' ? (candidate as unknown as RecordBatchProducer) : undefined;
}

/** A partition's open batch is sealed past this size (well below max.message.bytes, 1 MiB). */
const MAX_BATCH_BYTES = 512 * 1024;

/** The batches of one topic, by partition. */
interface TopicBatches {
  readonly topic: string;
  readonly partitions: number;
  readonly open: Array<RecordBatchBuilder | undefined>;
  /** Batches sealed since the last flush, by partition (rare: more than MAX_BATCH_BYTES sent). */
  readonly sealed: Array<Buffer[] | undefined>;
}

const toBuffer = (payload: Payload): Buffer | null => (typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload);

export class LogRecordCollector implements RecordCollector {
  private readonly producer: RecordBatchProducer | undefined;
  private readonly batches = new Map<string, TopicBatches | undefined>();
  private readonly sticky = new StickyPartitioner();
  private pending = new Map<string, ProducerRecord[]>();
  private pendingCount = 0;
  // The topic sent to last and its entries (a task sends runs of records to the same topics)...
  private lastTopic = '';
  private lastBatches: TopicBatches | undefined;
  private lastRecords: ProducerRecord[] | undefined;
  // ...and the one before it (an aggregation sends to its changelog and its sink in turn).
  private otherTopic = '';
  private otherBatches: TopicBatches | undefined;
  private otherRecords: ProducerRecord[] | undefined;
  // The partition builderFor() chose last.
  private chosenPartition = 0;

  constructor(
    private readonly client: LogClient,
    private readonly partitionCounts: ReadonlyMap<string, number>,
  ) {
    this.producer = batchProducerOf(client);
  }

  send(topic: string, key: Buffer | null, value: Buffer | null, headers: readonly Header[], timestamp: number, partition?: number): void {
    this.sendPayload(topic, key, value, headers, timestamp, partition);
  }

  sendPayload(topic: string, key: Payload, value: Payload, headers: readonly Header[], timestamp: number, partition?: number): void {
    const builder = this.builderFor(topic, key, value, partition);
    if (builder !== undefined) {
      builder.append(key, value, headers.length === 0 ? undefined : headers, timestamp);
      this.appended(builder);
      return;
    }
    let records = this.lastRecords;
    if (records === undefined) {
      records = this.pending.get(topic);
      if (!records) this.pending.set(topic, (records = []));
      this.lastRecords = records;
    }
    // One shape for every record (headers undefined = none; partition undefined = the client's partitioner).
    records.push({ key: toBuffer(key), value: toBuffer(value), headers: headers.length === 0 ? undefined : [...headers], timestamp, partition });
    this.pendingCount++;
  }

  sendEncoded(topic: string, key: Payload, value: unknown, encode: PayloadEncoder, headers: readonly Header[], timestamp: number, partition?: number): void {
    // A keyless record's partition depends on its size (sticky partitioner): encode it first then.
    const builder = key === null && partition === undefined ? undefined : this.builderFor(topic, key, null, partition);
    if (builder === undefined) {
      this.sendPayload(topic, key, encodeToBuffer(value, encode), headers, timestamp, partition);
      return;
    }
    builder.appendEncoded(key, value, encode, headers.length === 0 ? undefined : headers, timestamp);
    this.appended(builder);
  }

  sendEncodedKey(topic: string, key: unknown, encodeKey: PayloadEncoder, value: Payload, headers: readonly Header[], timestamp: number, partition: number, valueFrom = 0): void {
    const builder = this.builderFor(topic, null, null, partition);
    if (builder === undefined) {
      this.sendPayload(topic, encodeToBuffer(key, encodeKey), valueFrom === 0 || typeof value === 'string' || value === null ? value : value.subarray(valueFrom), headers, timestamp, partition);
      return;
    }
    builder.appendEncodedKey(key, encodeKey, value, headers.length === 0 ? undefined : headers, timestamp, valueFrom);
    this.appended(builder);
  }

  partitionsFor(topic: string): number | undefined {
    return this.partitionCounts.get(topic);
  }

  /**
   * Whether a flush may start while the previous one is still being acknowledged: true when writes
   * are appended in call order (pre-encoded batches through InProcessClient), false for
   * LogClient#produce, whose concurrent calls may be sent in any order.
   */
  get ordersConcurrentFlushes(): boolean {
    return this.producer !== undefined && this.pending.size === 0;
  }

  /** Records sent but not yet flushed. */
  get buffered(): number {
    return this.pendingCount;
  }

  /** Produces everything buffered; resolves when all of it is acknowledged. */
  async flush(): Promise<void> {
    if (this.pendingCount === 0) return;
    const writes: Array<Promise<unknown>> = [];
    const producer = this.producer;
    if (producer !== undefined) {
      for (const batches of this.batches.values()) {
        if (batches === undefined) continue;
        for (let p = 0; p < batches.partitions; p++) {
          const sealed = batches.sealed[p];
          const builder = batches.open[p];
          const open = builder !== undefined && builder.recordCount > 0 ? builder.build() : undefined;
          if (sealed === undefined && open === undefined) continue;
          batches.sealed[p] = undefined;
          const bytes = sealed === undefined ? open! : markExclusive(Buffer.concat(open === undefined ? sealed : [...sealed, open]));
          writes.push(producer.produceRecordBatch(batches.topic, p, bytes, { acks: -1 }));
        }
      }
    }
    if (this.pending.size > 0) {
      const pending = this.pending;
      this.pending = new Map();
      this.lastRecords = this.otherRecords = undefined;
      for (const [topic, records] of pending) writes.push(this.client.produce(topic, records, { acks: -1 }));
    }
    this.pendingCount = 0;
    await Promise.all(writes);
  }

  /**
   * The open batch of the record's partition (explicit, else by key as Kafka's producer picks
   * it), or undefined when the record goes through LogClient#produce: no batch producer, a topic
   * of unknown partition count, or an invalid explicit partition (which produce reports at flush).
   */
  private builderFor(topic: string, key: Payload, value: Payload, partition: number | undefined): RecordBatchBuilder | undefined {
    if (topic !== this.lastTopic) this.switchTopic(topic);
    const batches = this.lastBatches;
    if (batches === undefined) return undefined;
    const p = partition ?? this.partitionOf(batches, key, value);
    if (!Number.isInteger(p) || p < 0 || p >= batches.partitions) return undefined;
    this.chosenPartition = p;
    return (batches.open[p] ??= new RecordBatchBuilder());
  }

  /** Counts a record just appended to `builder` (builderFor's last), sealing its batch once full. */
  private appended(builder: RecordBatchBuilder): void {
    if (builder.sizeInBytes >= MAX_BATCH_BYTES) (this.lastBatches!.sealed[this.chosenPartition] ??= []).push(builder.build());
    this.pendingCount++;
  }

  private switchTopic(topic: string): void {
    const previousTopic = this.lastTopic;
    const previousBatches = this.lastBatches;
    const previousRecords = this.lastRecords;
    if (topic === this.otherTopic) {
      this.lastTopic = topic;
      this.lastBatches = this.otherBatches;
      this.lastRecords = this.otherRecords;
    } else {
      this.lookUpTopic(topic);
    }
    this.otherTopic = previousTopic;
    this.otherBatches = previousBatches;
    this.otherRecords = previousRecords;
  }

  private lookUpTopic(topic: string): void {
    this.lastTopic = topic;
    this.lastRecords = this.pending.get(topic);
    if (this.producer === undefined) {
      this.lastBatches = undefined;
      return;
    }
    let batches = this.batches.get(topic);
    if (batches === undefined && !this.batches.has(topic)) {
      const partitions = this.partitionCounts.get(topic);
      batches = partitions === undefined ? undefined : { topic, partitions, open: new Array(partitions).fill(undefined), sealed: new Array(partitions).fill(undefined) };
      this.batches.set(topic, batches);
    }
    this.lastBatches = batches;
  }

  /** Kafka's default partitioner: murmur2 of the key bytes, sticky for null keys. */
  private partitionOf(batches: TopicBatches, key: Payload, value: Payload): number {
    const count = batches.partitions;
    if (count === 1) return 0;
    if (key === null) {
      const size = 16 + (value === null ? 0 : value.length);
      return this.sticky.partition(batches.topic, count, null, size);
    }
    return typeof key === 'string' ? partitionForTextKey(key, count) : partitionForKey(key, count);
  }
}
