import { describe, expect, it } from 'vitest';
import { Serdes, StreamsBuilder, TopologyTestDriver, type KTable, type Serde } from '../index.js';

const L = Serdes.Int64();
const S = Serdes.String();
const K = 0;
const joiner = (a: string | null, b: string | null) => `${a}-${b}`;
type Row = [topic: 'left' | 'right', value: string | null, ts: number];
type Out = [value: string | null, ts: number] | null;

/** AbstractJoinIntegrationTest#input (with out-of-order data). */
const INPUT: Row[] = [
  ['left', null, 1],
  ['right', null, 2],
  ['left', 'A', 3],
  ['right', 'a', 4],
  ['left', 'B', 5],
  ['right', 'b', 6],
  ['left', null, 7],
  ['right', null, 8],
  ['left', 'C', 9],
  ['right', 'c', 10],
  ['right', null, 11],
  ['left', null, 12],
  ['right', null, 13],
  ['right', 'd', 7],
  ['left', 'D', 6],
  ['left', null, 2],
  ['right', null, 3],
  ['right', 'e', 14],
  ['left', 'E', 15],
  ['left', null, 10],
  ['right', null, 9],
  ['left', 'F', 4],
  ['right', 'f', 3],
];

function runTables(join: (l: KTable<number, string>, r: KTable<number, string>) => KTable<number, string>, expected: Out[], final: [string, number]): void {
  const builder = new StreamsBuilder();
  const left = builder.table<number, string>('left', { keySerde: L, valueSerde: S }, { storeName: 'left', loggingEnabled: false });
  const right = builder.table<number, string>('right', { keySerde: L, valueSerde: S }, { storeName: 'right', loggingEnabled: false });
  join(left, right).toStream().to('output', { keySerde: L, valueSerde: S });
  const driver = new TopologyTestDriver(builder.build());
  const topics = { left: driver.createInputTopic('left', L, S), right: driver.createInputTopic('right', L, S) };
  const output = driver.createOutputTopic('output', L, S);
  const base = 1_000_000;
  INPUT.forEach(([topic, value, ts], i) => {
    topics[topic].pipeInput(K, value, base + ts);
    const got = output.readRecordsToList().map((r) => [r.key, r.value, r.timestamp - base]);
    const want = expected[i];
    expect(got, `after input ${i} (${topic} ${value}@${ts})`).toEqual(want ? [[K, want[0], want[1]]] : []);
  });
  const store = driver.getTimestampedKeyValueStore<number, string>('join-store').all();
  expect(store).toEqual([{ key: K, value: { value: final[0], timestamp: base + final[1] } }]);
}

describe('table-table joins (Kafka TableTableJoinIntegrationTest, caching disabled)', () => {
  it('inner join', () => {
    runTables(
      (l, r) => l.join(r, joiner, { storeName: 'join-store' }),
      [null, null, null, ['A-a', 4], ['B-a', 5], ['B-b', 6], [null, 7], null, null, ['C-c', 10], [null, 11], null, null, null, ['D-d', 7], [null, 7], null, null, ['E-e', 15], [null, 14], null, null, ['F-f', 4]],
      ['F-f', 4],
    );
  });

  it('left join', () => {
    runTables(
      (l, r) => l.leftJoin(r, joiner, { storeName: 'join-store' }),
      [
        null,
        null,
        ['A-null', 3],
        ['A-a', 4],
        ['B-a', 5],
        ['B-b', 6],
        [null, 7],
        null,
        ['C-null', 9],
        ['C-c', 10],
        ['C-null', 11],
        [null, 12],
        null,
        null,
        ['D-d', 7],
        [null, 7],
        null,
        null,
        ['E-e', 15],
        [null, 14],
        null,
        ['F-null', 4],
        ['F-f', 4],
      ],
      ['F-f', 4],
    );
  });

  it('outer join', () => {
    runTables(
      (l, r) => l.outerJoin(r, joiner, { storeName: 'join-store' }),
      [
        null,
        null,
        ['A-null', 3],
        ['A-a', 4],
        ['B-a', 5],
        ['B-b', 6],
        ['null-b', 7],
        [null, 8],
        ['C-null', 9],
        ['C-c', 10],
        ['C-null', 11],
        [null, 12],
        null,
        ['null-d', 7],
        ['D-d', 7],
        ['null-d', 7],
        [null, 3],
        ['null-e', 14],
        ['E-e', 15],
        ['null-e', 14],
        [null, 9],
        ['F-null', 4],
        ['F-f', 4],
      ],
      ['F-f', 4],
    );
  });
});

describe('stream-table joins', () => {
  function setup(left: boolean) {
    const builder = new StreamsBuilder();
    const users = builder.table<string, string>('users', { keySerde: S, valueSerde: S });
    const clicks = builder.stream<string, string>('clicks', { keySerde: S, valueSerde: S });
    const enrich = (click: string, region: string | null) => `${click}@${region}`;
    (left ? clicks.leftJoin(users, enrich) : clicks.join(users, enrich)).to('out', { keySerde: S, valueSerde: S });
    const topology = builder.build();
    const driver = new TopologyTestDriver(topology);
    return { topology, driver, users: driver.createInputTopic('users', S, S), clicks: driver.createInputTopic('clicks', S, S), out: driver.createOutputTopic('out', S, S) };
  }

  const script = (t: ReturnType<typeof setup>) => {
    t.clicks.pipeInput('alice', 'c1', 10); // no user yet
    t.users.pipeInput('alice', 'eu', 20); // table updates never trigger output
    t.clicks.pipeInput('alice', 'c2', 15); // lookup at processing time; the stream record's timestamp
    t.users.pipeInput('alice', 'us', 30);
    t.clicks.pipeInput('alice', 'c3', 31);
    t.users.pipeInput('alice', null, 40); // tombstone deletes
    t.clicks.pipeInput('alice', 'c4', 41);
    t.clicks.pipeInput('alice', null, 42); // null values are skipped
    t.clicks.pipeInput(null, 'c5', 43); // null keys: skipped by inner, (v, null) for left
    return t.out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
  };

  it('inner join emits only on a match, at the stream timestamp; the table is materialized and shares the sub-topology', () => {
    const t = setup(false);
    expect(script(t)).toEqual([
      ['alice', 'c2@eu', 15],
      ['alice', 'c3@us', 31],
    ]);
    expect(t.topology.subtopologies()).toHaveLength(1);
    expect(t.topology.describe().toString()).toContain('Processor: KSTREAM-JOIN-0000000004 (stores: [users-STATE-STORE-0000000000])');
    expect(t.driver.metrics()[0]!.nodes.find((n) => n.node === 'KSTREAM-JOIN-0000000004')!.droppedRecords).toBe(2);
  });

  it('left join emits (v, null) without a match', () => {
    expect(script(setup(true))).toEqual([
      ['alice', 'c1@null', 10],
      ['alice', 'c2@eu', 15],
      ['alice', 'c3@us', 31],
      ['alice', 'c4@null', 41],
      [null, 'c5@null', 43],
    ]);
  });
});

describe('KTable operations', () => {
  it('table updates and tombstones flow to toStream; an unmaterialized filter forwards tombstones for filtered-out updates', () => {
    const builder = new StreamsBuilder();
    const table = builder.table<string, string>('t', { keySerde: S, valueSerde: S });
    table.toStream().to('all', { keySerde: S, valueSerde: S });
    table.filter((_k, v) => v.startsWith('keep')).toStream().to('kept', { keySerde: S, valueSerde: S });
    table.mapValues((v) => v.length).toStream().to('lengths', { keySerde: S, valueSerde: Serdes.Int32() });
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('t', S, S);
    input.pipeInput('a', 'keep-1', 1);
    input.pipeInput('a', 'drop', 2);
    input.pipeInput('b', 'drop', 3);
    input.pipeInput('a', null, 4);
    input.pipeInput(null, 'no-key', 5);
    const rows = (topic: string, serde: Serde<unknown> = S as Serde<unknown>) =>
      driver
        .createOutputTopic(topic, S, serde)
        .readRecordsToList()
        .map((r) => [r.key, r.value, r.timestamp]);
    expect(rows('all')).toEqual([
      ['a', 'keep-1', 1],
      ['a', 'drop', 2],
      ['b', 'drop', 3],
      ['a', null, 4],
    ]);
    expect(rows('kept')).toEqual([
      ['a', 'keep-1', 1],
      ['a', null, 2],
      ['b', null, 3],
      ['a', null, 4],
    ]);
    expect(rows('lengths', Serdes.Int32() as Serde<unknown>)).toEqual([
      ['a', 6, 1],
      ['a', 4, 2],
      ['b', 4, 3],
      ['a', null, 4],
    ]);
  });

  it('a filter over a materialized table sends old values and drops tombstones for keys that never passed', () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, string>('t', { keySerde: S, valueSerde: S }, { storeName: 'source' })
      .filter((_k, v) => v.startsWith('keep'), { storeName: 'filtered' })
      .toStream()
      .to('kept', { keySerde: S, valueSerde: S });
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('t', S, S);
    input.pipeInput('a', 'keep-1', 1);
    input.pipeInput('b', 'drop', 2);
    input.pipeInput('a', 'drop', 3);
    expect(driver.createOutputTopic('kept', S, S).readKeyValuesToList()).toEqual([
      { key: 'a', value: 'keep-1' },
      { key: 'a', value: null },
    ]);
    expect(driver.getKeyValueStore('filtered').all()).toEqual([]);
    expect(driver.getKeyValueStore('source').all()).toEqual([
      { key: 'a', value: 'drop' },
      { key: 'b', value: 'drop' },
    ]);
  });

  it('groupBy + aggregate subtracts the old value before adding the new one; tombstones only subtract', () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, string>('users', { keySerde: S, valueSerde: S })
      .groupBy((user, region) => ({ key: region, value: user }), { keySerde: S, valueSerde: S })
      .count({ storeName: 'per-region' })
      .toStream()
      .to('counts', { keySerde: S, valueSerde: L });
    const topology = builder.build();
    expect(topology.repartitionTopicNames()).toEqual(['per-region-repartition']);
    const driver = new TopologyTestDriver(topology);
    const input = driver.createInputTopic('users', S, S);
    input.pipeInput('alice', 'eu', 1);
    input.pipeInput('bob', 'eu', 2);
    input.pipeInput('alice', 'us', 3);
    input.pipeInput('bob', null, 4);
    expect(
      driver
        .createOutputTopic('counts', S, L)
        .readRecordsToList()
        .map((r) => [r.key, r.value, r.timestamp]),
    ).toEqual([
      ['eu', 1, 1],
      ['eu', 2, 2],
      ['eu', 1, 3],
      ['us', 1, 3],
      ['eu', 0, 4],
    ]);
    expect(driver.getKeyValueStore('per-region').get('us')).toBe(1);
  });

  it('groupBy + reduce with adder and subtractor', () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, number>('balances', { keySerde: S, valueSerde: Serdes.Int32() })
      .groupBy((account, balance) => ({ key: account.split('/')[0] ?? '', value: balance }), { keySerde: S, valueSerde: Serdes.Int32() })
      .reduce(
        (a, b) => a + b,
        (a, b) => a - b,
      )
      .toStream()
      .to('totals', { keySerde: S, valueSerde: Serdes.Int32() });
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('balances', S, Serdes.Int32());
    input.pipeInput('acme/1', 10, 1);
    input.pipeInput('acme/2', 5, 2);
    input.pipeInput('acme/1', 7, 3);
    expect(driver.createOutputTopic('totals', S, Serdes.Int32()).readValuesToList()).toEqual([10, 15, 12]);
  });
});
