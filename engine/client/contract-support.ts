/**
 * Helpers for the LogClient contract suite: bounded poll loops (every poll waits at most
 * `waitMs`, the loop gives up after `maxPolls` with a diagnostic), a rebalance listener that
 * records what it was told and whether it ran inside poll(), and record formatting.
 */
import { ErrorCode, KafkaError } from '../broker/errors.js';
import { Signal } from './poll-signals.js';
import type { ConsumedRecord, GroupConsumer, GroupConsumerOptions, LogClient, RebalanceListener, TopicPartition, TopicPartitionOffset } from './log-client.js';

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

export interface ChurnOptions {
  groupId: string;
  /** A topic with 6 partitions. */
  topic: string;
  rounds: number;
  /** Commit after every poll; otherwise only every 10th poll and in onPartitionsRevoked. */
  commitEveryPoll: boolean;
}

const FENCED = new Set<number>([ErrorCode.ILLEGAL_GENERATION, ErrorCode.UNKNOWN_MEMBER_ID, ErrorCode.REBALANCE_IN_PROGRESS]);

interface ChurnMember {
  consumer: GroupConsumer;
  got: ConsumedRecord[];
  stop: boolean;
  loop: Promise<void>;
}

/**
 * Members poll concurrently, each in its own loop (as separate processes would), while one round
 * of records (one per partition) is produced at a time; a second and third member join at rounds
 * 5 and 10 and the first leaves at round 20. After each round the producer waits (on poll
 * completions, bounded) until at most one round is undelivered, then drains at the end. Returns
 * how many records were produced, the distinct values delivered, values delivered twice, and how
 * many commits were fenced by a rebalance.
 */
export async function churn(
  producer: LogClient,
  join: (options: GroupConsumerOptions) => Promise<GroupConsumer>,
  options: ChurnOptions,
): Promise<{ produced: number; delivered: Set<string>; duplicates: string[]; commitFailures: number }> {
  const { topic } = options;
  let commitFailures = 0;
  const polled = new Signal();
  const members: ChurnMember[] = [];
  const retired: ChurnMember[] = [];
  const delivered = () => [...retired, ...members].flatMap((m) => m.got);
  const ownedRecords = (m: ChurnMember, partitions: readonly TopicPartition[]) =>
    m.got.filter((r) => partitions.some((tp) => tp.topic === r.topic && tp.partition === r.partition));

  const commit = async (member: ChurnMember, records: readonly ConsumedRecord[]) => {
    try {
      await member.consumer.commit(nextOffsets(records));
    } catch (error) {
      // A rebalance can take partitions away between two polls (KafkaClient): the commit is
      // fenced, and those records are the new owner's to deliver again if it must.
      if (!(error instanceof KafkaError && FENCED.has(error.errorCode))) throw error;
      commitFailures++;
    }
  };
  const run = async (member: ChurnMember) => {
    for (let polls = 1; !member.stop; polls++) {
      member.got.push(...(await member.consumer.poll(50)));
      const mine = ownedRecords(member, member.consumer.assignment());
      if ((options.commitEveryPoll || polls % 10 === 0) && mine.length > 0) await commit(member, mine);
      polled.fire();
    }
  };
  const add = async () => {
    const member: ChurnMember = { consumer: undefined as unknown as GroupConsumer, got: [], stop: false, loop: Promise.resolve() };
    member.consumer = await join({
      groupId: options.groupId,
      topics: [topic],
      listener: {
        onPartitionsRevoked: async (partitions) => {
          const mine = ownedRecords(member, partitions);
          if (mine.length > 0) await commit(member, mine);
        },
      },
    });
    member.loop = run(member);
    members.push(member);
  };
  const waitForDelivery = async (atLeast: number) => {
    for (let i = 0; i < 2000 && new Set(valueStrings(delivered())).size < atLeast; i++) {
      await Promise.race([polled.next(), ...members.map((m) => m.loop)]);
    }
  };

  let produced = 0;
  try {
    await add();
    for (let round = 0; round < options.rounds; round++) {
      if (round === 5 || round === 10) await add();
      if (round === 20) {
        const first = members.shift()!;
        first.stop = true;
        await first.loop;
        await first.consumer.close();
        retired.push(first);
      }
      await producer.produce(topic, Array.from({ length: 6 }, (_, partition) => ({ key: null, value: Buffer.from(`r${produced++}`), partition })));
      await waitForDelivery(produced - 6);
    }
    await waitForDelivery(produced);
  } finally {
    for (const member of members) member.stop = true;
    await Promise.all(members.map((m) => m.loop));
    for (const member of members) await member.consumer.close();
  }
  const values = valueStrings(delivered());
  return { produced, delivered: new Set(values), duplicates: values.filter((v, i) => values.indexOf(v) !== i), commitFailures };
}
