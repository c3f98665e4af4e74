// KafkaClient: the shared LogClient contract against `sluice broker` as a child process, plus
// what only the network path shows: placement agrees with kafkajs's own (Java-compatible) default
// partitioner, null header values are refused instead of being mangled, and an in-process member
// and a network member share one consumer group (same protocol name and ConsumerProtocol bytes).
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Broker } from '../engine/broker/broker.js';
import { ErrorCode } from '../engine/broker/errors.js';
import { startKafkaListener } from '../engine/broker/kafka-listener.js';
import { pollUntil, valueStrings } from '../engine/client/contract-support.js';
import { InProcessClient } from '../engine/client/in-process-client.js';
import { KafkaClient } from '../engine/client/kafka-client.js';
import { FAST_GROUP, describeLogClient } from '../engine/client/log-client.contract.js';
import { partitionForKey } from '../engine/client/partitioner.js';
import { startBrokerProcess, type BrokerProcess } from './support/broker-process.js';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBrokerProcess({ config: { 'group.min.session.timeout.ms': '1000' } });
});

afterAll(async () => {
  await broker?.stop();
});

describeLogClient('KafkaClient on sluice broker', async () => new KafkaClient({ brokers: [broker.bootstrap] }));

describe('KafkaClient specifics', () => {
  it('places keyed records where a plain kafkajs producer (Java partitioner) does', async () => {
    const client = new KafkaClient({ brokers: [broker.bootstrap] });
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    try {
      await client.createTopics([{ name: 'kc-placement', partitions: 5 }]);
      await producer.connect();
      const keys = Array.from({ length: 30 }, (_, i) => `key-${i}`);
      const theirs = await producer.send({ topic: 'kc-placement', messages: keys.map((key) => ({ key, value: key })) });
      const ours = await client.produce('kc-placement', keys.map((key) => ({ key: Buffer.from(key), value: Buffer.from(key) })));
      const fetched = await client.fetch(Array.from({ length: 5 }, (_, partition) => ({ topic: 'kc-placement', partition, offset: 0 })));
      for (const part of fetched) {
        const values = part.records.map((r) => r.value!.toString());
        // Each key appears twice in its partition: once from kafkajs, once from KafkaClient.
        for (const key of new Set(values)) expect(values.filter((v) => v === key)).toHaveLength(2);
        for (const key of values) expect(partitionForKey(Buffer.from(key), 5)).toBe(part.partition);
      }
      expect(theirs.length).toBeGreaterThan(0);
      expect(ours.map((m) => m.partition)).toEqual(keys.map((key) => partitionForKey(Buffer.from(key), 5)));
    } finally {
      await producer.disconnect();
      await client.close();
    }
  });

  it('refuses null header values, which kafkajs cannot encode', async () => {
    const client = new KafkaClient({ brokers: [broker.bootstrap] });
    try {
      await client.createTopics([{ name: 'kc-null-header', partitions: 1 }]);
      await expect(client.produce('kc-null-header', [{ key: null, value: Buffer.from('x'), headers: [{ key: 'h', value: null }] }])).rejects.toMatchObject({
        errorCode: ErrorCode.INVALID_RECORD,
      });
    } finally {
      await client.close();
    }
  });

  it('shares one consumer group between an in-process member and a KafkaClient member', async () => {
    const embedded = await Broker.open({ config: { 'group.initial.rebalance.delay.ms': '0' } });
    const listener = await startKafkaListener(embedded, { port: 0 });
    const local = new InProcessClient(embedded);
    const remote = new KafkaClient({ brokers: [`127.0.0.1:${listener.port}`] });
    try {
      await local.createTopics([{ name: 'mixed', partitions: 4 }]);
      await local.produce('mixed', Array.from({ length: 40 }, (_, i) => ({ key: null, value: Buffer.from(`m${i}`), partition: i % 4 })));
      const a = await local.groupConsumer({ ...FAST_GROUP, groupId: 'mixed', topics: ['mixed'] });
      const b = await remote.groupConsumer({ ...FAST_GROUP, groupId: 'mixed', topics: ['mixed'] });
      const got = await pollUntil([a, b], (all) => all[0]!.length + all[1]!.length === 40 && a.assignment().length === 2 && b.assignment().length === 2);
      expect([...a.assignment(), ...b.assignment()].map((tp) => tp.partition).sort()).toEqual([0, 1, 2, 3]);
      expect(valueStrings([...got[0]!, ...got[1]!]).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `m${i}`).sort());
      await a.close();
      await b.close();
    } finally {
      await remote.close();
      await local.close();
      await listener.close();
      await embedded.close();
    }
  });
});
