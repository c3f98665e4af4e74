// KafkaClient: the shared LogClient contract against `sluice broker` as a child process, plus
// what only the network path shows: placement agrees with kafkajs's own (Java-compatible) default
// partitioner, and null header values are refused instead of being mangled.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../engine/broker/errors.js';
import { KafkaClient } from '../engine/client/kafka-client.js';
import { describeLogClient } from '../engine/client/log-client.contract.js';
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
});
