/**
 * Within one poll, records of different partitions are handed to processing smallest timestamp
 * first (Kafka Streams' PartitionGroup picks the partition whose head record has the lowest
 * timestamp), while each partition's own records stay in offset order. This keeps joins and
 * windows close to event-time order when a task reads several partitions.
 */
import type { ConsumedRecord } from '../../client/log-client.js';

export function processInTimestampOrder(records: readonly ConsumedRecord[], process: (record: ConsumedRecord) => void): void {
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
  if (queues.size === 1) {
    for (const record of records) process(record);
    return;
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
