import { describe, expect, it } from 'vitest';
import { JoinWindows, Serdes, StreamsBuilder, StreamsError } from '../index.js';

const S = Serdes.String();

describe('co-partitioning and partition counts', () => {
  it('declares join inputs co-partitioned and fails with both topics and their counts when they differ', () => {
    const builder = new StreamsBuilder();
    const left = builder.stream<string, string>('left', { keySerde: S, valueSerde: S });
    const right = builder.stream<string, string>('right', { keySerde: S, valueSerde: S });
    left.join(right, (a, b) => a + b, JoinWindows.ofTimeDifferenceWithNoGrace(1000)).to('out');
    const topology = builder.build();
    expect(topology.copartitionGroups()).toEqual([['left', 'right']]);
    expect(() => topology.checkCopartitioning({ left: 3, right: 3 })).not.toThrow();
    let error: unknown;
    try {
      topology.checkCopartitioning(new Map([['left', 3], ['right', 2]]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StreamsError);
    expect((error as StreamsError).code).toBe('STREAMS_NOT_COPARTITIONED');
    expect((error as StreamsError).message).toContain('Topics not co-partitioned: [left (3 partitions), right (2 partitions)]');
    expect(() => topology.resolvePartitionCounts({ left: 3, right: 2 })).toThrow(StreamsError);
  });

  it('gives repartition topics the count of their upstream, or of the external topic they are joined with', () => {
    const builder = new StreamsBuilder();
    const clicks = builder.stream<string, string>('clicks', { keySerde: S, valueSerde: S }).selectKey((_k, v) => v);
    const users = builder.table<string, string>('users', { keySerde: S, valueSerde: S });
    clicks.join(users, (c, u) => `${c}/${u}`).groupByKey().count().toStream().to('out');
    const topology = builder.build();
    expect(topology.copartitionGroups()).toEqual([['KSTREAM-KEY-SELECT-0000000001-repartition', 'users']]);
    const resolved = topology.resolvePartitionCounts({ clicks: 8, users: 3 });
    expect(Object.fromEntries(resolved.internalTopics)).toEqual({
      'KSTREAM-KEY-SELECT-0000000001-repartition': 3,
      'users-STATE-STORE-0000000002-changelog': 3,
      'KSTREAM-AGGREGATE-STATE-STORE-0000000009-changelog': 3,
    });
    expect([...resolved.tasksPerSubtopology]).toEqual([
      [0, 8],
      [1, 3],
    ]);
  });

  it('gives a derived repartition topic the fixed count of a repartition topic it is joined with (Kafka: CopartitionedTopicsEnforcer)', () => {
    const builder = new StreamsBuilder();
    const left = builder.stream<string, string>('left', { keySerde: S, valueSerde: S }).repartition({ name: 'fixed', numberOfPartitions: 2, keySerde: S, valueSerde: S });
    const right = builder.stream<string, string>('right', { keySerde: S, valueSerde: S }).selectKey((_k, v) => v);
    left.join(right, (a, b) => a + b, JoinWindows.ofTimeDifferenceWithNoGrace(1000), { keySerde: S, valueSerde: S, otherValueSerde: S }).to('out');
    const topology = builder.build();
    const [group] = topology.copartitionGroups().filter((g) => g.includes('fixed-repartition'));
    const resolved = topology.resolvePartitionCounts({ left: 4, right: 4 });
    // Both join inputs have 2 partitions: with 4 on one side, half the keys would never meet.
    expect(group!.map((topic) => resolved.internalTopics.get(topic))).toEqual([2, 2]);
  });

  it('ties together joins that share a repartition topic: tables of different partition counts are refused, not silently mismatched', () => {
    const builder = new StreamsBuilder();
    const rekeyed = builder.stream<string, string>('clicks', { keySerde: S, valueSerde: S }).selectKey((_k, v) => v);
    const users = builder.table<string, string>('users', { keySerde: S, valueSerde: S });
    const regions = builder.table<string, string>('regions', { keySerde: S, valueSerde: S });
    rekeyed.join(users, (c, u) => `${c}/${u}`).to('with-user');
    rekeyed.join(regions, (c, r) => `${c}/${r}`).to('with-region');
    const topology = builder.build();
    expect(topology.copartitionGroups()).toEqual([['KSTREAM-KEY-SELECT-0000000001-repartition', 'users', 'regions']]);
    expect(() => topology.resolvePartitionCounts({ clicks: 4, users: 2, regions: 4 })).toThrow('Topics not co-partitioned: [users (2 partitions), regions (4 partitions)]');
    expect(topology.resolvePartitionCounts({ clicks: 4, users: 2, regions: 2 }).internalTopics.get('KSTREAM-KEY-SELECT-0000000001-repartition')).toBe(2);
  });

  it('derives chained repartition topics and changelog counts from the writing sub-topology', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', { keySerde: S, valueSerde: S })
      .groupBy((_k, v) => v, { keySerde: S })
      .count()
      .toStream()
      .groupBy((_k, n) => String(n), { keySerde: S, valueSerde: Serdes.Int64() })
      .count()
      .toStream()
      .to('histogram');
    const resolved = builder.build().resolvePartitionCounts({ in: 5 });
    expect(Object.fromEntries(resolved.internalTopics)).toEqual({
      'KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition': 5,
      'KSTREAM-AGGREGATE-STATE-STORE-0000000009-repartition': 5,
      'KSTREAM-AGGREGATE-STATE-STORE-0000000002-changelog': 5,
      'KSTREAM-AGGREGATE-STATE-STORE-0000000009-changelog': 5,
    });
    expect(() => builder.build().resolvePartitionCounts({})).toThrow(/partition count of source topic in is unknown/);
  });
});
