/**
 * Within one poll, records of different partitions are handed to processing smallest timestamp
 * first (Kafka Streams' PartitionGroup picks the partition whose head record has the lowest
 * timestamp), while each partition's own records stay in offset order. This keeps joins and
 * windows close to event-time order when a task reads several partitions.
 */
import type { ConsumedRecord } from '../../client/log-client.js';

export function processInTimestampOrder(records: readonly ConsumedRecord[], process: (record: ConsumedRecord) => void): void {
  if (singlePartition(records)) {
    for (let i = 0; i < records.length; i++) process(records[i]!);
    return;
  }
  // A poll returns each partition's records as one run; look a queue up only where a run starts.
  const queues = new Map<string, ConsumedRecord[]>();
  let queue: ConsumedRecord[] | undefined;
  let previous: ConsumedRecord | undefined;
  for (const record of records) {
    if (queue === undefined || record.partition !== previous!.partition || record.topic !== previous!.topic) {
      const key = `${record.topic}\u0000${record.partition}`;
      queue = queues.get(key);
      if (!queue) queues.set(key, (queue = []));
    }
    queue.push(record);
    previous = record;
  }
  const heads = [...queues.values()].map((queue) => ({ queue, index: 0 }));
  for (;;) {
    let best: { queue: ConsumedRecord[]; index: number } | undefined;
    let bestTimestamp = 0;
    for (const head of heads) {
      const candidate = head.queue[head.index];
      if (candidate && (!best || candidate.timestamp < bestTimestamp)) {
        best = head;
        bestTimestamp = candidate.timestamp;
      }
    }
    if (!best) return;
    process(best.queue[best.index++]!);
  }
}

/** Whether every record comes from one partition (the usual poll of a task with one input). */
function singlePartition(records: readonly ConsumedRecord[]): boolean {
  const first = records[0];
  if (first === undefined) return true;
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    if (r.partition !== first.partition || r.topic !== first.topic) return false;
  }
  return true;
}
