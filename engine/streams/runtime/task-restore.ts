/**
 * Restores a task's state stores from their changelog topics before it processes anything:
 * reads the task's changelog partition from its start to the end offset seen when restoring
 * began, through LogClient#fetch. Kafka Streams does the same (restore consumer, from the
 * checkpoint or the beginning); Sluice keeps no local checkpoint, so it always replays the
 * compacted changelog.
 */
import type { ConsumedRecord, LogClient } from '../../client/log-client.js';
import type { StreamTask } from './stream-task.js';

const RESTORE_FETCH_BYTES = 4 * 1024 * 1024;

export async function readPartitionToEnd(client: LogClient, topic: string, partition: number): Promise<ConsumedRecord[]> {
  const end = await client.listOffsets({ topic, partition }, 'latest');
  let offset = await client.listOffsets({ topic, partition }, 'earliest');
  const records: ConsumedRecord[] = [];
  while (offset < end) {
    const [fetched] = await client.fetch([{ topic, partition, offset }], { maxWaitMs: 0, maxBytes: RESTORE_FETCH_BYTES });
    const batch = fetched?.records ?? [];
    if (batch.length === 0) break;
    for (const record of batch) if (record.offset < end) records.push(record);
    offset = batch[batch.length - 1]!.offset + 1;
  }
  return records;
}

/** Replays every changelog of the task; returns how many records were restored. */
export async function restoreTask(client: LogClient, task: StreamTask): Promise<number> {
  let restored = 0;
  for (const [store, topic] of task.changelogTopics()) {
    const records = await readPartitionToEnd(client, topic, task.id.partition);
    task.restore(store, records);
    restored += records.length;
  }
  return restored;
}
