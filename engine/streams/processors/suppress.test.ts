import { describe, expect, it } from 'vitest';
import { BufferConfig, Serdes, StreamsBuilder, StreamsError, Suppressed, TopologyTestDriver } from '../index.js';

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

  it('untilWindowCloses needs a windowed table', () => {
    expect(() => counts(Suppressed.untilWindowCloses())).toThrow(/needs a windowed KTable/);
  });
});
