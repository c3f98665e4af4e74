/**
 * The group assignor of the stream runtime (Kafka's StreamsPartitionAssignor, simplified): the
 * unit of assignment is a task — one sub-topology at one partition number — and a member that
 * gets a task gets every source topic of that sub-topology at that partition, so co-partitioned
 * inputs of a join always land on the same member. Tasks are dealt round-robin over the members
 * sorted by id, sub-topology by sub-topology, which spreads each sub-topology's tasks evenly.
 */
import type { Assignor, AssignorMember, TopicPartition } from '../../client/log-client.js';
import type { TaskId } from '../processor/api.js';

export interface SubtopologyInputs {
  id: number;
  /** Physical source topics (external and repartition). */
  topics: string[];
}

export function tasksOf(subtopologies: readonly SubtopologyInputs[], partitionCounts: ReadonlyMap<string, number>): TaskId[] {
  const tasks: TaskId[] = [];
  for (const sub of subtopologies) {
    const count = Math.max(0, ...sub.topics.map((t) => partitionCounts.get(t) ?? 0));
    for (let partition = 0; partition < count; partition++) tasks.push({ subtopology: sub.id, partition });
  }
  return tasks;
}

export function streamsAssignor(subtopologies: readonly SubtopologyInputs[]): Assignor {
  return {
    name: 'sluice-streams',
    assign(members: readonly AssignorMember[], partitionCounts: ReadonlyMap<string, number>) {
      const ids = members.map((m) => m.memberId).sort();
      const result = new Map<string, TopicPartition[]>(ids.map((id) => [id, []]));
      let next = 0;
      for (const task of tasksOf(subtopologies, partitionCounts)) {
        const owner = ids[next++ % ids.length];
        if (owner === undefined) break;
        const sub = subtopologies.find((s) => s.id === task.subtopology)!;
        for (const topic of sub.topics) {
          if (task.partition < (partitionCounts.get(topic) ?? 0)) result.get(owner)!.push({ topic, partition: task.partition });
        }
      }
      return result;
    },
  };
}
