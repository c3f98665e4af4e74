/**
 * Helpers for the LogClient contract suite: bounded poll loops (every poll waits at most
 * `waitMs`, the loop gives up after `maxPolls` with a diagnostic), a rebalance listener that
 * records what it was told and whether it ran inside poll(), and record formatting.
 */
import type { ConsumedRecord, GroupConsumer, RebalanceListener, TopicPartition, TopicPartitionOffset } from './log-client.js';

let pollDepth = 0;

export interface PollOptions {
  maxPolls?: number;
  waitMs?: number;
  /** Commit the offsets after each poll's records (default true). */
  commit?: boolean;
}

/** Polls each consumer in turn until `done` holds for the records collected by this call. */
export async function pollUntil(consumers: readonly GroupConsumer[], done: (collected: ConsumedRecord[][]) => boolean, options: PollOptions = {}): Promise<ConsumedRecord[][]> {
  const collected: ConsumedRecord[][] = consumers.map(() => []);
  const maxPolls = options.maxPolls ?? 400;
  for (let round = 0; round < maxPolls; round++) {
    for (const [i, consumer] of consumers.entries()) {
      pollDepth++;
      let records: ConsumedRecord[];
      try {
        records = await consumer.poll(options.waitMs ?? 100);
      } finally {
        pollDepth--;
      }
      collected[i]!.push(...records);
      if (records.length > 0 && options.commit !== false) await consumer.commit(nextOffsets(records));
      if (done(collected)) return collected;
    }
  }
  const summary = consumers.map((c, i) => `${c.memberId || '(no member id)'}: ${collected[i]!.length} records, assignment ${JSON.stringify(c.assignment())}`);
  throw new Error(`condition not met after ${maxPolls} poll rounds\n${summary.join('\n')}`);
}

/** The offset after the last record of each partition. */
export function nextOffsets(records: readonly ConsumedRecord[]): TopicPartitionOffset[] {
  const next = new Map<string, TopicPartitionOffset>();
  for (const r of records) {
    const key = `${r.topic}:${r.partition}`;
    const seen = next.get(key);
    if (!seen || seen.offset <= r.offset) next.set(key, { topic: r.topic, partition: r.partition, offset: r.offset + 1 });
  }
  return [...next.values()];
}

export interface ListenerEvent {
  kind: 'revoked' | 'assigned';
  partitions: TopicPartition[];
  inPoll: boolean;
}

export function recordingListener(): {
  listener: RebalanceListener;
  log: ListenerEvent[];
  revoked(): TopicPartition[];
  assigned(): TopicPartition[];
} {
  const log: ListenerEvent[] = [];
  return {
    log,
    listener: {
      onPartitionsRevoked: (partitions) => void log.push({ kind: 'revoked', partitions, inPoll: pollDepth > 0 }),
      onPartitionsAssigned: (partitions) => void log.push({ kind: 'assigned', partitions, inPoll: pollDepth > 0 }),
    },
    revoked: () => log.filter((e) => e.kind === 'revoked' && e.inPoll).flatMap((e) => e.partitions),
    assigned: () => log.filter((e) => e.kind === 'assigned').flatMap((e) => e.partitions),
  };
}

export function valueStrings(records: readonly ConsumedRecord[]): string[] {
  return records.map((r) => (r.value === null ? '<null>' : r.value.toString('utf8')));
}
