/**
 * Produce-side helpers shared by both clients, so a record lands on the same partition whichever
 * client sends it: validation of explicit partitions, the Java-compatible partitioner for the
 * rest, and slicing a large produce call into requests of bounded size (each slice becomes one
 * batch per partition; slices are sent in order, so per-partition order is the input order).
 */
import { ErrorCode, KafkaError } from '../broker/errors.js';
import type { Acks, ProducerRecord } from './log-client.js';
import type { StickyPartitioner } from './partitioner.js';

/** Upper bound of the estimated bytes of one slice (well below Kafka's 1 MiB max.message.bytes). */
export const SLICE_BYTES = 512 * 1024;

export interface PartitionGroup {
  partition: number;
  /** Positions of the records in the produce call's input, in input order. */
  indexes: number[];
  records: ProducerRecord[];
}

/** Rough encoded size of a record, for the sticky partitioner and for slicing. */
export function estimateRecordBytes(record: ProducerRecord): number {
  let size = 16 + (record.key === null ? 0 : record.key.length) + (record.value === null ? 0 : record.value.length);
  const headers = record.headers;
  if (headers !== undefined) {
    for (let i = 0; i < headers.length; i++) size += 4 + Buffer.byteLength(headers[i]!.key) + (headers[i]!.value?.length ?? 0);
  }
  return size;
}

export function checkAcks(acks: number): Acks {
  if (acks !== 0 && acks !== 1 && acks !== -1) {
    throw new KafkaError(ErrorCode.INVALID_REQUIRED_ACKS, `acks must be 0, 1 or -1 (all), got ${String(acks)}`);
  }
  return acks;
}

/** Consecutive index ranges [start, end) of at most ~SLICE_BYTES each (at least one record). */
export function slices(records: readonly ProducerRecord[]): Array<[number, number]> {
  const result: Array<[number, number]> = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    const size = estimateRecordBytes(records[i]!);
    if (i > start && bytes + size > SLICE_BYTES) {
      result.push([start, i]);
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (start < records.length) result.push([start, records.length]);
  return result;
}

/** Groups records [start, end) by partition: explicit partitions are checked, others partitioned. */
export function placeRecords(
  topic: string,
  records: readonly ProducerRecord[],
  range: readonly [number, number],
  numPartitions: number,
  partitioner: StickyPartitioner,
): PartitionGroup[] {
  const groups = new Map<number, PartitionGroup>();
  let last: PartitionGroup | undefined;
  for (let i = range[0]; i < range[1]; i++) {
    const record = records[i]!;
    let partition = record.partition;
    if (partition === undefined) {
      partition = partitioner.partition(topic, numPartitions, record.key, estimateRecordBytes(record));
    } else if (!Number.isInteger(partition) || partition < 0 || partition >= numPartitions) {
      throw new KafkaError(
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        `partition ${partition} of topic "${topic}" does not exist (it has ${numPartitions} partition(s))`,
      );
    }
    let group = last !== undefined && last.partition === partition ? last : groups.get(partition);
    if (!group) {
      group = { partition, indexes: [], records: [] };
      groups.set(partition, group);
    }
    last = group;
    group.indexes.push(i);
    group.records.push(record);
  }
  return [...groups.values()];
}
