import { describe, expect, it } from 'vitest';
import { Serdes, StreamsBuilder, TimeWindows, TopologyTestDriver, type TestOutputTopic } from '../index.js';

const S = Serdes.String();
const L = Serdes.Int64();
const kvt = <K, V>(key: K, value: V, timestamp: number) => ({ key, value, timestamp });
const read = <K, V>(out: TestOutputTopic<K, V>) => out.readRecordsToList().map((r) => kvt(r.key, r.value, r.timestamp));

describe('automatic repartitioning and non-windowed aggregations', () => {
  it('selectKey then groupByKey goes through <app>-<store>-repartition, visible in describe() and carrying the records', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('clicks', { keySerde: S, valueSerde: S })
      .selectKey((_k, v) => v.split(':')[0] ?? '')
      .groupByKey({ keySerde: S })
      .count()
      .toStream()
      .to('clicks-per-user', { keySerde: S, valueSerde: L });
    const topology = builder.build();
    expect(topology.describe().toString()).toContain('Sink: KSTREAM-SINK-0000000004 (topic: KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition)');
    expect(topology.repartitionTopicNames()).toEqual(['KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition']);
    expect(topology.subtopologies()).toHaveLength(2);

    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    const input = driver.createInputTopic('clicks', S, S);
    input.pipeInput('s1', 'alice:home', 10);
    input.pipeInput('s2', 'bob:cart', 5);
    input.pipeInput('s3', 'alice:cart', 3);
    input.pipeInput('s4', 'alice:pay', 12);
    const repartition = driver.capturedRecords('app-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition');
    expect(repartition.map((r) => [r.key?.toString(), r.value?.toString(), r.timestamp])).toEqual([
      ['alice', 'alice:home', 10],
      ['bob', 'bob:cart', 5],
      ['alice', 'alice:cart', 3],
      ['alice', 'alice:pay', 12],
    ]);
    // The count's timestamp is the max input timestamp of its key.
    expect(read(driver.createOutputTopic('clicks-per-user', S, L))).toEqual([kvt('alice', 1, 10), kvt('bob', 1, 5), kvt('alice', 2, 10), kvt('alice', 3, 12)]);
    expect(driver.getKeyValueStore<string, number>('KSTREAM-AGGREGATE-STATE-STORE-0000000002').get('alice')).toBe(3);
    expect(driver.getTimestampedKeyValueStore<string, number>('KSTREAM-AGGREGATE-STATE-STORE-0000000002').get('alice')).toEqual({ value: 3, timestamp: 12 });
  });

  it('does not repartition groupByKey of an unchanged key; mapValues keeps co-partitioning', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in', { keySerde: S, valueSerde: S }).mapValues((v) => v.length).groupByKey({ valueSerde: Serdes.Int32() }).reduce((a, b) => a + b).toStream().to('out');
    const topology = builder.build();
    expect(topology.repartitionTopicNames()).toEqual([]);
    expect(topology.subtopologies()).toHaveLength(1);
  });

  it('skips null keys and values in aggregations (dropped-records metric), and reduce starts with the first value', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', { keySerde: S, valueSerde: S })
      .groupByKey()
      .reduce((agg, v) => `${agg}+${v}`, { storeName: 'concat' })
      .toStream()
      .to('out');
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('in', S, S);
    input.pipeInput('k', 'a', 1);
    input.pipeInput(null, 'x', 2);
    input.pipeInput('k', null, 3);
    input.pipeInput('k', 'b', 0);
    expect(read(driver.createOutputTopic('out', S, S))).toEqual([kvt('k', 'a', 1), kvt('k', 'a+b', 1)]);
    const reduce = driver.metrics()[0]!.nodes.find((n) => n.node === 'KSTREAM-REDUCE-0000000001')!;
    expect(reduce.droppedRecords).toBe(2);
    expect(reduce.recordsIn).toBe(4);
    expect(driver.getKeyValueStore('concat').get('k')).toBe('a+b');
  });

  it("the test driver's stores can be filled before input, as Kafka's store facades can: a count continues from what was put", () => {
    const builder = new StreamsBuilder();
    const grouped = builder.stream<string, string>('in', { keySerde: S, valueSerde: S }).groupByKey();
    grouped.count({ storeName: 'counts' }).toStream().to('out', { keySerde: S, valueSerde: L });
    grouped.windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count({ storeName: 'windowed' });
    const driver = new TopologyTestDriver(builder.build());
    driver.getKeyValueStore<string, number>('counts').put('a', 10);
    driver.getWindowStore<string, number>('windowed').put('a', 3, 0);
    // Written without a timestamp (Kafka's NO_TIMESTAMP).
    expect(driver.getTimestampedKeyValueStore<string, number>('counts').get('a')).toEqual({ value: 10, timestamp: -1 });
    driver.createInputTopic('in', S, S).pipeInput('a', 'x', 5);
    expect(read(driver.createOutputTopic('out', S, L))).toEqual([kvt('a', 11, 5)]);
    expect(driver.getWindowStore<string, number>('windowed').fetch('a', 0)).toBe(4);
    expect(driver.getWindowStore<string, number>('windowed').fetch(null, null, 0, 10).map((kv) => [kv.key.key, kv.value])).toEqual([['a', 4]]);
    driver.getKeyValueStore<string, number>('counts').putAll([{ key: 'b', value: 1 }]);
    expect(driver.getKeyValueStore<string, number>('counts').reverseAll()).toEqual([
      { key: 'b', value: 1 },
      { key: 'a', value: 11 },
    ]);
    expect(driver.getKeyValueStore<string, number>('counts').prefixScan('a', S)).toEqual([{ key: 'a', value: 11 }]);
    expect(driver.getKeyValueStore<string, number>('counts').delete('a')).toBe(11);
    expect(driver.getKeyValueStore<string, number>('counts').get('a')).toBeNull();
  });

  it('groupBy with a Grouped name repartitions through <name>-repartition, shared by every aggregation of it', () => {
    const builder = new StreamsBuilder();
    const grouped = builder.stream<string, number>('in', { keySerde: S, valueSerde: Serdes.Int32() }).groupBy((_k, v) => (v % 2 === 0 ? 'even' : 'odd'), { name: 'parity', keySerde: S });
    grouped.count().toStream().to('counts', { valueSerde: L });
    grouped.aggregate(() => 0, (_k, v, sum) => sum + v, { valueSerde: Serdes.Int32() }).toStream().to('sums', { valueSerde: Serdes.Int32() });
    const topology = builder.build();
    expect(topology.repartitionTopicNames()).toEqual(['parity-repartition']);
    const text = topology.describe().toString();
    expect(text).toContain('Processor: parity (stores: [])');
    expect(text).toContain('Sink: parity-repartition-sink (topic: parity-repartition)');
    const driver = new TopologyTestDriver(topology);
    const input = driver.createInputTopic('in', S, Serdes.Int32());
    [1, 2, 3, 4, 5].forEach((v, i) => input.pipeInput(`k${v}`, v, i * 10));
    expect(read(driver.createOutputTopic('counts', S, L))).toEqual([kvt('odd', 1, 0), kvt('even', 1, 10), kvt('odd', 2, 20), kvt('even', 2, 30), kvt('odd', 3, 40)]);
    expect(read(driver.createOutputTopic('sums', S, Serdes.Int32()))).toEqual([kvt('odd', 1, 0), kvt('even', 2, 10), kvt('odd', 4, 20), kvt('even', 6, 30), kvt('odd', 9, 40)]);
  });

  it('repartition() writes through <app>-<name>-repartition with a fixed partition count', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in', { keySerde: S, valueSerde: S }).repartition({ name: 'by-user', numberOfPartitions: 4 }).to('out');
    const topology = builder.build();
    expect(topology.repartitionTopicNames()).toEqual(['by-user-repartition']);
    expect(topology.resolvePartitionCounts({ in: 2 }).internalTopics.get('by-user-repartition')).toBe(4);
    const driver = new TopologyTestDriver(topology, { applicationId: 'shop' });
    driver.createInputTopic('in', S, S).pipeInput('u1', 'hello', 42);
    expect(driver.capturedRecords('shop-by-user-repartition')).toHaveLength(1);
    expect(read(driver.createOutputTopic('out', S, S))).toEqual([kvt('u1', 'hello', 42)]);
  });

  it('toTable after a key change repartitions, then upserts and deletes', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', { keySerde: S, valueSerde: S })
      .map((k, v) => ({ key: v, value: k }))
      .toTable({ storeName: 'latest', keySerde: S, valueSerde: S })
      .toStream()
      .to('out');
    const topology = builder.build();
    expect(topology.repartitionTopicNames()).toEqual(['KSTREAM-TOTABLE-0000000002-repartition']);
    const driver = new TopologyTestDriver(topology);
    const input = driver.createInputTopic('in', S, S);
    input.pipeInput('1', 'a', 1);
    input.pipeInput('2', 'a', 2);
    expect(read(driver.createOutputTopic('out', S, S))).toEqual([kvt('a', '1', 1), kvt('a', '2', 2)]);
    expect(driver.getKeyValueStore('latest').get('a')).toBe('2');
  });
});
