import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../util/logger.js';
import { tappedTopology } from './observers.fixture.js';
import { Serdes, StreamsError, TopologyTestDriver, type ObservedRecord } from '../index.js';

const S = Serdes.String();
const I = Serdes.Int32();

const brief = (r: ObservedRecord) => ({ key: r.key, value: r.value, timestamp: r.timestamp, topic: r.topic, partition: r.partition, offset: r.offset });

describe('observe() on the TopologyTestDriver', () => {
  it('sees what a source reads (with its position), what a processor forwards and what a sink sends', () => {
    const driver = new TopologyTestDriver(tappedTopology());
    const seen = { src: [] as ObservedRecord[], positive: [] as ObservedRecord[], sink: [] as ObservedRecord[] };
    driver.observe('src', (r) => seen.src.push(r));
    driver.observe('positive', (r) => seen.positive.push(r));
    driver.observe('sink', (r) => seen.sink.push(r));
    const input = driver.createInputTopic('in', S, I);
    input.pipeInput('a', 1, 100, [{ key: 'trace', value: Buffer.from('t1') }]);
    input.pipeInput('b', -2, 200);
    input.pipeInput('c', 3, 300);

    expect(seen.src.map(brief)).toEqual([
      { key: 'a', value: 1, timestamp: 100, topic: 'in', partition: 0, offset: 0 },
      { key: 'b', value: -2, timestamp: 200, topic: 'in', partition: 0, offset: 1 },
      { key: 'c', value: 3, timestamp: 300, topic: 'in', partition: 0, offset: 2 },
    ]);
    expect(seen.src[0]!.headers.map((h) => [h.key, h.value?.toString()])).toEqual([['trace', 't1']]);
    // The filter forwards only what passes; processors report no position.
    expect(seen.positive.map(brief)).toEqual([
      { key: 'a', value: 1, timestamp: 100, topic: undefined, partition: undefined, offset: undefined },
      { key: 'c', value: 3, timestamp: 300, topic: undefined, partition: undefined, offset: undefined },
    ]);
    // A sink reports the in-memory record it sent and the topic it wrote.
    expect(seen.sink.map(brief)).toEqual([
      { key: 'a', value: 10, timestamp: 100, topic: 'out', partition: undefined, offset: undefined },
      { key: 'c', value: 30, timestamp: 300, topic: 'out', partition: undefined, offset: undefined },
    ]);
    expect(driver.createOutputTopic('out', S, I).readValuesToList()).toEqual([10, 30]);
    driver.close();
  });

  it('stops delivering after dispose (and disposing twice is harmless)', () => {
    const driver = new TopologyTestDriver(tappedTopology());
    const first: unknown[] = [];
    const second: unknown[] = [];
    const a = driver.observe('times-ten', (r) => first.push(r.value));
    const b = driver.observe('times-ten', (r) => second.push(r.value));
    const input = driver.createInputTopic('in', S, I);
    input.pipeInput('k', 1);
    a.dispose();
    a.dispose();
    input.pipeInput('k', 2);
    b.dispose();
    input.pipeInput('k', 3);
    expect(first).toEqual([10]);
    expect(second).toEqual([10, 20]);
    expect(driver.createOutputTopic('out', S, I).readValuesToList()).toEqual([10, 20, 30]);
    // Observing again after every listener left works.
    const third: unknown[] = [];
    driver.observe('times-ten', (r) => third.push(r.value));
    input.pipeInput('k', 4);
    expect(third).toEqual([40]);
  });

  it('a throwing listener does not break processing: its error is logged and dropped, other listeners still run', () => {
    const logger = memoryLogger();
    const driver = new TopologyTestDriver(tappedTopology(), { logger });
    const others: unknown[] = [];
    driver.observe('positive', () => {
      throw new Error('listener bug');
    });
    driver.observe('positive', (r) => others.push(r.value));
    const input = driver.createInputTopic('in', S, I);
    input.pipeInput('a', 1);
    input.pipeInput('b', 2);
    expect(driver.createOutputTopic('out', S, I).readValuesToList()).toEqual([10, 20]);
    expect(others).toEqual([1, 2]);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain('an observer of node positive threw');
    expect(logger.lines[0]).toContain('listener bug');
    expect(driver.metrics()[0]!.errors).toBe(0);
  });

  it('refuses a node the topology does not have', () => {
    const driver = new TopologyTestDriver(tappedTopology());
    expect(() => driver.observe('nope', () => undefined)).toThrow(StreamsError);
    expect(() => driver.observe('nope', () => undefined)).toThrow(/no such node/);
  });
});
