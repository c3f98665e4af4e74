/**
 * RecordCollector: where a task's output goes — sink topics, repartition topics, changelogs and
 * the dead-letter topic. The networked runtime implements it with LogClient#produce (batching and
 * acknowledgement are its business: offsets of consumed input may be committed only once what the
 * task sent before `commit()` is acknowledged); the test driver captures records in memory.
 *
 * `partition` is set for changelog records (the task's partition) and by custom partitioners;
 * otherwise the collector partitions by key like Kafka's default partitioner (murmur2).
 */
import type { Header } from '../../client/log-client.js';
import type { Payload, PayloadEncoder } from '../../client/record-batch-builder.js';

export type { Payload, PayloadEncoder };

export interface RecordCollector {
  send(topic: string, key: Buffer | null, value: Buffer | null, headers: readonly Header[], timestamp: number, partition?: number): void;
  /**
   * Optional: as send, but a key or value may also be text (from Serde#serializeText) that the
   * collector encodes as UTF-8 itself, sparing an intermediate Buffer. Sinks use it when present.
   */
  sendPayload?(topic: string, key: Payload, value: Payload, headers: readonly Header[], timestamp: number, partition?: number): void;
  /**
   * Optional, with sendPayload: as sendPayload, with a value (never null) that `encode` (a built-in
   * serde's, see payloadEncoderOf) serializes straight into the collector's batch.
   */
  sendEncoded?(topic: string, key: Payload, value: unknown, encode: PayloadEncoder, headers: readonly Header[], timestamp: number, partition?: number): void;
  /**
   * Optional, with sendPayload: as sendPayload to an explicit partition, with a key that
   * `encodeKey` serializes (during this call) straight into the collector's batch (changelogs), and
   * a value given as bytes taken from `valueFrom` on.
   */
  sendEncodedKey?(topic: string, key: unknown, encodeKey: PayloadEncoder, value: Payload, headers: readonly Header[], timestamp: number, partition: number, valueFrom?: number): void;
  /** The partition count of `topic`, needed by sinks with a custom partitioner. */
  partitionsFor?(topic: string): number | undefined;
}

export interface CollectedRecord {
  topic: string;
  partition?: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Header[];
  timestamp: number;
}

/** A collector that keeps everything sent, in order (tests, dry runs). */
export class CapturingRecordCollector implements RecordCollector {
  readonly records: CollectedRecord[] = [];

  constructor(private readonly partitionCounts: ReadonlyMap<string, number> = new Map()) {}

  send(topic: string, key: Buffer | null, value: Buffer | null, headers: readonly Header[], timestamp: number, partition?: number): void {
    this.records.push({ topic, key, value, headers: [...headers], timestamp, ...(partition === undefined ? {} : { partition }) });
  }

  partitionsFor(topic: string): number | undefined {
    return this.partitionCounts.get(topic);
  }

  recordsFor(topic: string): CollectedRecord[] {
    return this.records.filter((r) => r.topic === topic);
  }
}
