import { describe, expect, it } from 'vitest';
import { BufferConfig, Serdes, SessionWindows, StreamsBuilder, StreamsError, Suppressed, TimeWindows, TopologyTestDriver, formatWindowed, keyValue, type KTable, type Windowed } from '../index.js';

const S = Serdes.String();
const L = Serdes.Int64();

function counts(suppressed: Suppressed, errorPolicy: 'fail' | 'continue' = 'fail') {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('in', { keySerde: S, valueSerde: S })
    .groupByKey()
    .count()
    .suppress(suppressed)
    .toStream()
    .to('out', { keySerde: S, valueSerde: L });
  const driver = new TopologyTestDriver(builder.build(), { errorPolicy });
  return { driver, input: driver.createInputTopic('in', S, S), out: driver.createOutputTopic('out', S, L) };
}

describe('suppress', () => {
  it("untilTimeLimit emits a key's latest value once stream time passes its first buffered update + the limit", () => {
    const { input, out } = counts(Suppressed.untilTimeLimit(10));
    input.pipeInput('a', 'x', 0);
    input.pipeInput('a', 'x', 3);
    input.pipeInput('b', 'x', 5);
    expect(out.isEmpty()).toBe(true);
    input.pipeInput('a', 'x', 12); // a was first buffered at 0: 0 <= 12 - 10
    expect(out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).toEqual([['a', 3, 12]]);
    input.pipeInput('c', 'x', 20);
    expect(out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).toEqual([['b', 1, 5]]);
  });

  it('a full buffer emits its oldest entries early, or fails when configured to shut down', () => {
    const early = counts(Suppressed.untilTimeLimit(1000, BufferConfig.maxRecords(1)));
    early.input.pipeInput('a', 'x', 0);
    early.input.pipeInput('b', 'x', 1);
    expect(early.out.readKeyValuesToList()).toEqual([{ key: 'a', value: 1 }]);

    const strict = counts(Suppressed.untilTimeLimit(1000, BufferConfig.maxRecords(1, 'shut-down')));
    strict.input.pipeInput('a', 'x', 0);
    expect(() => strict.input.pipeInput('b', 'x', 1)).toThrow(StreamsError);
    expect(() => strict.input.pipeInput('c', 'x', 2)).toThrow(/exceeded its max capacity/);
  });

  it('a buffer bounded in bytes (Kafka estimates key, values and record context) emits early, or fails naming both bounds', () => {
    const early = counts(Suppressed.untilTimeLimit(1000, BufferConfig.maxBytes(60)));
    early.input.pipeInput('a', 'x', 0);
    expect(early.out.isEmpty()).toBe(true);
    early.input.pipeInput('b', 'x', 1);
    expect(early.out.readKeyValuesToList()).toEqual([{ key: 'a', value: 1 }]);
    early.input.pipeInput('b', 'x', 2); // replaces b's value: still one record within the bound
    expect(early.out.isEmpty()).toBe(true);

    const strict = counts(Suppressed.untilTimeLimit(1000, BufferConfig.maxBytes(60, 'shut-down')));
    strict.input.pipeInput('a', 'x', 0);
    // 'a' and 'b': 8 buffer time + 1 key + 8 value + 20 context + 2 topic characters ('in') each.
    expect(() => strict.input.pipeInput('b', 'x', 1)).toThrow('Currently [2/unbounded] records and [78/60] bytes.');
    expect(() => BufferConfig.maxBytes(-1)).toThrow('BufferConfig.maxBytes must be a whole number >= 0, got -1');
  });

  it('untilWindowCloses takes only a strict buffer (Kafka: StrictBufferConfig): one that emits early could emit a window before it closes', () => {
    const refused = /suppress\(untilWindowCloses\) needs a strict buffer/;
    expect(() => Suppressed.untilWindowCloses(BufferConfig.maxRecords(1))).toThrow(refused);
    expect(() => Suppressed.untilWindowCloses(BufferConfig.maxBytes(1000, 'emit-early'))).toThrow(refused);
    expect(Suppressed.untilWindowCloses(BufferConfig.maxRecords(1, 'shut-down')).buffer).toEqual({ maxRecords: 1, whenFull: 'shut-down' });
    expect(Suppressed.untilWindowCloses(BufferConfig.unbounded()).kind).toBe('untilWindowCloses');
    // Also when the Suppressed is written out by hand.
    expect(() => counts({ kind: 'untilWindowCloses', buffer: { maxRecords: 1 } })).toThrow(refused);
  });

  it('untilWindowCloses needs a windowed table', () => {
    expect(() => counts(Suppressed.untilWindowCloses())).toThrow(/needs a windowed KTable/);
  });
});

describe('suppress(untilWindowCloses) finds the grace upstream (Kafka: GraphGraceSearchUtil)', () => {
  const INPUT: Array<[string, number]> = [['k', 0], ['k', 1], ['k', 2], ['k', 5]];

  type WindowedCounts = KTable<Windowed<string>, number> | KTable<Windowed<string>, number | null>;

  /** Writes the final results of `table` to 'out' as `[key@start/end]` → count. */
  function writeFinalResults(table: WindowedCounts): void {
    // One type for both shapes (a join's values may be null).
    (table as KTable<Windowed<string>, number | null>)
      .suppress(Suppressed.untilWindowCloses())
      .toStream()
      .map((w, n) => keyValue(formatWindowed(w), n))
      .to('out', { keySerde: S, valueSerde: L });
  }

  function finalResults(build: (builder: StreamsBuilder) => WindowedCounts) {
    const builder = new StreamsBuilder();
    writeFinalResults(build(builder));
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('in', S, S);
    for (const [key, ts] of INPUT) input.pipeInput(key, 'x', ts);
    return driver.createOutputTopic('out', S, L).readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
  }

  it('through toStream and toTable', () => {
    const out = finalResults((b) =>
      b.stream<string, string>('in', { keySerde: S, valueSerde: S }).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(2, 1)).count().toStream().toTable(),
    );
    // [0, 2) closes once stream time reaches 2 + 1 (at ts 5); [2, 4) at 5 too.
    expect(out).toEqual([
      ['[k@0/2]', 2, 1],
      ['[k@2/4]', 1, 2],
    ]);
  });

  it('through a join of two windowed tables, waiting for the larger grace', () => {
    const out = finalResults((b) => {
      const grouped = b.stream<string, string>('in', { keySerde: S, valueSerde: S }).groupByKey();
      const withGrace = grouped.windowedBy(TimeWindows.ofSizeAndGrace(2, 1)).count({ storeName: 'c1' });
      const noGrace = grouped.windowedBy(TimeWindows.ofSizeWithNoGrace(2)).count({ storeName: 'c2' });
      return withGrace.join(noGrace, (a, c) => a + c);
    });
    expect(out).toEqual([
      ['[k@0/2]', 4, 1],
      ['[k@2/4]', 2, 2],
    ]);
  });

  it("a session window's close time is its gap + grace", () => {
    const builder = new StreamsBuilder();
    writeFinalResults(
      builder.stream<string, string>('in', { keySerde: S, valueSerde: S }).groupByKey().windowedBy(SessionWindows.ofInactivityGapAndGrace(3, 1)).count().toStream().toTable(),
    );
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('in', S, S);
    input.pipeInput('k', 'x', 0);
    input.pipeInput('k', 'x', 2);
    input.pipeInput('k', 'x', 5); // joins the session [0, 2] (gap 3): [0, 5]
    input.pipeInput('x', 'x', 8); // the session ends at 5: not closed before 5 + 3 + 1
    expect(driver.createOutputTopic('out', S, L).isEmpty()).toBe(true);
    input.pipeInput('x', 'x', 9);
    expect(driver.createOutputTopic('out', S, L).readKeyValuesToList()).toEqual([{ key: '[k@0/5]', value: 3 }]);
  });

  it('refuses a path up from the table that reaches no windowed aggregation, naming it', () => {
    const builder = new StreamsBuilder();
    const grouped = builder.stream<string, string>('in', { keySerde: S, valueSerde: S }).groupByKey();
    const windowed = grouped.windowedBy(TimeWindows.ofSizeWithNoGrace(2)).count({ storeName: 'c1' });
    const plain = builder.table<Windowed<string>, number>('windowed-elsewhere', { valueSerde: L });
    const joined = windowed.join(plain, (a, c) => a + c, { name: 'join' });
    expect(() => joined.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded(), 'final'))).toThrow(
      /suppress\(untilWindowCloses\) at final needs a windowed KTable: .* \[join<-join-join-other<-KTABLE-SOURCE-\d+<-KSTREAM-SOURCE-\d+\]/,
    );
  });
});

