import { describe, expect, it } from 'vitest';
import type { ConsumedRecord } from '../../client/log-client.js';
import { CapturingRecordCollector, Serdes, StreamTask, StreamsBuilder, StreamsError } from '../index.js';
import { encodeCommitMetadata } from './commit-metadata.js';

const S = Serdes.String();

function topology() {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('words', { keySerde: S, valueSerde: S })
    .groupBy((_k, w) => w, { keySerde: S })
    .count({ storeName: 'counts' })
    .toStream()
    .to('counts-out', { keySerde: S, valueSerde: Serdes.Int64() });
  return builder.build();
}

const rec = (topic: string, partition: number, offset: number, key: string | null, value: Buffer | string | null, timestamp: number): ConsumedRecord => ({
  topic,
  partition,
  offset,
  timestamp,
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: [],
});

describe('StreamTask (the contract the networked runtime builds on)', () => {
  it('one task per sub-topology and partition: reads physical topics, writes repartition and changelog records, reports offsets', () => {
    const t = topology();
    const resolved = t.resolvePartitionCounts({ words: 2 });
    expect([...resolved.tasksPerSubtopology]).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const collector = new CapturingRecordCollector();
    const upstream = new StreamTask({ topology: t, subtopology: 0, partition: 1, applicationId: 'wc', collector });
    const downstream = new StreamTask({ topology: t, subtopology: 1, partition: 1, applicationId: 'wc', collector });
    expect(upstream.taskId).toBe('0_1');
    expect(upstream.inputTopics()).toEqual(['words']);
    expect(downstream.inputTopics()).toEqual(['wc-counts-repartition']);
    expect([...downstream.changelogTopics()]).toEqual([['counts', 'wc-counts-changelog']]);

    upstream.process(rec('words', 1, 41, null, 'hello', 100));
    upstream.process(rec('words', 1, 42, null, 'world', 101));
    // Each offset carries the partition's time (and the processor metadata) for a task that resumes from it.
    expect(upstream.commit()).toEqual([{ topic: 'words', partition: 1, offset: 43, metadata: encodeCommitMetadata({ partitionTimeMs: 101, processor: {} }) }]);
    const repartitioned = collector.recordsFor('wc-counts-repartition');
    expect(repartitioned.map((r) => [r.key?.toString(), r.partition])).toEqual([
      ['hello', undefined],
      ['world', undefined],
    ]);

    // The runtime feeds what it consumes from the repartition topic to the downstream task.
    repartitioned.forEach((r, i) => downstream.process({ topic: r.topic, partition: 1, offset: i, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers }));
    expect(downstream.consumedOffsets()).toEqual([{ topic: 'wc-counts-repartition', partition: 1, offset: 2, metadata: encodeCommitMetadata({ partitionTimeMs: 101, processor: {} }) }]);
    expect(collector.recordsFor('wc-counts-changelog').map((r) => [r.key?.toString(), r.partition, r.timestamp])).toEqual([
      ['hello', 1, 100],
      ['world', 1, 101],
    ]);
    expect(collector.recordsFor('counts-out').map((r) => [r.key?.toString(), Serdes.Int64().deserialize('counts-out', r.value!)])).toEqual([
      ['hello', 1],
      ['world', 1],
    ]);
    expect(downstream.streamTime()).toBe(101);
    const metrics = downstream.metrics();
    expect(metrics).toMatchObject({ taskId: '1_1', streamTimeMs: 101, recordsProcessed: 2, droppedRecords: 0, errors: 0 });
    expect(metrics.nodes.map((n) => n.node)).toEqual(['counts-repartition-source', 'KSTREAM-AGGREGATE-0000000002', 'KTABLE-TOSTREAM-0000000006', 'KSTREAM-SINK-0000000007']);
    expect(metrics.nodes.every((n) => n.processLatencyTotalNs >= n.processLatencyMaxNs)).toBe(true);
    upstream.close();
    downstream.close();
    expect(() => downstream.process(rec('wc-counts-repartition', 1, 2, 'x', 'x', 1))).toThrow(StreamsError);
  });

  it('a restored task continues from the changelog', () => {
    const t = topology();
    const first = new CapturingRecordCollector();
    const task = new StreamTask({ topology: t, subtopology: 1, partition: 0, applicationId: 'wc', collector: first });
    task.process(rec('wc-counts-repartition', 0, 0, 'a', 'a', 5));
    task.process(rec('wc-counts-repartition', 0, 1, 'a', 'a', 6));
    task.close();
    const second = new CapturingRecordCollector();
    const again = new StreamTask({ topology: t, subtopology: 1, partition: 0, applicationId: 'wc', collector: second });
    again.restore('counts', first.recordsFor('wc-counts-changelog'));
    again.process(rec('wc-counts-repartition', 0, 2, 'a', 'a', 7));
    expect(second.recordsFor('counts-out').map((r) => Serdes.Int64().deserialize('x', r.value!))).toEqual([3]);
  });

  it('rejects a record of a topic it does not read', () => {
    const task = new StreamTask({ topology: topology(), subtopology: 0, partition: 0, applicationId: 'wc', collector: new CapturingRecordCollector() });
    expect(() => task.process(rec('other', 0, 0, null, 'x', 1))).toThrow(/does not read topic other/);
  });
});
