/**
 * kafkajs 2.2.4 against `sluice broker` as a black box (a child process on port 0): admin
 * (create, list, offsets, configs, delete), producing with every acks level and with gzip, a
 * two-member group that rebalances when a member leaves, and committed offsets that survive a
 * broker restart. kafkajs sends only non-flexible versions, so this covers the old codec paths.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import type { Admin, Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import { startBrokerProcess } from '../support/broker-process.js';
import type { BrokerProcess } from '../support/broker-process.js';
import { Events } from '../support/events.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
// kafkajs is CommonJS; Node's ESM loader cannot see all of its named exports, so take them from the default.
const { CompressionTypes, ConfigResourceTypes, Kafka: KafkaClient, logLevel } = kafkajs;

/** Session timeouts below Kafka's 6 s floor keep rebalances quick. */
const BROKER_CONFIG = { 'group.min.session.timeout.ms': '1000' };

/** Consumer settings that make kafkajs notice rebalances within a few hundred milliseconds. */
const FAST_GROUP = {
  sessionTimeout: 3000,
  rebalanceTimeout: 5000,
  heartbeatInterval: 100,
  maxWaitTimeInMs: 100,
};

interface Seen {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

function seen({ partition, message }: EachMessagePayload): Seen {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
  return {
    partition,
    offset: Number(message.offset),
    key: message.key === null ? null : message.key.toString(),
    value: message.value === null ? null : message.value.toString(),
    headers,
  };
}

function client(broker: BrokerProcess, clientId: string): Kafka {
  return new KafkaClient({
    clientId,
    brokers: [broker.bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 50 },
  });
}

/** Everything a test opened, closed in reverse order even when the test fails. */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function connected<T extends Admin | Producer | Consumer>(thing: T): Promise<T> {
  await thing.connect();
  cleanups.push(() => thing.disconnect());
  return thing;
}

describe('kafkajs 2.2.4 against sluice broker', () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    broker = await startBrokerProcess({ config: BROKER_CONFIG });
    kafka = client(broker, 'compat-kafkajs');
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.disconnect();
    expect(await broker?.stop()).toBe(0);
  });

  it('creates, lists, describes, measures and deletes topics', async () => {
    expect(
      await admin.createTopics({
        topics: [
          { topic: 'admin-a', numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '3600000' }] },
        ],
      }),
    ).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: 'admin-a', numPartitions: 3 }] })).toBe(false);
    expect(await admin.createTopics({ topics: [{ topic: 'admin-b' }] })).toBe(true);
    expect((await admin.listTopics()).filter((name) => name.startsWith('admin-')).sort()).toEqual([
      'admin-a',
      'admin-b',
    ]);

    const metadata = await admin.fetchTopicMetadata({ topics: ['admin-a', 'admin-b'] });
    expect(metadata.topics.map((topic) => [topic.name, topic.partitions.length]).sort()).toEqual([
      ['admin-a', 3],
      ['admin-b', 1],
    ]);

    const configs = await admin.describeConfigs({
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: 'admin-a', configNames: ['retention.ms', 'cleanup.policy'] },
      ],
      includeSynonyms: false,
    });
    const entries = Object.fromEntries(
      configs.resources[0]!.configEntries.map((entry) => [entry.configName, entry.configValue]),
    );
    expect(configs.resources[0]!.errorCode).toBe(0);
    expect(entries).toEqual({ 'retention.ms': '3600000', 'cleanup.policy': 'delete' });

    const producer = await connected(kafka.producer());
    await producer.send({
      topic: 'admin-a',
      acks: -1,
      messages: [0, 0, 0, 2, 2].map((partition, i) => ({ partition, value: `v${i}` })),
    });
    const offsets = (await admin.fetchTopicOffsets('admin-a')).sort((a, b) => a.partition - b.partition);
    expect(offsets).toEqual([
      { partition: 0, offset: '3', high: '3', low: '0' },
      { partition: 1, offset: '0', high: '0', low: '0' },
      { partition: 2, offset: '2', high: '2', low: '0' },
    ]);

    await admin.deleteTopics({ topics: ['admin-a'] });
    expect((await admin.listTopics()).filter((name) => name.startsWith('admin-'))).toEqual(['admin-b']);
  });

  it('produces with acks -1, 1 and 0 and with gzip, and consumes every record back exactly', async () => {
    const topic = 'acks';
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] })).toBe(true);
    const producer = await connected(kafka.producer());
    const sent: Omit<Seen, 'partition' | 'offset'>[] = [];
    const batch = (label: string, count: number) =>
      Array.from({ length: count }, (_, i) => {
        const record = {
          key: `${label}-${i}`,
          value: `${label} value ${i}`.repeat(label === 'gzip' ? 20 : 1),
          headers: { label, index: String(i) },
        };
        sent.push(record);
        return record;
      });

    expect((await producer.send({ topic, acks: -1, messages: batch('all', 3) }))[0]).toMatchObject({
      errorCode: 0,
      baseOffset: '0',
    });
    expect((await producer.send({ topic, acks: 1, messages: batch('leader', 2) }))[0]).toMatchObject({
      errorCode: 0,
      baseOffset: '3',
    });
    // acks=0 gets no response at all; the broker processes a connection's requests in order, so
    // the acks=-1 send behind it on the same connection is appended after it.
    await producer.send({ topic, acks: 0, messages: batch('none', 2) });
    expect(
      (
        await producer.send({
          topic,
          acks: -1,
          compression: CompressionTypes.GZIP,
          messages: batch('gzip', 4),
        })
      )[0],
    ).toMatchObject({ errorCode: 0, baseOffset: '7' });
    expect(await admin.fetchTopicOffsets(topic)).toEqual([
      { partition: 0, offset: '11', high: '11', low: '0' },
    ]);

    const events = new Events();
    const received: Seen[] = [];
    const consumer = await connected(kafka.consumer({ groupId: 'acks-reader', ...FAST_GROUP }));
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async (payload) => {
        received.push(seen(payload));
        events.notify();
      },
    });
    await events.until(
      () => received.length >= sent.length,
      `${sent.length} records`,
      () => received,
    );
    expect(received).toEqual(sent.map((record, offset) => ({ partition: 0, offset, ...record })));
  });

  it('rebalances a two-member group when one member leaves: the survivor owns and reads every partition', async () => {
    const topic = 'rebalance';
    const partitions = [0, 1, 2, 3];
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: partitions.length }] })).toBe(true);
    const producer = await connected(kafka.producer());
    const events = new Events();
    const joins: Record<'a' | 'b', number[][]> = { a: [], b: [] };
    const received: Record<'a' | 'b', Seen[]> = { a: [], b: [] };
    const committed = new Map<number, number>();
    const members = {} as Record<'a' | 'b', Consumer>;

    for (const name of ['a', 'b'] as const) {
      const consumer = kafka.consumer({ groupId: 'rebalancers', ...FAST_GROUP });
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        joins[name].push([...(payload.memberAssignment[topic] ?? [])].sort());
        events.notify();
      });
      consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
        for (const entry of payload.topics) {
          for (const { partition, offset } of entry.partitions)
            committed.set(Number(partition), Number(offset));
        }
        events.notify();
      });
      members[name] = await connected(consumer);
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: async (payload) => {
          received[name].push(seen(payload));
          events.notify();
        },
      });
    }

    // Both members settle on one generation that splits the four partitions between them.
    const split = () => {
      const a = joins.a.at(-1) ?? [];
      const b = joins.b.at(-1) ?? [];
      return a.length === 2 && b.length === 2 && [...a, ...b].sort().join() === partitions.join();
    };
    const state = () => ({ joins, received, committed: [...committed] });
    await events.until(split, 'an assignment of two partitions to each member', state);

    await producer.send({
      topic,
      acks: -1,
      messages: partitions.map((partition) => ({ partition, value: `before-${partition}` })),
    });
    await events.until(
      () => received.a.length + received.b.length >= 4 && partitions.every((p) => committed.get(p) === 1),
      'the first records, consumed and committed',
      state,
    );
    for (const name of ['a', 'b'] as const) {
      expect(received[name].map((record) => record.partition).sort()).toEqual(joins[name].at(-1));
    }

    const joinsOfA = joins.a.length;
    await members.b.disconnect();
    await events.until(
      () => joins.a.length > joinsOfA && joins.a.at(-1)!.join() === partitions.join(),
      'the survivor to own every partition',
      state,
    );

    const before = received.a.length;
    await producer.send({
      topic,
      acks: -1,
      messages: partitions.map((partition) => ({ partition, value: `after-${partition}` })),
    });
    await events.until(
      () => received.a.length >= before + partitions.length,
      'the records produced after the rebalance',
      state,
    );
    expect(
      received.a
        .slice(before)
        .map(({ partition, offset, value }) => ({ partition, offset, value }))
        .sort((x, y) => x.partition - y.partition),
    ).toEqual(partitions.map((partition) => ({ partition, offset: 1, value: `after-${partition}` })));
  });
});

describe('kafkajs committed offsets across a broker restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-kafkajs-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function consumeGroup(broker: BrokerProcess, expected: number): Promise<Seen[]> {
    const events = new Events();
    const received: Seen[] = [];
    const committed = new Map<number, number>();
    const consumer = client(broker, 'compat-kafkajs-resume').consumer({ groupId: 'resumer', ...FAST_GROUP });
    consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
      for (const entry of payload.topics)
        for (const { partition, offset } of entry.partitions)
          committed.set(Number(partition), Number(offset));
      events.notify();
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: ['resume'], fromBeginning: true });
      await consumer.run({
        eachMessage: async (payload) => {
          received.push(seen(payload));
          events.notify();
        },
      });
      await events.until(
        () => received.length >= expected,
        `${expected} records`,
        () => received,
      );
      const ends = new Map<number, number>();
      for (const record of received)
        ends.set(record.partition, Math.max(ends.get(record.partition) ?? 0, record.offset + 1));
      await events.until(
        () => [...ends].every(([partition, end]) => committed.get(partition) === end),
        'commits of every record consumed',
        () => ({ received, committed: [...committed] }),
      );
    } finally {
      await consumer.disconnect();
    }
    return received.sort((x, y) => x.partition - y.partition || x.offset - y.offset);
  }

  async function produce(broker: BrokerProcess, values: string[]): Promise<void> {
    const producer = client(broker, 'compat-kafkajs-resume').producer();
    await producer.connect();
    try {
      await producer.send({
        topic: 'resume',
        acks: -1,
        messages: values.map((value, i) => ({ partition: i % 2, value })),
      });
    } finally {
      await producer.disconnect();
    }
  }

  it('resumes a group from its committed offsets after the broker process restarts', async () => {
    const first = await startBrokerProcess({ dataDir, config: BROKER_CONFIG });
    try {
      const admin = client(first, 'compat-kafkajs-resume').admin();
      await admin.connect();
      try {
        expect(await admin.createTopics({ topics: [{ topic: 'resume', numPartitions: 2 }] })).toBe(true);
      } finally {
        await admin.disconnect();
      }
      await produce(first, ['old-0', 'old-1', 'old-2', 'old-3', 'old-4', 'old-5']);
      const old = await consumeGroup(first, 6);
      expect(old.map(({ partition, offset, value }) => [partition, offset, value])).toEqual([
        [0, 0, 'old-0'],
        [0, 1, 'old-2'],
        [0, 2, 'old-4'],
        [1, 0, 'old-1'],
        [1, 1, 'old-3'],
        [1, 2, 'old-5'],
      ]);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startBrokerProcess({ dataDir, config: BROKER_CONFIG });
    try {
      await produce(second, ['new-0', 'new-1', 'new-2', 'new-3']);
      // Each partition is read in offset order, so had the commits been lost, old records would
      // come first; receiving exactly the four new ones proves the group resumed where it was.
      const resumed = await consumeGroup(second, 4);
      expect(resumed.map(({ partition, offset, value }) => [partition, offset, value])).toEqual([
        [0, 3, 'new-0'],
        [0, 4, 'new-2'],
        [1, 3, 'new-1'],
        [1, 4, 'new-3'],
      ]);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
