/**
 * The LogClient contract as a shared Vitest suite: `describeLogClient(name, makeClient)` runs the
 * same cases against any implementation (in-process-client.test.ts, test/kafka-client.test.ts).
 * `makeClient` returns a fresh client on the same cluster each call; every case uses its own
 * topics and groups. Group cases wait with bounded loops over poll(), never with sleeps.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, KafkaError } from '../broker/errors.js';
import type { ConsumedRecord, GroupConsumer, GroupConsumerOptions, LogClient, ProducerRecord, SpanRecord, TopicPartition } from './log-client.js';
import { partitionForKey } from './partitioner.js';
import { churn, pollUntil, recordingListener, valueStrings } from './contract-support.js';

const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

/** Group timings that make rebalances quick; brokers must accept a 6 s session timeout. */
export const FAST_GROUP: Pick<GroupConsumerOptions, 'sessionTimeoutMs' | 'rebalanceTimeoutMs' | 'heartbeatIntervalMs'> = {
  sessionTimeoutMs: 6000,
  rebalanceTimeoutMs: 10_000,
  heartbeatIntervalMs: 100,
};

/** The first record a new span-record member (GroupConsumerOptions.spanRecords) of `topic` polls. */
export async function firstSpanRecord(client: LogClient, topic: string): Promise<SpanRecord> {
  const consumer = await client.groupConsumer({ ...FAST_GROUP, groupId: `${topic}-spans`, topics: [topic], spanRecords: true });
  const [records] = await pollUntil([consumer], ([got]) => got!.length > 0);
  await consumer.close();
  return records![0] as SpanRecord;
}

export function describeLogClient(name: string, makeClient: () => Promise<LogClient>): void {
  describe(`LogClient contract: ${name}`, () => {
    const open: Array<{ close(): Promise<void> }> = [];
    const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
    const client = async () => {
      const c = await makeClient();
      open.push(c);
      return c;
    };
    const consumer = async (c: LogClient, options: GroupConsumerOptions): Promise<GroupConsumer> => {
      const g = await c.groupConsumer({ ...FAST_GROUP, ...options });
      open.unshift(g);
      return g;
    };
    const topicWith = async (c: LogClient, partitions: number) => {
      const topic = unique('t');
      await c.createTopics([{ name: topic, partitions }]);
      return topic;
    };
    const numbered = (from: number, to: number, partition?: number): ProducerRecord[] =>
      Array.from({ length: to - from }, (_, i) => ({ key: Buffer.from(`k${from + i}`), value: Buffer.from(`v${from + i}`), ...(partition === undefined ? {} : { partition }) }));

    afterEach(async () => {
      for (const c of open.splice(0)) await c.close();
    });

    it('creates, describes, lists and deletes topics', async () => {
      const c = await client();
      const [a, b] = [unique('admin-a'), unique('admin-b')];
      await c.createTopics([{ name: a, partitions: 3 }, { name: b, partitions: 1, configs: { 'cleanup.policy': 'compact' } }]);
      await c.createTopics([{ name: a, partitions: 3 }], { ifNotExists: true });
      await expect(c.createTopics([{ name: a, partitions: 3 }])).rejects.toMatchObject({ errorCode: ErrorCode.TOPIC_ALREADY_EXISTS });
      expect(await c.describeTopics([a, b])).toEqual([{ name: a, partitions: 3 }, { name: b, partitions: 1 }]);
      expect(await c.listTopics()).toEqual(expect.arrayContaining([a, b]));
      const missing = unique('missing');
      const failure = await c.describeTopics([a, missing]).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(KafkaError);
      expect(failure).toMatchObject({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
      expect((failure as Error).message).toContain(missing);
      await c.deleteTopics([a]);
      expect(await c.listTopics()).not.toContain(a);
      expect(await c.listTopics()).toContain(b);
    });

    it('puts keyed records on the murmur2 partition, explicit partitions where asked', async () => {
      const c = await client();
      const topic = await topicWith(c, 6);
      const keys = Array.from({ length: 40 }, (_, i) => `user-${i}`);
      const produced = await c.produce(topic, [...keys.map((k) => ({ key: Buffer.from(k), value: Buffer.from(k) })), { key: Buffer.from('x'), value: null, partition: 4 }]);
      keys.forEach((k, i) => expect(produced[i]!.partition, k).toBe(partitionForKey(Buffer.from(k), 6)));
      expect(produced[40]!.partition).toBe(4);
      const fetched = await c.fetch(Array.from({ length: 6 }, (_, partition) => ({ topic, partition, offset: 0 })));
      for (const part of fetched) {
        for (const record of part.records.filter((r) => r.value !== null)) expect(partitionForKey(record.key!, 6)).toBe(part.partition);
      }
      // Offsets are per partition and follow the input order.
      const byPartition = new Map<number, number[]>();
      for (const m of produced) byPartition.set(m.partition, [...(byPartition.get(m.partition) ?? []), m.offset]);
      for (const offsets of byPartition.values()) expect(offsets).toEqual(offsets.map((_, i) => i));
      await expect(c.produce(topic, [{ key: null, value: null, partition: 6 }])).rejects.toMatchObject({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
      await expect(c.produce(unique('nope'), [{ key: null, value: Buffer.from('x') }])).rejects.toMatchObject({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
    });

    it.each(COMPRESSIONS)('round-trips keys, values, headers and timestamps with compression %s', async (compression) => {
      const c = await client();
      const topic = await topicWith(c, 2);
      const records: ProducerRecord[] = [
        { key: Buffer.from('k1'), value: Buffer.from('v1'), headers: [{ key: 'trace', value: Buffer.from('abc') }, { key: 'empty', value: Buffer.alloc(0) }], timestamp: 1_700_000_000_001, partition: 1 },
        { key: null, value: Buffer.from('no key'), timestamp: 1_700_000_000_002, partition: 1 },
        { key: Buffer.from('tombstone'), value: null, timestamp: 1_700_000_000_003, partition: 1 },
        { key: Buffer.alloc(0), value: Buffer.from([0, 1, 2, 255]), headers: [{ key: 'ü-utf8', value: Buffer.from('✓') }], timestamp: 1_700_000_000_004, partition: 1 },
      ];
      const produced = await c.produce(topic, records, { compression });
      expect(produced.map((m) => [m.topic, m.partition, m.offset])).toEqual([0, 1, 2, 3].map((o) => [topic, 1, o]));
      const [part] = await c.fetch([{ topic, partition: 1, offset: 0 }]);
      expect(part!.highWatermark).toBe(4);
      expect(part!.logStartOffset).toBe(0);
      expect(part!.records.map(simplify)).toEqual(records.map((r, i) => ({ topic, partition: 1, offset: i, timestamp: r.timestamp, key: str(r.key), value: str(r.value), headers: (r.headers ?? []).map((h) => [h.key, str(h.value)]) })));
      const [tail] = await c.fetch([{ topic, partition: 1, offset: 2 }]);
      expect(tail!.records.map((r) => r.offset)).toEqual([2, 3]);
      const [empty] = await c.fetch([{ topic, partition: 0, offset: 0 }]);
      expect(empty!.records).toEqual([]);
    });

    it('lists earliest, latest and by-timestamp offsets', async () => {
      const c = await client();
      const topic = await topicWith(c, 1);
      const tp = { topic, partition: 0 };
      expect(await c.listOffsets(tp, 'earliest')).toBe(0);
      expect(await c.listOffsets(tp, 'latest')).toBe(0);
      await c.produce(topic, [1000, 2000, 3000, 4000, 5000].map((timestamp, i) => ({ key: null, value: Buffer.from(`r${i}`), timestamp })));
      expect(await c.listOffsets(tp, 'earliest')).toBe(0);
      expect(await c.listOffsets(tp, 'latest')).toBe(5);
      expect(await c.listOffsets(tp, { timestamp: 0 })).toBe(0);
      expect(await c.listOffsets(tp, { timestamp: 2500 })).toBe(2);
      expect(await c.listOffsets(tp, { timestamp: 3000 })).toBe(2);
      // No record at or after the timestamp: the log end offset.
      expect(await c.listOffsets(tp, { timestamp: 99_999 })).toBe(5);
    });

    it('deletes the records below an offset: earliest moves there and fetching below it is out of range', async () => {
      const c = await client();
      const topic = await topicWith(c, 2);
      const tp = { topic, partition: 1 };
      await c.produce(topic, numbered(0, 5, 1));
      await c.deleteRecords([{ topic, partition: 1, offset: 3 }]);
      expect(await c.listOffsets(tp, 'earliest')).toBe(3);
      expect(await c.listOffsets({ topic, partition: 0 }, 'earliest')).toBe(0);
      const [fetched] = await c.fetch([{ ...tp, offset: 3 }]);
      expect(fetched!.records.map((r) => r.value!.toString())).toEqual(['v3', 'v4']);
      await expect(c.fetch([{ ...tp, offset: 1 }])).rejects.toMatchObject({ errorCode: 1 }); // OFFSET_OUT_OF_RANGE
      await expect(c.deleteRecords([{ topic, partition: 1, offset: 9 }])).rejects.toThrow();
    });

    it('gives a lone group member every partition; commits show in committedOffsets', async () => {
      const c = await client();
      const topic = await topicWith(c, 4);
      await c.produce(topic, [0, 1, 2, 3].flatMap((p) => numbered(p * 10, p * 10 + 5, p)));
      const groupId = unique('g');
      const events = recordingListener();
      const member = await consumer(c, { groupId, topics: [topic], listener: events.listener });
      expect(member.memberId).toBe('');
      const got = await pollUntil([member], (all) => all[0]!.length === 20);
      expect(events.log).toEqual([{ kind: 'assigned', partitions: [0, 1, 2, 3].map((partition) => ({ topic, partition })), inPoll: true }]);
      expect(member.memberId).not.toBe('');
      expect(member.assignment()).toEqual([0, 1, 2, 3].map((partition) => ({ topic, partition })));
      expect(valueStrings(got[0]!).sort()).toEqual([0, 1, 2, 3].flatMap((p) => [0, 1, 2, 3, 4].map((i) => `v${p * 10 + i}`)).sort());
      expect(await c.committedOffsets(groupId, [{ topic, partition: 0 }, { topic, partition: 3 }])).toEqual([
        { topic, partition: 0, offset: 5, metadata: null },
        { topic, partition: 3, offset: 5, metadata: null },
      ]);
      await member.commit([{ topic, partition: 1, offset: 2, metadata: 'm' }]);
      expect((await c.committedOffsets(groupId, [{ topic, partition: 1 }]))[0]).toMatchObject({ offset: 2, metadata: 'm' });
      expect((await c.committedOffsets(unique('nobody'), [{ topic, partition: 1 }]))[0]!.offset).toBe(-1);
      expect((await c.committedOffsets(groupId, [{ topic: unique('gone'), partition: 0 }]))[0]!.offset).toBe(-1);
    });

    it('splits partitions when a second member joins, hands them back when it leaves, never delivering twice', async () => {
      const [c1, c2] = [await client(), await client()];
      const topic = await topicWith(c1, 4);
      const groupId = unique('g');
      await c1.produce(topic, [0, 1, 2, 3].flatMap((p) => numbered(p * 100, p * 100 + 10, p)));
      const eventsA = recordingListener();
      const eventsB = recordingListener();
      const a = await consumer(c1, { groupId, topics: [topic], listener: eventsA.listener });
      const first = await pollUntil([a], (all) => all[0]!.length === 40);
      const b = await consumer(c2, { groupId, topics: [topic], listener: eventsB.listener });
      await c1.produce(topic, [0, 1, 2, 3].flatMap((p) => numbered(p * 100 + 10, p * 100 + 20, p)));
      const second = await pollUntil([a, b], (all) => all[0]!.length + all[1]!.length === 40 && a.assignment().length === 2 && b.assignment().length === 2);
      const split = [...a.assignment(), ...b.assignment()].sort(byPartition);
      expect(split).toEqual([0, 1, 2, 3].map((partition) => ({ topic, partition })));
      expect(eventsA.log.every((e) => e.inPoll) && eventsB.log.every((e) => e.inPoll)).toBe(true);
      expect(eventsA.revoked().sort(byPartition)).toEqual(b.assignment());
      expect(eventsB.assigned().sort(byPartition)).toEqual(b.assignment());
      expect(eventsB.revoked()).toEqual([]);
      const delivered = [...first[0]!, ...second[0]!, ...second[1]!];
      expect(valueStrings(delivered).sort()).toEqual(unique40x2(topic).sort());

      await a.close();
      expect(eventsA.log.at(-1)).toMatchObject({ kind: 'revoked', inPoll: false });
      await c1.produce(topic, [0, 1, 2, 3].flatMap((p) => numbered(p * 100 + 20, p * 100 + 25, p)));
      const third = await pollUntil([b], (all) => all[0]!.length === 20 && b.assignment().length === 4);
      expect(b.assignment()).toEqual([0, 1, 2, 3].map((partition) => ({ topic, partition })));
      expect(valueStrings(third[0]!).sort()).toEqual([0, 1, 2, 3].flatMap((p) => [20, 21, 22, 23, 24].map((i) => `v${p * 100 + i}`)).sort());
    });

    it('resumes from committed offsets after a restart', async () => {
      const c = await client();
      const topic = await topicWith(c, 2);
      const groupId = unique('g');
      await c.produce(topic, [...numbered(0, 6, 0), ...numbered(10, 16, 1)]);
      const first = await consumer(c, { groupId, topics: [topic] });
      await pollUntil([first], (all) => all[0]!.length === 12);
      await first.commit([{ topic, partition: 0, offset: 4 }]);
      await first.close();
      await c.produce(topic, [...numbered(6, 8, 0), ...numbered(16, 18, 1)]);
      const second = await consumer(c, { groupId, topics: [topic], autoOffsetReset: 'latest' });
      const got = await pollUntil([second], (all) => all[0]!.length === 6);
      expect(valueStrings(got[0]!).sort()).toEqual(['v4', 'v5', 'v6', 'v7', 'v16', 'v17'].sort());
    });

    it('keeps consuming while members join and leave: nothing lost, nothing delivered twice', async () => {
      const c = await client();
      const topic = await topicWith(c, 6);
      const result = await churn(c, (options) => consumer(c, options), { groupId: unique('g'), topic, rounds: 40, commitEveryPoll: true });
      expect(result.duplicates).toEqual([]);
      expect(result.delivered.size).toBe(result.produced);
    });

    it('seeks, pauses and resumes partitions of a group member', async () => {
      const c = await client();
      const topic = await topicWith(c, 2);
      await c.produce(topic, [...numbered(0, 5, 0), ...numbered(10, 15, 1)]);
      const member = await consumer(c, { groupId: unique('g'), topics: [topic] });
      await pollUntil([member], (all) => all[0]!.length === 10);
      member.seek({ topic, partition: 0 }, 3);
      member.pause([{ topic, partition: 1 }]);
      await c.produce(topic, numbered(15, 17, 1));
      const afterSeek = await pollUntil([member], (all) => all[0]!.length === 2, { commit: false });
      expect(afterSeek[0]!.map((r) => [r.partition, r.offset])).toEqual([[0, 3], [0, 4]]);
      member.resume([{ topic, partition: 1 }]);
      const resumed = await pollUntil([member], (all) => all[0]!.length === 2);
      expect(valueStrings(resumed[0]!)).toEqual(['v15', 'v16']);
    });
  });
}

function unique40x2(_topic: string): string[] {
  return [0, 1, 2, 3].flatMap((p) => Array.from({ length: 20 }, (_, i) => `v${p * 100 + i}`));
}

const byPartition = (x: TopicPartition, y: TopicPartition) => x.partition - y.partition;
const str = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));

function simplify(r: ConsumedRecord) {
  return { topic: r.topic, partition: r.partition, offset: r.offset, timestamp: r.timestamp, key: str(r.key), value: str(r.value), headers: r.headers.map((h) => [h.key, str(h.value)]) };
}
