import { describe, expect, it } from 'vitest';
import {
  Serdes,
  SessionWindows,
  SlidingWindows,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
  TopologyTestDriver,
  formatWindowed,
  keyValue,
  type KTable,
  type TestOutputTopic,
  type Windowed,
} from '../index.js';

const S = Serdes.String();
const L = Serdes.Int64();
const kvt = <K, V>(key: K, value: V, timestamp: number) => ({ key, value, timestamp });
const read = <K, V>(out: TestOutputTopic<K, V>) => out.readRecordsToList().map((r) => kvt(r.key, r.value, r.timestamp));

/** Writes a windowed table as `[key@start/end]` strings, like Kafka's SuppressScenarioTest. */
function toStrings(table: KTable<Windowed<string>, number>, topic: string): void {
  table
    .toStream()
    .map((k, v) => keyValue(formatWindowed(k), v))
    .to(topic, { keySerde: S, valueSerde: L });
}

function pipe(driver: TopologyTestDriver, records: [string, number][]): void {
  const input = driver.createInputTopic('input', S, S);
  for (const [key, ts] of records) input.pipeInput(key, 'v1', ts);
}

function lateDrops(driver: TopologyTestDriver): number {
  return driver.metrics().reduce((n, t) => n + t.lateRecords, 0);
}

describe('time windows', () => {
  it('SuppressScenarioTest#shouldSupportFinalResultsForTimeWindows: raw updates and suppressed final results', () => {
    const builder = new StreamsBuilder();
    const counts = builder
      .stream<string, string>('input', { keySerde: S, valueSerde: S })
      .groupBy((k) => k, { keySerde: S, valueSerde: S })
      .windowedBy(TimeWindows.ofSizeAndGrace(2, 1))
      .count({ storeName: 'counts' });
    toStrings(counts.suppress(Suppressed.untilWindowCloses()), 'output-suppressed');
    toStrings(counts, 'output-raw');
    const driver = new TopologyTestDriver(builder.build());
    pipe(driver, [['k1', 0], ['k1', 1], ['k1', 2], ['k1', 1], ['k1', 0], ['k1', 5], ['k1', 0]]);
    expect(read(driver.createOutputTopic('output-raw', S, L))).toEqual([
      kvt('[k1@0/2]', 1, 0),
      kvt('[k1@0/2]', 2, 1),
      kvt('[k1@2/4]', 1, 2),
      kvt('[k1@0/2]', 3, 1),
      kvt('[k1@0/2]', 4, 1),
      kvt('[k1@4/6]', 1, 5),
    ]);
    expect(read(driver.createOutputTopic('output-suppressed', S, L))).toEqual([kvt('[k1@0/2]', 4, 1), kvt('[k1@2/4]', 1, 2)]);
    expect(lateDrops(driver)).toBe(1);
    // Retention defaults to size + grace (3): putting the window at 4 expired the one at 0.
    expect(driver.getWindowStore<string, number>('counts').fetch('k1', 0, 10)).toEqual([
      { timestamp: 2, value: 1 },
      { timestamp: 4, value: 1 },
    ]);
  });

  it('emitStrategy onWindowClose gives the same final results without a suppress buffer', () => {
    const builder = new StreamsBuilder();
    const counts = builder
      .stream<string, string>('input', { keySerde: S, valueSerde: S })
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeAndGrace(2, 1))
      .emitStrategy('onWindowClose')
      .count();
    toStrings(counts, 'output');
    const topology = builder.build();
    expect(topology.describe().toString()).not.toContain('SUPPRESS');
    const driver = new TopologyTestDriver(topology);
    pipe(driver, [['k1', 0], ['k1', 1], ['k1', 2], ['k1', 1], ['k1', 0], ['k1', 5], ['k1', 0]]);
    expect(read(driver.createOutputTopic('output', S, L))).toEqual([kvt('[k1@0/2]', 4, 1), kvt('[k1@2/4]', 1, 2)]);
    expect(lateDrops(driver)).toBe(1);
  });

  it('drops an out-of-order record after the window end without grace, and accepts it within grace', () => {
    const run = (graceMs: number) => {
      const builder = new StreamsBuilder();
      toStrings(builder.stream<string, string>('input', { keySerde: S, valueSerde: S }).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, graceMs)).count(), 'out');
      const driver = new TopologyTestDriver(builder.build());
      pipe(driver, [['A', 5], ['A', 12], ['A', 9]]);
      return { out: read(driver.createOutputTopic('out', S, L)), late: lateDrops(driver) };
    };
    expect(run(0)).toEqual({ out: [kvt('[A@0/10]', 1, 5), kvt('[A@10/20]', 1, 12)], late: 1 });
    expect(run(5)).toEqual({ out: [kvt('[A@0/10]', 1, 5), kvt('[A@10/20]', 1, 12), kvt('[A@0/10]', 2, 9)], late: 0 });
  });

  it('hopping windows: a record updates every overlapping window; each expired window counts as a late drop', () => {
    const builder = new StreamsBuilder();
    toStrings(builder.stream<string, string>('input', { keySerde: S, valueSerde: S }).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5)).count(), 'out');
    const driver = new TopologyTestDriver(builder.build());
    pipe(driver, [['A', 7], ['A', 12], ['A', 3], ['A', 16], ['A', 14]]);
    expect(read(driver.createOutputTopic('out', S, L))).toEqual([
      kvt('[A@0/10]', 1, 7),
      kvt('[A@5/15]', 1, 7),
      kvt('[A@5/15]', 2, 12),
      kvt('[A@10/20]', 1, 12),
      kvt('[A@10/20]', 2, 16),
      kvt('[A@15/25]', 1, 16),
      kvt('[A@10/20]', 3, 16),
    ]);
    expect(lateDrops(driver)).toBe(2);
  });

  it('windowed aggregate and reduce keep the max input timestamp per window', () => {
    const builder = new StreamsBuilder();
    const windowed = builder.stream<string, number>('nums', { keySerde: S, valueSerde: Serdes.Int32() }).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(100));
    windowed
      .aggregate(() => '', (_k, v, agg) => `${agg}${v}`, { valueSerde: S })
      .toStream()
      .map((k, v) => keyValue(formatWindowed(k), v))
      .to('agg', { keySerde: S, valueSerde: S });
    windowed
      .reduce((a, b) => Math.max(a, b))
      .toStream()
      .map((k, v) => keyValue(formatWindowed(k), v))
      .to('max', { keySerde: S, valueSerde: Serdes.Int32() });
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('nums', S, Serdes.Int32());
    input.pipeInput('a', 3, 50);
    input.pipeInput('a', 9, 10);
    input.pipeInput('a', 4, 150);
    expect(read(driver.createOutputTopic('agg', S, S))).toEqual([kvt('[a@0/100]', '3', 50), kvt('[a@0/100]', '39', 50), kvt('[a@100/200]', '4', 150)]);
    expect(read(driver.createOutputTopic('max', S, Serdes.Int32()))).toEqual([kvt('[a@0/100]', 3, 50), kvt('[a@0/100]', 9, 50), kvt('[a@100/200]', 4, 150)]);
  });
});

describe('sliding windows', () => {
  it('SuppressScenarioTest#shouldSupportFinalResultsForSlidingWindows', () => {
    const builder = new StreamsBuilder();
    const counts = builder
      .stream<string, string>('input', { keySerde: S, valueSerde: S })
      .groupBy((k) => k, { keySerde: S, valueSerde: S })
      .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(5, 15))
      .count({ storeName: 'counts' });
    toStrings(counts.suppress(Suppressed.untilWindowCloses()), 'output-suppressed');
    toStrings(counts, 'output-raw');
    const driver = new TopologyTestDriver(builder.build());
    pipe(driver, [['k1', 10], ['k1', 11], ['k1', 10], ['k1', 13], ['k1', 10], ['k1', 24], ['k1', 5], ['k1', 7], ['k1', 90]]);
    const raw = read(driver.createOutputTopic('output-raw', S, L)).sort((a, b) => (a.key! < b.key! ? -1 : a.key! > b.key! ? 1 : a.timestamp - b.timestamp));
    expect(raw).toEqual([
      kvt('[k1@11/16]', 1, 11),
      kvt('[k1@11/16]', 2, 13),
      kvt('[k1@12/17]', 1, 13),
      kvt('[k1@19/24]', 1, 24),
      kvt('[k1@5/10]', 1, 10),
      kvt('[k1@5/10]', 2, 10),
      kvt('[k1@5/10]', 3, 10),
      kvt('[k1@5/10]', 4, 10),
      kvt('[k1@5/10]', 5, 10),
      kvt('[k1@6/11]', 2, 11),
      kvt('[k1@6/11]', 3, 11),
      kvt('[k1@6/11]', 4, 11),
      kvt('[k1@6/11]', 5, 11),
      kvt('[k1@8/13]', 4, 13),
      kvt('[k1@8/13]', 5, 13),
      kvt('[k1@85/90]', 1, 90),
    ]);
    expect(read(driver.createOutputTopic('output-suppressed', S, L))).toEqual([
      kvt('[k1@5/10]', 5, 10),
      kvt('[k1@6/11]', 5, 11),
      kvt('[k1@8/13]', 5, 13),
      kvt('[k1@11/16]', 2, 13),
      kvt('[k1@12/17]', 1, 13),
      kvt('[k1@19/24]', 1, 24),
    ]);
  });

  it('emitStrategy onWindowClose emits each sliding window once, after it closes', () => {
    const builder = new StreamsBuilder();
    toStrings(
      builder.stream<string, string>('input', { keySerde: S, valueSerde: S }).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(5)).emitStrategy('onWindowClose').count(),
      'out',
    );
    const driver = new TopologyTestDriver(builder.build());
    pipe(driver, [['k', 10], ['k', 12], ['k', 30]]);
    expect(read(driver.createOutputTopic('out', S, L))).toEqual([kvt('[k@5/10]', 1, 10), kvt('[k@7/12]', 2, 12), kvt('[k@11/16]', 1, 12)]);
  });

  it('keeps windows for at least a day by default, and as long as Materialized says', () => {
    const builder = new StreamsBuilder();
    const windowed = builder.stream<string, string>('input', { keySerde: S, valueSerde: S }).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(5));
    windowed.count({ storeName: 'default' });
    windowed.count({ storeName: 'short', retentionMs: 10 });
    const driver = new TopologyTestDriver(builder.build());
    pipe(driver, [['k', 10], ['k', 30]]);
    const starts = (store: string) => driver.getWindowStore<string, number>(store).fetch('k', 0, 100).map((w) => w.timestamp);
    expect(starts('default')).toEqual([5, 25]);
    expect(starts('short')).toEqual([25]);
  });

  it('refuses a retention shorter than the 2 × time difference + grace the aggregate reads back (Kafka: SlidingWindowStoreMaterializer)', () => {
    const builder = new StreamsBuilder();
    const windowed = builder.stream<string, string>('input', { keySerde: S, valueSerde: S }).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5));
    expect(() => windowed.count({ storeName: 'sliding', retentionMs: 24 })).toThrow(
      'The retention period of the window store sliding must be no smaller than 2 × time difference + grace. Got retention=[24], 2 × time difference + grace=[25]',
    );
    expect(() => windowed.count({ storeName: 'sliding-25', retentionMs: 25 })).not.toThrow();
  });
});

describe('session windows', () => {
  it('SuppressScenarioTest#shouldSupportFinalResultsForSessionWindows: merges with tombstones for merged-away sessions', () => {
    const builder = new StreamsBuilder();
    const counts = builder
      .stream<string, string>('input', { keySerde: S, valueSerde: S })
      .groupBy((k) => k, { keySerde: S, valueSerde: S })
      .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5))
      .count({ storeName: 'counts' });
    toStrings(counts.suppress(Suppressed.untilWindowCloses()), 'output-suppressed');
    toStrings(counts, 'output-raw');
    const driver = new TopologyTestDriver(builder.build());
    pipe(driver, [['k1', 0], ['k1', 5], ['k1', 1], ['k2', 11], ['k1', 5], ['k1', 30]]);
    expect(read(driver.createOutputTopic('output-raw', S, L))).toEqual([
      kvt('[k1@0/0]', 1, 0),
      kvt('[k1@0/0]', null, 0),
      kvt('[k1@0/5]', 2, 5),
      kvt('[k1@0/5]', null, 5),
      kvt('[k1@0/5]', 3, 5),
      kvt('[k2@11/11]', 1, 11),
      kvt('[k1@30/30]', 1, 30),
    ]);
    expect(read(driver.createOutputTopic('output-suppressed', S, L))).toEqual([kvt('[k1@0/5]', 3, 5), kvt('[k2@11/11]', 1, 11)]);
    expect(lateDrops(driver)).toBe(1);
    expect(driver.getSessionStore<string, number>('counts').fetch('k1').map((kv) => [formatWindowed(kv.key), kv.value])).toEqual([
      ['[k1@0/5]', 3],
      ['[k1@30/30]', 1],
    ]);
  });

  it('a record bridging two sessions merges them with the merger and retracts both', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('input', { keySerde: S, valueSerde: S })
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 10))
      .aggregate(() => '', (_k, v, agg) => agg + v, (_k, a, b) => `${a}|${b}`, { valueSerde: S })
      .toStream()
      .map((k, v) => keyValue(formatWindowed(k), v))
      .to('out', { keySerde: S, valueSerde: S });
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('input', S, S);
    input.pipeInput('A', 'x', 0);
    input.pipeInput('A', 'y', 10);
    input.pipeInput('A', 'z', 5);
    expect(read(driver.createOutputTopic('out', S, S))).toEqual([
      kvt('[A@0/0]', 'x', 0),
      kvt('[A@10/10]', 'y', 10),
      kvt('[A@0/0]', null, 0),
      kvt('[A@10/10]', null, 10),
      kvt('[A@0/10]', '|x|yz', 10),
    ]);
  });

  it('emitStrategy onWindowClose emits each session once, when stream time passes its end + gap + grace', () => {
    const builder = new StreamsBuilder();
    toStrings(builder.stream<string, string>('input', { keySerde: S, valueSerde: S }).groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5)).emitStrategy('onWindowClose').count(), 'out');
    const driver = new TopologyTestDriver(builder.build());
    pipe(driver, [['k1', 0], ['k1', 5], ['k1', 1], ['k2', 11], ['k1', 5], ['k1', 30]]);
    expect(read(driver.createOutputTopic('out', S, L))).toEqual([kvt('[k1@0/5]', 3, 5), kvt('[k2@11/11]', 1, 11)]);
  });
});
