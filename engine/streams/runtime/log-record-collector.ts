/**
 * The runtime's RecordCollector: buffers what tasks send (sink, repartition, changelog and
 * dead-letter records) and writes it with LogClient#produce on flush(). Order is kept per topic;
 * records without an explicit partition are placed by the client's partitioner (murmur2 of the
 * key, like Kafka's default). Invariant: after `await flush()` everything sent before the call is
 * acknowledged (acks=all) — the runtime commits input offsets only then (at-least-once).
 */
import type { Header, LogClient, ProducerRecord } from '../../client/log-client.js';
import type { RecordCollector } from './record-collector.js';

export class LogRecordCollector implements RecordCollector {
  private pending = new Map<string, ProducerRecord[]>();
  private pendingCount = 0;
  // The buffer of the topic sent to last (a task sends runs of records to the same topics).
  private lastTopic = '';
  private lastRecords: ProducerRecord[] | undefined;

  constructor(
    private readonly client: LogClient,
    private readonly partitionCounts: ReadonlyMap<string, number>,
  ) {}

  send(topic: string, key: Buffer | null, value: Buffer | null, headers: readonly Header[], timestamp: number, partition?: number): void {
    let records = topic === this.lastTopic ? this.lastRecords : undefined;
    if (records === undefined) {
      records = this.pending.get(topic);
      if (!records) this.pending.set(topic, (records = []));
      this.lastTopic = topic;
      this.lastRecords = records;
    }
    // One shape for every record (headers undefined = none; partition undefined = the client's partitioner).
    records.push({ key, value, headers: headers.length === 0 ? undefined : [...headers], timestamp, partition });
    this.pendingCount++;
  }

  partitionsFor(topic: string): number | undefined {
    return this.partitionCounts.get(topic);
  }

  /** Records sent but not yet flushed. */
  get buffered(): number {
    return this.pendingCount;
  }

  /** Produces everything buffered; resolves when all of it is acknowledged. */
  async flush(): Promise<void> {
    if (this.pendingCount === 0) return;
    const batches = this.pending;
    this.pending = new Map();
    this.pendingCount = 0;
    this.lastTopic = '';
    this.lastRecords = undefined;
    await Promise.all([...batches].map(([topic, records]) => this.client.produce(topic, records, { acks: -1 })));
  }
}
