// InProcessClient: the shared LogClient contract on an in-memory Broker, plus what only the
// in-process path can show (null header values, acks=0, the Broker's own view of the group).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Broker } from '../broker/broker.js';
import { InProcessClient } from './in-process-client.js';
import { localBrokerAccess, type BrokerAccess } from './broker-access.js';
import { churn } from './contract-support.js';
import { FAST_GROUP, describeLogClient, firstSpanRecord } from './log-client.contract.js';
import { isSpanRecord, type ConsumedRecord, type SpanRecord } from './log-client.js';

let broker: Broker;

beforeAll(async () => {
  broker = await Broker.open({ config: { 'group.initial.rebalance.delay.ms': '0' } });
});

afterAll(async () => {
  await broker.close();
});

describeLogClient('InProcessClient', async () => new InProcessClient(broker));

describe('InProcessClient specifics', () => {
  it('keeps null header values and header order', async () => {
    const client = new InProcessClient(broker);
    await client.createTopics([{ name: 'ip-headers', partitions: 1 }]);
    const headers = [
      { key: 'b', value: Buffer.from('1') },
      { key: 'a', value: null },
      { key: 'b', value: Buffer.from('2') },
    ];
    await client.produce('ip-headers', [{ key: null, value: Buffer.from('x'), headers }]);
    const [part] = await client.fetch([{ topic: 'ip-headers', partition: 0, offset: 0 }]);
    expect(part!.records[0]!.headers).toEqual(headers);
    await client.close();
  });

  it('reports offset -1 for acks=0, as a network producer would', async () => {
    const client = new InProcessClient(broker);
    await client.createTopics([{ name: 'ip-acks0', partitions: 1 }]);
    const produced = await client.produce('ip-acks0', [{ key: null, value: Buffer.from('x') }], { acks: 0 });
    expect(produced).toEqual([{ topic: 'ip-acks0', partition: 0, offset: -1 }]);
    expect(await client.listOffsets({ topic: 'ip-acks0', partition: 0 }, 'latest')).toBe(1);
    await client.close();
  });

  it('hands out span records when asked: the same fields, keys and values read in place or as views', async () => {
    const client = new InProcessClient(broker);
    await client.createTopics([{ name: 'ip-spans', partitions: 1 }]);
    const produced = [
      { key: Buffer.from('k1'), value: Buffer.from('{"a":1}'), headers: [{ key: 'h', value: Buffer.from('v') }] },
      { key: null, value: null },
      { key: Buffer.alloc(0), value: Buffer.from('x'.repeat(300)) },
    ];
    await client.produce('ip-spans', produced.map((r) => ({ ...r, partition: 0, timestamp: 5 })));
    const read = async (spanRecords: boolean) => {
      const consumer = await client.groupConsumer({ ...FAST_GROUP, groupId: `ip-spans-${spanRecords}`, topics: ['ip-spans'], spanRecords });
      const records: ConsumedRecord[] = [];
      while (records.length < produced.length) records.push(...(await consumer.poll(1000)));
      await consumer.close();
      return records;
    };
    const plain = await read(false);
    const spans = await read(true);
    expect(plain.some(isSpanRecord)).toBe(false);
    expect(spans.every(isSpanRecord)).toBe(true);
    // Records without headers share one empty array, which nobody can change.
    expect(spans[1]!.headers).toBe(spans[2]!.headers);
    expect(Object.isFrozen(spans[1]!.headers)).toBe(true);
    spans.forEach((record, i) => {
      const { topic, partition, offset, timestamp, headers, key, value } = record;
      expect({ topic, partition, offset, timestamp, headers, key, value }).toEqual(plain[i]);
      const span = record as SpanRecord;
      const inPlace = (at: number, length: number) => (length < 0 ? null : span.bytes.subarray(at, at + length));
      expect(inPlace(span.keyAt, span.keyLength)).toEqual(plain[i]!.key);
      expect(inPlace(span.valueAt, span.valueLength)).toEqual(plain[i]!.value);
    });
    await client.close();
  });

  it('reads span records in the log\'s own memory, yet hands out copies: changing them leaves the log intact', async () => {
    const client = new InProcessClient(broker);
    await client.createTopics([{ name: 'ip-span-copies', partitions: 1 }]);
    await client.produce('ip-span-copies', [{ key: Buffer.from('k'), value: Buffer.from('stored'), headers: [{ key: 'h', value: Buffer.from('hv') }], partition: 0 }]);
    const span = await firstSpanRecord(client, 'ip-span-copies');
    expect(span.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    span.key!.fill(0);
    span.value!.fill(0);
    span.headers[0]!.value!.fill(0);
    expect(span.bytes.toString('latin1')).toContain('stored');
    const [again] = await client.fetch([{ topic: 'ip-span-copies', partition: 0, offset: 0 }]);
    const stored = again!.records[0]!;
    expect([stored.key!.toString(), stored.value!.toString(), stored.headers[0]!.value!.toString()]).toEqual(['k', 'stored', 'hv']);
    expect(stored.value!.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    await client.close();
  });

  it('sends the next fetch when a poll empties the buffer, and drops what it fetched for a position a seek left', async () => {
    const access = localBrokerAccess(broker);
    const fetches: string[] = [];
    const recording: BrokerAccess = {
      ...access,
      groups: access.groups,
      fetch: (requests, options) => {
        fetches.push(`${requests.map((r) => r.fetchOffset).join(',')} wait ${options.maxWaitMs}`);
        return access.fetch(requests, options);
      },
    };
    const client = new InProcessClient(recording);
    await client.createTopics([{ name: 'ip-prefetch', partitions: 1 }]);
    const produce = (from: number) => client.produce('ip-prefetch', Array.from({ length: 10 }, (_, i) => ({ key: null, value: Buffer.from(`v${from + i}`), partition: 0 })));
    await produce(0);
    await produce(10);
    // maxBytes below one batch: each fetch returns one batch (always at least one).
    const consumer = await client.groupConsumer({ ...FAST_GROUP, groupId: 'ip-prefetch', topics: ['ip-prefetch'], maxPollRecords: 10, maxBytes: 50 });
    let first: ConsumedRecord[] = [];
    while (first.length === 0) first = await consumer.poll(1000);
    expect(first.map((r) => r.offset)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    // The poll emptied the buffer: the next fetch (offset 10, not waiting) is on its way before any other poll.
    await new Promise((resolve) => setImmediate(resolve));
    expect(fetches.at(-1)).toBe('10 wait 0');
    // That fetch brought offsets 10-19; after a seek back to 3 the next poll starts at 3.
    consumer.seek({ topic: 'ip-prefetch', partition: 0 }, 3);
    const next = await consumer.poll(1000);
    expect(next.map((r) => r.offset)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    await consumer.close();
    await client.close();
  });

  it('bounds polls by maxPollRecords, shares them among partitions and keeps the rest for later polls', async () => {
    const client = new InProcessClient(broker);
    await client.createTopics([{ name: 'ip-max-poll', partitions: 2 }]);
    for (const partition of [0, 1]) {
      await client.produce('ip-max-poll', Array.from({ length: 25 }, (_, i) => ({ key: null, value: Buffer.from(`${partition}:${i}`), partition })));
    }
    const consumer = await client.groupConsumer({ ...FAST_GROUP, groupId: 'ip-max-poll', topics: ['ip-max-poll'], maxPollRecords: 10 });
    const seen: string[] = [];
    const polls: number[][] = [];
    while (seen.length < 50) {
      const records = await consumer.poll(1000);
      expect(records.length).toBeLessThanOrEqual(10);
      if (records.length === 0) continue;
      polls.push([0, 1].map((p) => records.filter((r) => r.partition === p).length));
      for (const r of records) seen.push(r.value!.toString());
    }
    expect(polls[0]).toEqual([5, 5]);
    expect(new Set(seen).size).toBe(50);
    for (const partition of [0, 1]) {
      expect(seen.filter((v) => v.startsWith(`${partition}:`))).toEqual(Array.from({ length: 25 }, (_, i) => `${partition}:${i}`));
    }
    // A seek drops what was buffered beyond the new position.
    consumer.seek({ topic: 'ip-max-poll', partition: 0 }, 3);
    consumer.pause([{ topic: 'ip-max-poll', partition: 1 }]);
    expect((await consumer.poll(1000)).map((r) => r.value!.toString())).toEqual(['0:3', '0:4', '0:5', '0:6', '0:7', '0:8', '0:9', '0:10', '0:11', '0:12']);
    await consumer.close();
    await client.close();
  });

  it('hands a partition over only after its owner revoked it: commits on revocation suffice', async () => {
    const client = new InProcessClient(broker);
    await client.createTopics([{ name: 'ip-churn', partitions: 6 }]);
    const result = await churn(client, (options) => client.groupConsumer({ ...FAST_GROUP, ...options }), {
      groupId: 'ip-churn',
      topic: 'ip-churn',
      rounds: 40,
      commitEveryPoll: false,
    });
    expect(result.duplicates).toEqual([]);
    expect(result.delivered.size).toBe(result.produced);
    expect(result.commitFailures).toBe(0);
    await client.close();
  });
});
