/**
 * @platformatic/kafka 1.x against `sluice broker` as a black box. This client implements only
 * flexible (tagged-field) versions — ApiVersions v3, Metadata 9+, Produce 9+, Fetch 12+,
 * JoinGroup 6+, … — so it is the suite that exercises the broker's compact encodings.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import type { GroupAssignment, Message, MessagesStream } from '@platformatic/kafka';
import { startBrokerProcess } from '../support/broker-process.js';
import type { BrokerProcess } from '../support/broker-process.js';
import { Events } from '../support/events.js';

/** Session timeouts below Kafka's 6 s floor keep rebalances quick. */
const FAST_GROUP = { sessionTimeout: 3000, rebalanceTimeout: 5000, heartbeatInterval: 100, maxWaitTime: 100 };

type StringMessage = Message<string, string, string, string>;

interface Seen {
  topic: string;
  partition: number;
  offset: number;
  key: string | undefined;
  value: string | undefined;
  headers: Record<string, string>;
}

function seen(message: StringMessage): Seen {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: Number(message.offset),
    key: message.key,
    value: message.value,
    headers: Object.fromEntries(message.headers),
  };
}

/** Everything a test opened, closed in reverse order even when the test fails. */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('@platformatic/kafka 1.x against sluice broker', () => {
  let broker: BrokerProcess;
  let admin: Admin;
  let producer: Producer<string, string, string, string>;

  beforeAll(async () => {
    broker = await startBrokerProcess({ config: { 'group.min.session.timeout.ms': '1000' } });
    admin = new Admin({ clientId: 'compat-platformatic-admin', bootstrapBrokers: [broker.bootstrap] });
    producer = new Producer({
      clientId: 'compat-platformatic-producer',
      bootstrapBrokers: [broker.bootstrap],
      serializers: stringSerializers,
    });
  });

  afterAll(async () => {
    await producer?.close();
    await admin?.close();
    expect(await broker?.stop()).toBe(0);
  });

  function consumer(groupId: string): Consumer<string, string, string, string> {
    const created = new Consumer({
      clientId: `compat-platformatic-${groupId}`,
      groupId,
      bootstrapBrokers: [broker.bootstrap],
      deserializers: stringDeserializers,
      ...FAST_GROUP,
    });
    // close(true) also closes the member's streams; that overload reports through a callback.
    cleanups.push(
      () =>
        new Promise<void>((resolve, reject) =>
          created.close(true, (error) => (error ? reject(error) : resolve())),
        ),
    );
    return created;
  }

  async function consume(
    member: Consumer<string, string, string, string>,
    topics: string[],
  ): Promise<MessagesStream<string, string, string, string>> {
    const stream = await member.consume({ topics, mode: 'earliest', ...FAST_GROUP });
    cleanups.push(() => stream.close());
    return stream;
  }

  it('produces keyed records with headers and consumes them back exactly in a group', async () => {
    const topic = 'flex-produce';
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 });
    const sent = Array.from({ length: 6 }, (_, i) => ({
      topic,
      partition: i % 2,
      key: `key-${i}`,
      value: `value ${i}`,
      headers: { index: String(i), kind: i % 2 === 0 ? 'even' : 'odd' },
    }));
    const result = await producer.send({ messages: sent, acks: -1 });
    // Each partition's batch starts at offset 0 (the base offset of the first record).
    expect(result.offsets?.map(({ partition, offset }) => [partition, Number(offset)]).sort()).toEqual([
      [0, 0],
      [1, 0],
    ]);

    const stream = await consume(consumer('flex-readers'), [topic]);
    const received: Seen[] = [];
    for await (const message of stream as AsyncIterable<StringMessage>) {
      received.push(seen(message));
      if (received.length === sent.length) break;
    }
    received.sort((x, y) => x.partition - y.partition || x.offset - y.offset);
    const expected = sent
      .map(({ partition, key, value, headers }, i) => ({
        topic,
        partition,
        offset: Math.floor(i / 2),
        key,
        value,
        headers,
      }))
      .sort((x, y) => x.partition - y.partition || x.offset - y.offset);
    expect(received).toEqual(expected);
  });

  it('splits the partitions of a topic between two members of one group', async () => {
    const topic = 'flex-split';
    const partitions = [0, 1, 2, 3];
    await admin.createTopics({ topics: [topic], partitions: partitions.length, replicas: 1 });
    const events = new Events();
    const joins = new Map<string, { generationId: number; partitions: number[] }>();
    const received = new Map<string, Seen[]>();
    /** Fetch responses since the member's last join: after the first, no fetch for an old assignment is in flight. */
    const fetchesSinceJoin = new Map<string, number>();
    for (const name of ['a', 'b']) {
      const member = consumer('flex-splitters');
      received.set(name, []);
      member.on(
        'consumer:group:join',
        ({ generationId, assignments }: { generationId: number; assignments: GroupAssignment[] }) => {
          const owned = assignments
            .filter((assignment) => assignment.topic === topic)
            .flatMap((assignment) => assignment.partitions);
          joins.set(name, { generationId, partitions: owned.sort() });
          fetchesSinceJoin.set(name, 0);
          events.notify();
        },
      );
      const stream = await consume(member, [topic]);
      stream.on('fetch', () => {
        fetchesSinceJoin.set(name, (fetchesSinceJoin.get(name) ?? 0) + 1);
        events.notify();
      });
      stream.on('data', (message: StringMessage) => {
        received.get(name)!.push(seen(message));
        events.notify();
      });
    }

    await events.until(() => {
      const a = joins.get('a');
      const b = joins.get('b');
      return (
        a !== undefined &&
        b !== undefined &&
        a.generationId === b.generationId &&
        a.partitions.length === 2 &&
        [...a.partitions, ...b.partitions].sort().join() === partitions.join() &&
        fetchesSinceJoin.get('a')! > 0 &&
        fetchesSinceJoin.get('b')! > 0
      );
    }, 'both members to share one generation with two partitions each, and to fetch with it');

    await producer.send({
      messages: partitions.map((partition) => ({
        topic,
        partition,
        key: `k${partition}`,
        value: `v${partition}`,
      })),
      acks: -1,
    });
    await events.until(
      () => received.get('a')!.length + received.get('b')!.length >= partitions.length,
      'one record per partition',
      () => ({ joins: [...joins], received: [...received] }),
    );
    for (const name of ['a', 'b']) {
      const owned = joins.get(name)!.partitions;
      expect(received.get(name)!.sort((x, y) => x.partition - y.partition)).toEqual(
        owned.map((partition) => ({
          topic,
          partition,
          offset: 0,
          key: `k${partition}`,
          value: `v${partition}`,
          headers: {},
        })),
      );
    }
  });
});
