// TestOutputTopic reads as Kafka's (KIP-470): readKeyValuesToMap keeps a key whose last record is a
// tombstone, with a null value, and refuses a record with a null key.
import { describe, expect, it } from 'vitest';
import { Serdes, StreamsBuilder, TimeWindows, TopologyTestDriver, WindowedSerdes } from './index.js';

const S = Serdes.String();

function passThrough(): TopologyTestDriver {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('in', { keySerde: S, valueSerde: S }).to('out', { keySerde: S, valueSerde: S });
  return new TopologyTestDriver(builder.build());
}

describe('TestOutputTopic#readKeyValuesToMap', () => {
  it('keeps the latest value per key, a tombstone as a null value', () => {
    const driver = passThrough();
    const input = driver.createInputTopic('in', S, S);
    input.pipeInput('a', '1', 1);
    input.pipeInput('b', '2', 2);
    input.pipeInput('a', null, 3);
    input.pipeInput('b', '3', 4);
    expect(driver.createOutputTopic('out', S, S).readKeyValuesToMap()).toEqual(
      new Map([
        ['a', null],
        ['b', '3'],
      ]),
    );
    driver.close();
  });

  it('refuses a record with a null key, naming the topic', () => {
    const driver = passThrough();
    driver.createInputTopic('in', S, S).pipeInput(null, 'x', 1);
    expect(() => driver.createOutputTopic('out', S, S).readKeyValuesToMap()).toThrow(/Null keys not allowed with readKeyValuesToMap.*topic out/);
    driver.close();
  });

  it('takes keys with the same bytes as one key, as Kafka compares keys with equals (windowed keys)', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', { keySerde: S, valueSerde: S })
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
      .count()
      .toStream()
      .to('counts', { keySerde: WindowedSerdes.timeWindowedSerdeFrom(S, 10), valueSerde: Serdes.Int64() });
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('in', S, S);
    for (const [key, ts] of [['a', 1], ['a', 2], ['b', 3], ['a', 12]] as const) input.pipeInput(key, 'x', ts);
    const counts = driver.createOutputTopic('counts', WindowedSerdes.timeWindowedSerdeFrom(S, 10), Serdes.Int64()).readKeyValuesToMap();
    expect([...counts].map(([w, n]) => [`${w.key}@${w.window.start}`, n])).toEqual([
      ['a@0', 2],
      ['b@0', 1],
      ['a@10', 1],
    ]);
    driver.close();
  });
});
