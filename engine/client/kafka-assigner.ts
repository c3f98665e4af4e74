/**
 * Our Assignor as a kafkajs PartitionAssigner. The protocol name is the Assignor's name (the
 * default is "range", like Java's and InProcessClient's), and the bytes are Kafka's
 * ConsumerProtocol subscription/assignment from group-assignment.ts rather than kafkajs's
 * AssignerProtocol encoders: the formats are the same (kafkajs's are v0, which kafkajs decodes
 * from ours, since newer versions only append fields), but sharing `assignGroup` means a kafkajs
 * leader assigns exactly as an in-process leader would, honouring the partitions in-process
 * members declare owned. kafkajs members cannot rejoin on demand, so they declare nothing.
 */
import type { PartitionAssigner } from 'kafkajs';
import type { Logger } from '../util/logger.js';
import { assignGroup, encodeMemberSubscription, rangeAssignor, subscribedTopics } from './group-assignment.js';
import type { Assignor } from './log-client.js';

export function kafkajsAssigner(assignor: Assignor = rangeAssignor, logger: Logger): PartitionAssigner {
  return ({ cluster, groupId }) => ({
    name: assignor.name,
    version: 0,
    protocol: ({ topics }) => ({
      name: assignor.name,
      metadata: encodeMemberSubscription({ topics, userData: assignor.userData?.() ?? null, owned: [], generationId: -1 }),
    }),
    async assign({ members }) {
      const joined = members.map((m) => ({ memberId: m.memberId, metadata: m.memberMetadata }));
      const topics = subscribedTopics(joined);
      try {
        // Metadata of topics only other members subscribe to.
        await cluster.addMultipleTargetTopics(topics);
      } catch (error) {
        logger.warn(`group "${groupId}": loading metadata of ${topics.join(', ')} for the assignment failed (${error instanceof Error ? error.message : String(error)}); missing topics get no partitions`);
      }
      const counts = new Map<string, number>();
      for (const topic of topics) {
        const partitions = cluster.findTopicPartitionMetadata(topic).length;
        if (partitions > 0) counts.set(topic, partitions);
      }
      const assignments = assignGroup(assignor, joined, counts);
      return [...assignments].map(([memberId, memberAssignment]) => ({ memberId, memberAssignment }));
    },
  });
}
