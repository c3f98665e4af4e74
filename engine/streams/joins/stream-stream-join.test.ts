import { describe, expect, it } from 'vitest';
import { JoinWindows, Serdes, StreamsBuilder, TopologyTestDriver, type KStream } from '../index.js';

const L = Serdes.Int64();
const S = Serdes.String();
const K = 0; // Kafka's ANY_UNIQUE_KEY
const joiner = (a: string | null, b: string | null) => `${a}-${b}`;
type Row = [topic: 'left' | 'right', key: number | null, value: string | null, ts: number];
type Out = [key: number | null, value: string, ts: number][] | null;

/** AbstractJoinIntegrationTest#inputWithoutOutOfOrderData. */
const INPUT: Row[] = [
  ['left', K, null, 1],
  ['right', K, null, 2],
  ['left', K, 'A', 3],
  ['right', K, 'a', 4],
  ['left', K, 'B', 5],
  ['right', K, 'b', 6],
  ['left', K, null, 7],
  ['right', K, null, 8],
  ['left', K, 'C', 9],
  ['right', K, 'c', 10],
  ['right', K, null, 11],
  ['left', K, null, 12],
  ['right', K, null, 13],
  ['right', K, 'd', 14],
  ['left', K, 'D', 15],
  ['left', null, 'E', 16],
  ['right', null, 'e', 17],
];

const COMMON: Out[] = [
  null,
  null,
  null,
  [[K, 'A-a', 4]],
  [[K, 'B-a', 5]],
  [
    [K, 'A-b', 6],
    [K, 'B-b', 6],
  ],
  null,
  null,
  [
    [K, 'C-a', 9],
    [K, 'C-b', 9],
  ],
  [
    [K, 'A-c', 10],
    [K, 'B-c', 10],
    [K, 'C-c', 10],
  ],
  null,
  null,
  null,
  [
    [K, 'A-d', 14],
    [K, 'B-d', 14],
    [K, 'C-d', 14],
  ],
  [
    [K, 'D-a', 15],
    [K, 'D-b', 15],
    [K, 'D-c', 15],
    [K, 'D-d', 15],
  ],
];

function run(build: (left: KStream<number, string>, right: KStream<number, string>) => KStream<number, string>, input: Row[], expected: Out[], base = 1_000_000): void {
  const builder = new StreamsBuilder();
  const left = builder.stream<number, string>('left', { keySerde: L, valueSerde: S });
  const right = builder.stream<number, string>('right', { keySerde: L, valueSerde: S });
  build(left, right).to('output', { keySerde: L, valueSerde: S });
  const driver = new TopologyTestDriver(builder.build());
  const topics = { left: driver.createInputTopic('left', L, S), right: driver.createInputTopic('right', L, S) };
  const output = driver.createOutputTopic('output', L, S);
  input.forEach(([topic, key, value, ts], i) => {
    topics[topic].pipeInput(key, value, base + ts);
    const got = output.readRecordsToList().map((r) => [r.key, r.value, r.timestamp - base]);
    expect(got, `after input ${i} (${topic} ${value}@${ts})`).toEqual(expected[i] ?? []);
  });
  driver.close();
}

describe('stream-stream joins (Kafka StreamStreamJoinIntegrationTest, no out-of-order data)', () => {
  const windows = JoinWindows.ofTimeDifferenceAndGrace(10_000, 24 * 3_600_000);

  it('inner join', () => {
    run((l, r) => l.join(r, joiner, windows), INPUT, [...COMMON, null, null]);
  });

  it('left join (a null-key left record is emitted as a non-match at once)', () => {
    run((l, r) => l.leftJoin(r, joiner, windows), INPUT, [...COMMON, [[null, 'E-null', 16]], null]);
  });

  it('outer join', () => {
    run((l, r) => l.outerJoin(r, joiner, windows), INPUT, [...COMMON, [[null, 'E-null', 16]], [[null, 'null-e', 17]]]);
  });
});

describe('stream-stream join semantics of the DSL guide (15 s window, 5 s grace)', () => {
  // The guide's table, in seconds. Non-matches are emitted only once stream time has passed their
  // timestamp + window + grace (strictly: Kafka keeps the window open while ts + 15 s + 5 s >=
  // stream time), so the guide's trigger rows at 60, 80 and 100 s are taken 1, 2 and 3 ms later.
  const s = (seconds: number, ms = 0) => seconds * 1000 + ms;
  const INPUT_GUIDE: Row[] = [
    ['left', K, null, s(1)],
    ['right', K, null, s(2)],
    ['left', K, 'A', s(3)],
    ['right', K, 'a', s(4)],
    ['left', K, 'B', s(5)],
    ['right', K, 'b', s(6)],
    ['left', K, null, s(7)],
    ['right', K, null, s(8)],
    ['left', K, 'C', s(9)],
    ['right', K, 'c', s(10)],
    ['right', K, null, s(11)],
    ['left', K, null, s(12)],
    ['right', K, null, s(13)],
    ['right', K, 'd', s(14)],
    ['left', K, 'D', s(15)],
    ['left', K, 'E', s(40)],
    ['left', K, 'F', s(60, 1)],
    ['right', K, 'f', s(80, 2)],
    ['left', K, 'G', s(100, 3)],
  ];
  const joined = (pairs: string[], ts: number): Out => pairs.map((v) => [K, v, ts]);
  const COMMON_GUIDE: Out[] = [
    null,
    null,
    null,
    joined(['A-a'], s(4)),
    joined(['B-a'], s(5)),
    joined(['A-b', 'B-b'], s(6)),
    null,
    null,
    joined(['C-a', 'C-b'], s(9)),
    joined(['A-c', 'B-c', 'C-c'], s(10)),
    null,
    null,
    null,
    joined(['A-d', 'B-d', 'C-d'], s(14)),
    joined(['D-a', 'D-b', 'D-c', 'D-d'], s(15)),
    null,
  ];
  const windows = JoinWindows.ofTimeDifferenceAndGrace(15_000, 5_000);

  it('inner join never emits non-matches', () => {
    run((l, r) => l.join(r, joiner, windows), INPUT_GUIDE, [...COMMON_GUIDE, null, null, null], 0);
  });

  it('left join emits [E, null] and [F, null] once their windows close', () => {
    run((l, r) => l.leftJoin(r, joiner, windows), INPUT_GUIDE, [...COMMON_GUIDE, joined(['E-null'], s(40)), joined(['F-null'], s(60, 1)), null], 0);
  });

  it('outer join also emits [null, f] once its window closes', () => {
    run((l, r) => l.outerJoin(r, joiner, windows), INPUT_GUIDE, [...COMMON_GUIDE, joined(['E-null'], s(40)), joined(['F-null'], s(60, 1)), joined(['null-f'], s(80, 2))], 0);
  });

  it('keeps a non-match while its window is still open at exactly ts + window + grace', () => {
    const atBoundary: Row[] = [
      ['left', K, 'E', s(40)],
      ['left', K, 'F', s(60)],
      ['left', K, 'G', s(60, 1)],
    ];
    run((l, r) => l.leftJoin(r, joiner, windows), atBoundary, [null, null, joined(['E-null'], s(40))], 0);
  });
});

describe('stream-stream join details', () => {
  it('joins every match within [t - before, t + after] and drops late records outside the store retention', () => {
    const builder = new StreamsBuilder();
    const left = builder.stream<string, string>('left', { keySerde: S, valueSerde: S });
    const right = builder.stream<string, string>('right', { keySerde: S, valueSerde: S });
    left.join(right, (a, b, k) => `${k}:${a}+${b}`, JoinWindows.ofTimeDifferenceWithNoGrace(10).before(0)).to('out', { keySerde: S, valueSerde: S });
    const driver = new TopologyTestDriver(builder.build());
    const l = driver.createInputTopic('left', S, S);
    const r = driver.createInputTopic('right', S, S);
    r.pipeInput('k', 'r5', 5);
    l.pipeInput('k', 'l10', 10); // right records may be earlier by 0 only: r5 does not join
    r.pipeInput('k', 'r15', 15); // joins l10 (15 - 10 <= after)
    r.pipeInput('k', 'r25', 25); // too late for l10
    l.pipeInput('k', 'l20', 20); // joins r25 (and r15? no: before = 0)
    const out = driver.createOutputTopic('out', S, S).readRecordsToList().map((x) => [x.value, x.timestamp]);
    expect(out).toEqual([
      ['k:l10+r15', 15],
      ['k:l20+r25', 25],
    ]);
  });

  it('requires both sides co-partitioned and repartitions a re-keyed side first', () => {
    const builder = new StreamsBuilder();
    const left = builder.stream<string, string>('left', { keySerde: S, valueSerde: S }).selectKey((_k, v) => v);
    const right = builder.stream<string, string>('right', { keySerde: S, valueSerde: S });
    left.join(right, (a, b) => `${a}${b}`, JoinWindows.ofTimeDifferenceWithNoGrace(100), { name: 'j', keySerde: S }).to('out', { keySerde: S, valueSerde: S });
    const topology = builder.build();
    expect(topology.repartitionTopicNames()).toEqual(['j-left-repartition']);
    expect(topology.copartitionGroups()).toEqual([['j-left-repartition', 'right']]);
    const driver = new TopologyTestDriver(topology);
    driver.createInputTopic('right', S, S).pipeInput('x', '!', 1);
    driver.createInputTopic('left', S, S).pipeInput('ignored', 'x', 2);
    expect(driver.createOutputTopic('out', S, S).readKeyValuesToList()).toEqual([{ key: 'x', value: 'x!' }]);
  });
  it('joins of one re-keyed stream share its repartition topic when they name none, as Kafka reuses repartitionNode', () => {
    const builder = new StreamsBuilder();
    const one = builder.stream<string, string>('topic', { keySerde: S, valueSerde: S });
    const two = builder.stream<string, string>('topic2', { keySerde: S, valueSerde: S });
    const three = builder.stream<string, string>('topic3', { keySerde: S, valueSerde: S });
    const rekeyed = one.map((k, v) => ({ key: v, value: k }));
    const windows = JoinWindows.ofTimeDifferenceWithNoGrace(100);
    rekeyed.join(two, (a, b) => `${a}${b}`, windows).to('out-one', { keySerde: S, valueSerde: S });
    rekeyed.join(three, (a, b) => `${a}${b}`, windows).to('out-two', { keySerde: S, valueSerde: S });
    const topology = builder.build();
    expect(topology.repartitionTopicNames()).toEqual(['KSTREAM-MAP-0000000003-repartition']);
    // Kafka's KStreamKStreamJoinTest#shouldReuseRepartitionTopicWithGeneratedName: one source feeds both
    // joins, and the second join's names skip the three a new repartition topic would have taken.
    const text = topology.describe().toString();
    expect(text).toContain('Source: KSTREAM-SOURCE-0000000006 (topics: [KSTREAM-MAP-0000000003-repartition])\n      --> KSTREAM-WINDOWED-0000000007, KSTREAM-WINDOWED-0000000016');
    expect(text).toContain('Sink: KSTREAM-SINK-0000000021 (topic: out-two)');

    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    driver.createInputTopic('topic2', S, S).pipeInput('x', 'two', 1);
    driver.createInputTopic('topic3', S, S).pipeInput('x', 'three', 1);
    driver.createInputTopic('topic', S, S).pipeInput('k', 'x', 2);
    expect(driver.capturedRecords('app-KSTREAM-MAP-0000000003-repartition')).toHaveLength(1);
    expect(driver.createOutputTopic('out-one', S, S).readKeyValuesToList()).toEqual([{ key: 'x', value: 'ktwo' }]);
    expect(driver.createOutputTopic('out-two', S, S).readKeyValuesToList()).toEqual([{ key: 'x', value: 'kthree' }]);
  });

  it('named joins of one re-keyed stream each get their own repartition topic', () => {
    const builder = new StreamsBuilder();
    const rekeyed = builder.stream<string, string>('topic', { keySerde: S, valueSerde: S }).map((k, v) => ({ key: v, value: k }));
    const two = builder.stream<string, string>('topic2', { keySerde: S, valueSerde: S });
    const three = builder.stream<string, string>('topic3', { keySerde: S, valueSerde: S });
    const windows = JoinWindows.ofTimeDifferenceWithNoGrace(100);
    rekeyed.join(two, (a, b) => `${a}${b}`, windows, { name: 'first-join', keySerde: S }).to('out-one', { keySerde: S, valueSerde: S });
    rekeyed.join(three, (a, b) => `${a}${b}`, windows, { name: 'second-join', keySerde: S }).to('out-two', { keySerde: S, valueSerde: S });
    const topology = builder.build();
    expect(topology.repartitionTopicNames().sort()).toEqual(['first-join-left-repartition', 'second-join-left-repartition']);
    // Kafka's expectedTopologyWithUserNamedRepartitionTopics: named nodes still use up their indexes.
    const text = topology.describe().toString();
    expect(text).toContain('Processor: first-join-this-windowed (stores: [KSTREAM-JOINTHIS-0000000009-store])');
    expect(text).toContain('Processor: second-join-other-windowed (stores: [KSTREAM-JOINOTHER-0000000019-store])');
    expect(text).toContain('Sink: KSTREAM-SINK-0000000021 (topic: out-two)');
  });

  it("a stream-table join of a stream another join repartitioned reads that stream's repartition topic", () => {
    const builder = new StreamsBuilder();
    const rekeyed = builder.stream<string, string>('clicks', { keySerde: S, valueSerde: S }).selectKey((_k, v) => v);
    const users = builder.table<string, string>('users', { keySerde: S, valueSerde: S });
    const regions = builder.table<string, string>('regions', { keySerde: S, valueSerde: S });
    rekeyed.join(users, (click, user) => `${click}/${user}`).to('with-user', { keySerde: S, valueSerde: S });
    rekeyed.leftJoin(regions, (click, region) => `${click}/${region}`).to('with-region', { keySerde: S, valueSerde: S });
    const topology = builder.build();
    expect(topology.repartitionTopicNames()).toHaveLength(1);
    const driver = new TopologyTestDriver(topology);
    driver.createInputTopic('users', S, S).pipeInput('u1', 'Ann', 1);
    driver.createInputTopic('clicks', S, S).pipeInput('c1', 'u1', 2);
    expect(driver.createOutputTopic('with-user', S, S).readKeyValuesToList()).toEqual([{ key: 'u1', value: 'u1/Ann' }]);
    expect(driver.createOutputTopic('with-region', S, S).readKeyValuesToList()).toEqual([{ key: 'u1', value: 'u1/null' }]);
  });

  it("a join's result keeps no input's key serde (Kafka's KStreamImplJoin): downstream falls back to the default", () => {
    const builder = new StreamsBuilder(); // default serdes: JSON
    const left = builder.stream<string, string>('left', { keySerde: S, valueSerde: S });
    const right = builder.stream<string, string>('right', { keySerde: S, valueSerde: S });
    left.join(right, (a, b) => `${a}${b}`, JoinWindows.ofTimeDifferenceWithNoGrace(10)).to('out', { valueSerde: S });
    left.join(right, (a, b) => `${a}${b}`, JoinWindows.ofTimeDifferenceWithNoGrace(10), { keySerde: S }).to('out-string-keys', { valueSerde: S });
    const driver = new TopologyTestDriver(builder.build());
    driver.createInputTopic('left', S, S).pipeInput('k', 'a', 1);
    driver.createInputTopic('right', S, S).pipeInput('k', 'b', 2);
    expect(driver.capturedRecords('out').map((r) => r.key?.toString())).toEqual(['"k"']);
    expect(driver.capturedRecords('out-string-keys').map((r) => r.key?.toString())).toEqual(['k']);
  });

  it("a stream-table join's result takes the key serde given in Joined (Kafka's doStreamTableJoin), else the stream's", () => {
    const builder = new StreamsBuilder();
    const clicks = builder.stream<string, string>('clicks', { keySerde: S, valueSerde: S });
    const users = builder.table<string, string>('users', { keySerde: S, valueSerde: S });
    clicks.join(users, (c, u) => `${c}/${u}`, { keySerde: Serdes.JSON<string>() }).to('joined-json', { valueSerde: S });
    clicks.join(users, (c, u) => `${c}/${u}`).to('joined', { valueSerde: S });
    const driver = new TopologyTestDriver(builder.build());
    driver.createInputTopic('users', S, S).pipeInput('u1', 'Ann', 1);
    driver.createInputTopic('clicks', S, S).pipeInput('u1', 'home', 2);
    expect(driver.capturedRecords('joined-json').map((r) => r.key?.toString())).toEqual(['"u1"']);
    expect(driver.capturedRecords('joined').map((r) => r.key?.toString())).toEqual(['u1']);
  });
});
