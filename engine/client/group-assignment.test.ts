// Group assignment: Kafka's range layout, ConsumerProtocol round trips, and the cooperative
// hand-over rule (a partition another live member still owns is withheld for one rebalance).
import { describe, expect, it } from 'vitest';
import { decodeSubscription } from '../broker/protocol/index.js';
import { assignGroup, decodeMemberAssignment, decodeMemberSubscription, encodeMemberSubscription, rangeAssignor } from './group-assignment.js';
import type { TopicPartition } from './log-client.js';

const tps = (topic: string, ...partitions: number[]): TopicPartition[] => partitions.map((partition) => ({ topic, partition }));
const member = (memberId: string, topics: string[], owned: TopicPartition[] = [], generationId = -1) => ({
  memberId,
  metadata: encodeMemberSubscription({ topics, userData: null, owned, generationId }),
});

describe('rangeAssignor', () => {
  it('gives the first P % M members (by id) one extra partition, per topic', () => {
    const counts = new Map([['a', 5], ['b', 2]]);
    const result = rangeAssignor.assign(
      [
        { memberId: 'm2', topics: ['a', 'b'], userData: null },
        { memberId: 'm1', topics: ['a'], userData: null },
      ],
      counts,
    );
    expect(result.get('m1')).toEqual(tps('a', 0, 1, 2));
    expect(result.get('m2')).toEqual([...tps('a', 3, 4), ...tps('b', 0, 1)]);
  });
});

describe('ConsumerProtocol bytes', () => {
  it('round-trips a subscription with owned partitions and generation (v2, readable as v0)', () => {
    const bytes = encodeMemberSubscription({ topics: ['x'], userData: Buffer.from('u'), owned: tps('x', 1, 0), generationId: 7 });
    expect(decodeMemberSubscription(bytes)).toEqual({ topics: ['x'], userData: Buffer.from('u'), owned: tps('x', 0, 1), generationId: 7 });
    expect(decodeSubscription(bytes).version).toBe(2);
    // A v0 reader (kafkajs MemberMetadata.decode) stops after topics and userData.
    expect(bytes.readInt16BE(0)).toBe(2);
  });

  it('treats an empty assignment as no partitions', () => {
    expect(decodeMemberAssignment(Buffer.alloc(0))).toEqual([]);
  });
});

describe('assignGroup', () => {
  it('withholds a partition another live member still owns, then hands it over', () => {
    const counts = new Map([['t', 4]]);
    const first = assignGroup(rangeAssignor, [member('a', ['t'], tps('t', 0, 1, 2, 3), 1), member('b', ['t'])], counts);
    expect(decodeMemberAssignment(first.get('a')!)).toEqual(tps('t', 0, 1));
    expect(decodeMemberAssignment(first.get('b')!)).toEqual([]);
    const second = assignGroup(rangeAssignor, [member('a', ['t'], tps('t', 0, 1), 2), member('b', ['t'], [], 2)], counts);
    expect(decodeMemberAssignment(second.get('b')!)).toEqual(tps('t', 2, 3));
  });

  it('trusts the newest generation when two members claim the same partition', () => {
    const counts = new Map([['t', 2]]);
    const result = assignGroup(rangeAssignor, [member('a', ['t'], tps('t', 1), 3), member('b', ['t'], tps('t', 1), 1)], counts);
    expect(decodeMemberAssignment(result.get('a')!)).toEqual(tps('t', 0));
    expect(decodeMemberAssignment(result.get('b')!)).toEqual([]);
  });

  it('rejects an assignor that gives one partition to two members', () => {
    const greedy = { name: 'greedy', assign: () => new Map([['a', tps('t', 0)], ['b', tps('t', 0)]]) };
    expect(() => assignGroup(greedy, [member('a', ['t']), member('b', ['t'])], new Map([['t', 1]]))).toThrow(/both a and b/);
  });
});
