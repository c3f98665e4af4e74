import { describe, expect, it } from 'vitest';
import { Branched, Serdes, StreamsBuilder, TopologyTestDriver, keyValue, type TestOutputTopic } from '../index.js';

const S = Serdes.String();
const kvt = <K, V>(key: K, value: V, timestamp: number) => ({ key, value, timestamp });
const read = <K, V>(out: TestOutputTopic<K, V>) => out.readRecordsToList().map((r) => kvt(r.key, r.value, r.timestamp));

describe('stateless KStream operations', () => {
  it('filter, filterNot, mapValues, map, selectKey, flatMap, flatMapValues and peek pass timestamps and headers through', () => {
    const builder = new StreamsBuilder();
    const seen: string[] = [];
    const input = builder.stream('in', { keySerde: S, valueSerde: S });
    input.filter((_k, v) => v.length > 1).mapValues((v) => v.toUpperCase()).to('filtered', { keySerde: S, valueSerde: S });
    input.filterNot((_k, v) => v.length > 1).to('short', { keySerde: S, valueSerde: S });
    input.map((k, v) => keyValue(v, k)).to('swapped', { keySerde: S, valueSerde: S });
    input.selectKey((_k, v) => v[0] ?? '').to('rekeyed', { keySerde: S, valueSerde: S });
    input.flatMap((k, v) => [...v].map((c) => keyValue(`${k}-${c}`, c))).to('chars', { keySerde: S, valueSerde: S });
    input.flatMapValues((v) => [v, v]).peek((k, v) => seen.push(`${k}=${v}`)).to('twice', { keySerde: S, valueSerde: S });
    const driver = new TopologyTestDriver(builder.build());
    const topic = driver.createInputTopic('in', S, S);
    topic.pipeInput('a', 'xy', 5, [{ key: 'h', value: Buffer.from('1') }]);
    topic.pipeInput('b', 'z', 7);

    const filtered = driver.createOutputTopic('filtered', S, S);
    const first = filtered.readRecord();
    expect(first).toEqual({ key: 'a', value: 'XY', timestamp: 5, headers: [{ key: 'h', value: Buffer.from('1') }] });
    expect(filtered.isEmpty()).toBe(true);
    expect(read(driver.createOutputTopic('short', S, S))).toEqual([kvt('b', 'z', 7)]);
    expect(read(driver.createOutputTopic('swapped', S, S))).toEqual([kvt('xy', 'a', 5), kvt('z', 'b', 7)]);
    expect(read(driver.createOutputTopic('rekeyed', S, S))).toEqual([kvt('x', 'xy', 5), kvt('z', 'z', 7)]);
    expect(read(driver.createOutputTopic('chars', S, S))).toEqual([kvt('a-x', 'x', 5), kvt('a-y', 'y', 5), kvt('b-z', 'z', 7)]);
    expect(read(driver.createOutputTopic('twice', S, S))).toEqual([kvt('a', 'xy', 5), kvt('a', 'xy', 5), kvt('b', 'z', 7), kvt('b', 'z', 7)]);
    expect(seen).toEqual(['a=xy', 'a=xy', 'b=z', 'b=z']);
    driver.close();
  });

  it('split routes each record to the first matching branch, else to the default branch', () => {
    const builder = new StreamsBuilder();
    const branches = builder
      .stream<string, number>('numbers', { keySerde: S, valueSerde: Serdes.Int32() })
      .split({ name: 'sign-' })
      .branch((_k, v) => v < 0, Branched.as('negative'))
      .branch((_k, v) => v === 0, Branched.withConsumer((s) => s.to('zeros', { keySerde: S, valueSerde: Serdes.Int32() })))
      .branch((_k, v) => v > 100, Branched.withFunction((s) => s.mapValues((v) => v * 2), 'big'))
      .defaultBranch();
    expect([...branches.keys()]).toEqual(['sign-negative', 'sign-big', 'sign-0']);
    branches.get('sign-negative')!.to('negative', { valueSerde: Serdes.Int32() });
    branches.get('sign-big')!.to('big', { valueSerde: Serdes.Int32() });
    branches.get('sign-0')!.to('rest', { valueSerde: Serdes.Int32() });
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('numbers', S, Serdes.Int32());
    for (const [i, v] of [-1, 0, 5, 101, -7].entries()) input.pipeInput(`k${i}`, v, i);
    const I = Serdes.Int32();
    expect(read(driver.createOutputTopic('negative', S, I))).toEqual([kvt('k0', -1, 0), kvt('k4', -7, 4)]);
    expect(read(driver.createOutputTopic('zeros', S, I))).toEqual([kvt('k1', 0, 1)]);
    expect(read(driver.createOutputTopic('big', S, I))).toEqual([kvt('k3', 202, 3)]);
    expect(read(driver.createOutputTopic('rest', S, I))).toEqual([kvt('k2', 5, 2)]);
  });

  it('names branches like Kafka when none are given, and noDefaultBranch drops unmatched records', () => {
    const builder = new StreamsBuilder();
    const branches = builder.stream<string, string>('in', { keySerde: S, valueSerde: S }).split().branch((_k, v) => v === 'a').noDefaultBranch();
    expect([...branches.keys()]).toEqual(['KSTREAM-BRANCH-00000000011']);
    branches.get('KSTREAM-BRANCH-00000000011')!.to('out');
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('in', S, S);
    input.pipeInput('1', 'a', 1);
    input.pipeInput('2', 'b', 2);
    expect(read(driver.createOutputTopic('out', S, S))).toEqual([kvt('1', 'a', 1)]);
  });

  it("merge interleaves both inputs in processing order, and keeps neither input's serdes (Kafka's KStreamImpl#merge)", () => {
    const builder = new StreamsBuilder(); // default serdes: JSON
    const a = builder.stream<string, string>('a', { keySerde: S, valueSerde: S });
    const b = builder.stream<string, string>('b', { keySerde: S, valueSerde: S });
    const merged = a.merge(b);
    merged.to('merged', { keySerde: S, valueSerde: S });
    merged.to('merged-default');
    const driver = new TopologyTestDriver(builder.build());
    driver.createInputTopic('a', S, S).pipeInput('x', '1', 10);
    driver.createInputTopic('b', S, S).pipeInput('y', '2', 5);
    driver.createInputTopic('a', S, S).pipeInput('z', '3', 7);
    expect(read(driver.createOutputTopic('merged', S, S))).toEqual([kvt('x', '1', 10), kvt('y', '2', 5), kvt('z', '3', 7)]);
    expect(driver.capturedRecords('merged-default').map((r) => `${r.key?.toString()}=${r.value?.toString()}`)).toEqual(['"x"="1"', '"y"="2"', '"z"="3"']);
  });

  it('uses the builder default serdes (JSON) when none are given, and a custom partitioner', () => {
    const builder = new StreamsBuilder();
    builder.stream<{ id: number }, { n: number }>('in').mapValues((v) => ({ n: v.n + 1 })).to('out', { partitioner: (_t, key, _v, count) => key.id % count });
    const driver = new TopologyTestDriver(builder.build(), { partitionCounts: { out: 4 } });
    driver.createInputTopic('in', Serdes.JSON<{ id: number }>(), Serdes.JSON<{ n: number }>()).pipeInput({ id: 7 }, { n: 1 }, 3);
    expect(driver.capturedRecords('out').map((r) => r.partition)).toEqual([3]);
    expect(driver.createOutputTopic('out', Serdes.JSON(), Serdes.JSON()).readKeyValue()).toEqual({ key: { id: 7 }, value: { n: 2 } });
  });

  it('rejects piping into a topic the topology does not read', () => {
    const builder = new StreamsBuilder();
    builder.stream('in').to('out');
    const driver = new TopologyTestDriver(builder.build());
    expect(() => driver.createInputTopic('nope', S, S).pipeInput('k', 'v', 0)).toThrow(/Unknown topic: nope/);
  });
  it("uses up a generated name's index also for a named operation, so later generated names match Kafka's (StreamsBuilderTest)", () => {
    const names = (build: (b: StreamsBuilder) => void) => {
      const builder = new StreamsBuilder();
      build(builder);
      return [...builder.build().nodes.keys()];
    };
    expect(names((b) => (b.stream('stream-topic', { name: 'source-node' }), b.stream('stream-topic-two')))).toEqual(['source-node', 'KSTREAM-SOURCE-0000000001']);
    expect(
      names((b) => {
        const s = b.stream('stream-topic');
        s.to('stream-topic-two', { name: 'sink-processor' });
        s.to('stream-topic-two');
      }),
    ).toEqual(['KSTREAM-SOURCE-0000000000', 'sink-processor', 'KSTREAM-SINK-0000000002']);
    expect(names((b) => (b.table('stream-topic', { name: 'source-node' }), b.table('stream-topic-two')))).toEqual([
      'source-node-source',
      'source-node',
      'KSTREAM-SOURCE-0000000004',
      'KTABLE-SOURCE-0000000005',
    ]);
    expect(names((b) => b.stream('in').filter(() => true, { name: 'f' }).mapValues((v) => v).to('out'))).toEqual([
      'KSTREAM-SOURCE-0000000000',
      'f',
      'KSTREAM-MAPVALUES-0000000002',
      'KSTREAM-SINK-0000000003',
    ]);
  });
});
