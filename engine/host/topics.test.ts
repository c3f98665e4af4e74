/** `topics.*` through EngineClient: create, produce, consume from each position, describe, delete, errors. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { utf8Preview, PREVIEW_MAX_BYTES } from './records.js';
import { engineError, openHostKit, type HostKit } from './test-kit.js';

let kit: HostKit;
beforeEach(async () => {
  kit = await openHostKit();
});
afterEach(async () => {
  await kit.dispose();
});

/** orders: partition 0 holds o0..o4 at t=1000..5000, partition 1 holds p0 at t=2500. */
async function seedOrders(): Promise<void> {
  const api = kit.client.api;
  await api['topics.create']({ name: 'orders', partitions: 2, configs: { 'retention.ms': '3600000' } });
  for (let i = 0; i < 5; i++) {
    const produced = await api['topics.produce']({ topic: 'orders', partition: 0, key: `k${i}`, value: `o${i}`, timestampMs: (i + 1) * 1000 });
    expect(produced).toEqual({ partition: 0, offset: i });
  }
  await api['topics.produce']({ topic: 'orders', partition: 1, key: null, value: 'p0', headers: [{ key: 'source', value: 'test' }, { key: 'empty', value: null }], timestampMs: 2500 });
}

const values = (records: Array<{ value: string | null }>) => records.map((r) => r.value);

describe('topics', () => {
  it('creates, lists (internal topics hidden unless asked), describes with configs and deletes', async () => {
    const created = await kit.client.api['topics.create']({ name: 'orders', partitions: 3 });
    expect(created).toEqual({
      name: 'orders',
      internal: false,
      partitions: [0, 1, 2].map((partition) => ({ partition, earliestOffset: 0, latestOffset: 0 })),
    });
    await kit.client.api['topics.create']({ name: 'app-per-minute-store-changelog' });
    await kit.client.api['topics.create']({ name: 'app-by-customer-repartition' });
    expect((await kit.client.api['topics.list']({})).topics.map((t) => t.name)).toEqual(['orders']);
    const all = (await kit.client.api['topics.list']({ includeInternal: true })).topics;
    expect(all.find((t) => t.name === '__consumer_offsets')).toMatchObject({ internal: true });
    expect(all.find((t) => t.name === 'app-per-minute-store-changelog')).toMatchObject({ internal: true });
    expect(all.find((t) => t.name === 'app-by-customer-repartition')).toMatchObject({ internal: true });
    await kit.client.api['topics.delete']({ name: 'app-per-minute-store-changelog' });
    await kit.client.api['topics.delete']({ name: 'app-by-customer-repartition' });
    await kit.client.api['topics.produce']({ topic: 'orders', partition: 2, key: 'a', value: '1' });
    const described = await kit.client.api['topics.describe']({ name: 'orders' });
    expect(described.partitions[2]).toEqual({ partition: 2, earliestOffset: 0, latestOffset: 1 });
    expect(described.configs['cleanup.policy']).toBe('delete');
    expect(described.configs['retention.ms']).toMatch(/^\d+$/);
    await kit.client.api['topics.delete']({ name: 'orders' });
    expect((await kit.client.api['topics.list']({})).topics).toEqual([]);
  });

  it('consumes from the beginning, from the end minus N, from an offset and from a timestamp', async () => {
    await seedOrders();
    const api = kit.client.api;
    const all = (await api['topics.consume']({ topic: 'orders', from: { type: 'beginning' } })).records;
    expect(values(all)).toEqual(['o0', 'o1', 'p0', 'o2', 'o3', 'o4']);
    expect(all[0]).toEqual({ topic: 'orders', partition: 0, offset: 0, timestamp: 1000, key: 'k0', value: 'o0', valueBytes: 2, truncated: false, headers: [] });
    expect(all[2]).toMatchObject({ partition: 1, key: null, headers: [{ key: 'source', value: 'test' }, { key: 'empty', value: null }] });

    expect(values((await api['topics.consume']({ topic: 'orders', partition: 0, from: { type: 'end', back: 2 } })).records)).toEqual(['o3', 'o4']);
    expect(values((await api['topics.consume']({ topic: 'orders', partition: 0, from: { type: 'end' } })).records)).toEqual([]);
    expect(values((await api['topics.consume']({ topic: 'orders', from: { type: 'end', back: 1 } })).records)).toEqual(['p0', 'o4']);
    expect(values((await api['topics.consume']({ topic: 'orders', partition: 0, from: { type: 'end', back: 99 } })).records)).toHaveLength(5);
    expect(values((await api['topics.consume']({ topic: 'orders', partition: 0, from: { type: 'offset', offset: 3 } })).records)).toEqual(['o3', 'o4']);
    expect(values((await api['topics.consume']({ topic: 'orders', partition: 0, from: { type: 'offset', offset: 50 } })).records)).toEqual([]);
    expect(values((await api['topics.consume']({ topic: 'orders', from: { type: 'timestamp', timestampMs: 2500 } })).records)).toEqual(['p0', 'o2', 'o3', 'o4']);
    expect(values((await api['topics.consume']({ topic: 'orders', from: { type: 'timestamp', timestampMs: 99_000 } })).records)).toEqual([]);
    expect(values((await api['topics.consume']({ topic: 'orders', from: { type: 'beginning' }, limit: 2 })).records)).toEqual(['o0', 'o1']);
  });

  it('cuts long values to a 64 KiB preview and says so', async () => {
    await kit.client.api['topics.create']({ name: 'big' });
    const long = 'é'.repeat(40_000); // 80 000 bytes
    await kit.client.api['topics.produce']({ topic: 'big', key: 'k', value: long });
    const [record] = (await kit.client.api['topics.consume']({ topic: 'big', from: { type: 'beginning' } })).records;
    expect(record).toMatchObject({ valueBytes: 80_000, truncated: true });
    expect(record!.value).toBe('é'.repeat(PREVIEW_MAX_BYTES / 2));
    expect(utf8Preview(Buffer.from('aé'), 2)).toEqual({ text: 'a', truncated: true });
  });

  it('names the topic in errors: unknown topics, missing partitions, duplicates, bad names', async () => {
    const api = kit.client.api;
    const calls = [
      api['topics.describe']({ name: 'ghost' }),
      api['topics.delete']({ name: 'ghost' }),
      api['topics.consume']({ topic: 'ghost', from: { type: 'beginning' } }),
      api['topics.produce']({ topic: 'ghost', key: null, value: 'x' }),
    ];
    for (const call of calls) {
      const error = await engineError(call);
      expect(error).toMatchObject({ code: 'KAFKA_UNKNOWN_TOPIC_OR_PARTITION', domain: 'user' });
      expect(error.message).toContain('"ghost"');
    }
    await api['topics.create']({ name: 'one' });
    const partition = await engineError(api['topics.produce']({ topic: 'one', partition: 4, key: null, value: 'x' }));
    expect(partition.message).toBe('topic "one" has no partition 4 (it has 1)');
    expect((await engineError(api['topics.consume']({ topic: 'one', partition: 1, from: { type: 'beginning' } }))).message).toContain('"one"');
    const duplicate = await engineError(api['topics.create']({ name: 'one' }));
    expect(duplicate).toMatchObject({ code: 'KAFKA_TOPIC_ALREADY_EXISTS', message: 'topic "one" already exists' });
    const badName = await engineError(api['topics.create']({ name: 'no spaces' }));
    expect(badName).toMatchObject({ code: 'KAFKA_INVALID_TOPIC_EXCEPTION', domain: 'user' });
    expect(badName.message).toContain('"no spaces"');
    const badConfig = await engineError(api['topics.create']({ name: 'two', configs: { 'retention.ms': 'soon' } }));
    expect(badConfig.code).toBe('KAFKA_INVALID_CONFIG');
    expect(badConfig.message).toContain('"two"');
  });
});
