/**
 * Client-side group assignment shared by InProcessClient and KafkaClient, so members of either kind
 * can share one consumer group with each other (and with Java consumers using the same protocol
 * name): the default range assignor, Kafka's ConsumerProtocol subscription and assignment bytes,
 * and the leader step that turns JoinGroup members into SyncGroup assignments.
 *
 * Ownership (cooperative hand-over, KIP-429 style): a member may declare the partitions it still
 * owns in its subscription (`ownedPartitions`, with its generation). The leader never hands a
 * partition to a member while another live member declares it owned; the owner sees it missing
 * from its new assignment, revokes it (its listener commits) and rejoins, and the next rebalance
 * gives it to the new member. Members that cannot rejoin on demand (KafkaClient) declare nothing,
 * so their partitions move in one rebalance.
 *
 * Invariants: every partition is assigned to at most one member; an assignment never names a
 * partition the assignor did not give that member.
 */
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from '../broker/protocol/index.js';
import type { Assignor, AssignorMember, TopicPartition } from './log-client.js';

export const CONSUMER_PROTOCOL_TYPE = 'consumer';
/** v2: topics, userData, ownedPartitions (v1) and generationId (v2). Java and kafkajs read it. */
const SUBSCRIPTION_VERSION = 2;
const ASSIGNMENT_VERSION = 0;

export interface MemberSubscription {
  topics: string[];
  userData: Buffer | null;
  /** Partitions the member still owns from `generationId` (empty when it declares none). */
  owned: TopicPartition[];
  generationId: number;
}

export interface JoinedMember {
  memberId: string;
  metadata: Buffer;
}

// ── topic-partition helpers ────────────────────────────────────────────────────────────────────

export const tpKey = (tp: TopicPartition): string => `${tp.topic}\u0000${tp.partition}`;

export function sortPartitions(partitions: Iterable<TopicPartition>): TopicPartition[] {
  return [...partitions].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

/** Partitions of `a` that are not in `b`, sorted. */
export function subtractPartitions(a: Iterable<TopicPartition>, b: Iterable<TopicPartition>): TopicPartition[] {
  const drop = new Set([...b].map(tpKey));
  return sortPartitions([...a].filter((tp) => !drop.has(tpKey(tp))));
}

export function groupByTopic(partitions: Iterable<TopicPartition>): { topic: string; partitions: number[] }[] {
  const byTopic = new Map<string, number[]>();
  for (const tp of sortPartitions(partitions)) {
    const list = byTopic.get(tp.topic) ?? [];
    list.push(tp.partition);
    byTopic.set(tp.topic, list);
  }
  return [...byTopic].map(([topic, list]) => ({ topic, partitions: list }));
}

// ── the default assignor ───────────────────────────────────────────────────────────────────────

/**
 * Kafka's RangeAssignor: per topic, members subscribed to it sorted by id; with P partitions and
 * M members each gets P / M consecutive partitions and the first P % M members one more.
 */
export const rangeAssignor: Assignor = {
  name: 'range',
  assign(members, partitionCounts) {
    const result = new Map<string, TopicPartition[]>(members.map((m) => [m.memberId, []]));
    const topics = [...new Set(members.flatMap((m) => m.topics))].sort();
    for (const topic of topics) {
      const count = partitionCounts.get(topic) ?? 0;
      const subscribers = members.filter((m) => m.topics.includes(topic)).map((m) => m.memberId).sort();
      if (count === 0 || subscribers.length === 0) continue;
      const each = Math.floor(count / subscribers.length);
      const extra = count % subscribers.length;
      let next = 0;
      subscribers.forEach((memberId, i) => {
        const take = each + (i < extra ? 1 : 0);
        const list = result.get(memberId)!;
        for (let k = 0; k < take; k++) list.push({ topic, partition: next++ });
      });
    }
    return result;
  },
};

// ── ConsumerProtocol bytes ─────────────────────────────────────────────────────────────────────

export function encodeMemberSubscription(subscription: MemberSubscription): Buffer {
  return encodeSubscription(SUBSCRIPTION_VERSION, {
    topics: subscription.topics,
    userData: subscription.userData,
    ownedPartitions: groupByTopic(subscription.owned),
    generationId: subscription.generationId,
  });
}

export function decodeMemberSubscription(bytes: Buffer): MemberSubscription {
  const { subscription } = decodeSubscription(bytes);
  return {
    topics: subscription.topics,
    userData: subscription.userData,
    owned: subscription.ownedPartitions.flatMap(({ topic, partitions }) => partitions.map((partition) => ({ topic, partition }))),
    generationId: subscription.generationId,
  };
}

export function encodeMemberAssignment(partitions: readonly TopicPartition[]): Buffer {
  return encodeAssignment(ASSIGNMENT_VERSION, { assignedPartitions: groupByTopic(partitions), userData: null });
}

/** The partitions in a SyncGroup assignment; empty bytes (no assignment) mean none. */
export function decodeMemberAssignment(bytes: Buffer): TopicPartition[] {
  if (bytes.length === 0) return [];
  const { assignment } = decodeAssignment(bytes);
  return sortPartitions(assignment.assignedPartitions.flatMap(({ topic, partitions }) => partitions.map((partition) => ({ topic, partition }))));
}

// ── the leader's step ──────────────────────────────────────────────────────────────────────────

/** Topics any member subscribes to (the leader needs their partition counts). */
export function subscribedTopics(members: readonly JoinedMember[]): string[] {
  return [...new Set(members.flatMap((m) => decodeMemberSubscription(m.metadata).topics))].sort();
}

/**
 * Runs the assignor over the JoinGroup members and returns each member's assignment bytes,
 * withholding partitions another live member still declares owned (see the module header).
 */
export function assignGroup(assignor: Assignor, members: readonly JoinedMember[], partitionCounts: ReadonlyMap<string, number>): Map<string, Buffer> {
  const subscriptions = members.map((m) => ({ memberId: m.memberId, ...decodeMemberSubscription(m.metadata) }));
  const assignorMembers: AssignorMember[] = subscriptions.map((s) => ({ memberId: s.memberId, topics: s.topics, userData: s.userData }));
  const target = assignor.assign(assignorMembers, partitionCounts);

  // The newest generation's claim wins when two members declare the same partition.
  const owner = new Map<string, string>();
  for (const s of [...subscriptions].sort((a, b) => b.generationId - a.generationId)) {
    for (const tp of s.owned) if (!owner.has(tpKey(tp))) owner.set(tpKey(tp), s.memberId);
  }

  const given = new Map<string, string>();
  const result = new Map<string, Buffer>();
  for (const { memberId } of subscriptions) {
    const mine: TopicPartition[] = [];
    for (const tp of target.get(memberId) ?? []) {
      const key = tpKey(tp);
      const previous = given.get(key);
      if (previous !== undefined) {
        throw new Error(`assignor "${assignor.name}" gave ${tp.topic}-${tp.partition} to both ${previous} and ${memberId}`);
      }
      given.set(key, memberId);
      const claimedBy = owner.get(key);
      if (claimedBy === undefined || claimedBy === memberId) mine.push(tp);
    }
    result.set(memberId, encodeMemberAssignment(mine));
  }
  return result;
}
