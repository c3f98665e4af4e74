// InProcessClient: the shared LogClient contract on an in-memory Broker, plus what only the
// in-process path can show (null header values, acks=0, the Broker's own view of the group).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Broker } from '../broker/broker.js';
import { InProcessClient } from './in-process-client.js';
import { churn } from './contract-support.js';
import { FAST_GROUP, describeLogClient } from './log-client.contract.js';

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
