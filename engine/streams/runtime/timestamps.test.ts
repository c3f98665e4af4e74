/**
 * Timestamp extraction as Kafka's RecordQueue does it: the extractor is given the time of the
 * record's own partition (the largest timestamp extracted from it so far), not the task's stream
 * time; a record whose extractor returns a negative timestamp is skipped and counted as dropped
 * (LogAndSkipOnInvalidTimestamp), under either error policy, and its offset is still passed.
 */
import { describe, expect, it } from 'vitest';
import { Serdes, StreamsBuilder, TopologyTestDriver, type TimestampExtractor } from '../index.js';

const S = Serdes.String();

/** 'invalid' values take their partition's time (UsePartitionTimeOnInvalidTimestamp); 'skip' values get -1. */
const extractor: TimestampExtractor<string, string> = (record, partitionTimeMs) =>
  record.value === 'invalid' ? partitionTimeMs : record.value === 'skip' ? -1 : record.timestamp;

function mergeTopology() {
  const builder = new StreamsBuilder();
  const a = builder.stream<string, string>('a', { keySerde: S, valueSerde: S, timestampExtractor: extractor });
  const b = builder.stream<string, string>('b', { keySerde: S, valueSerde: S, timestampExtractor: extractor });
  a.merge(b).to('out', { keySerde: S, valueSerde: S });
  return builder.build();
}

describe('timestamp extraction', () => {
  it("gives the extractor the record's partition time, not the task's stream time", () => {
    const driver = new TopologyTestDriver(mergeTopology());
    const a = driver.createInputTopic('a', S, S);
    const b = driver.createInputTopic('b', S, S);
    b.pipeInput('k', 'first', 5);
    a.pipeInput('k', 'later', 100);
    b.pipeInput('k', 'invalid', 7);
    a.pipeInput('k', 'invalid', 50);
    const out = driver.createOutputTopic('out', S, S).readRecordsToList();
    expect(out.map((r) => [r.value, r.timestamp])).toEqual([
      ['first', 5],
      ['later', 100],
      ['invalid', 5],
      ['invalid', 100],
    ]);
    driver.close();
  });

  for (const errorPolicy of ['fail', 'continue'] as const) {
    it(`skips a record whose extractor returns a negative timestamp and counts it as dropped (policy ${errorPolicy})`, () => {
      const driver = new TopologyTestDriver(mergeTopology(), { applicationId: 'ts-app', errorPolicy });
      const a = driver.createInputTopic('a', S, S);
      a.pipeInput('k', 'one', 10);
      a.pipeInput('k', 'skip', 20);
      a.pipeInput('k', 'two', 30);
      expect(driver.createOutputTopic('out', S, S).readValuesToList()).toEqual(['one', 'two']);
      expect(driver.capturedRecords('ts-app-dlq')).toEqual([]);
      expect(driver.metrics().reduce((sum, m) => sum + m.droppedRecords, 0)).toBe(1);
      driver.close();
    });
  }
});
