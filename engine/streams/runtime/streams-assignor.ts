/**
 * The group assignor of the stream runtime (Kafka's StreamsPartitionAssignor, simplified): the
 * unit of assignment is a task — one sub-topology at one partition number — and a member that
 * gets a task gets every source topic of that sub-topology at that partition, so co-partitioned
 * inputs of a join always land on the same member.
 *
 * Sticky, as Kafka's task assignors are: each member sends the tasks it runs with its subscription
 * (userData: `{"v":1,"tasks":["0_1",…]}`), and a task stays with its owner as long as the owner
 * holds no more than its share (⌈tasks / members⌉). The rest go to the least loaded member, the
 * one with fewest tasks of that sub-topology first (so a first assignment spreads each
 * sub-topology evenly), then by member id; finally tasks move from the most to the least loaded
 * member until they differ by one at most. A moved task restores its state from its changelog, so
 * when a member joins or leaves only as many tasks move as balance needs.
 */
import type { Assignor, AssignorMember, TopicPartition } from '../../client/log-client.js';
import { taskIdString, type TaskId } from '../processor/api.js';

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

const USER_DATA_VERSION = 1;

/** The subscription userData naming the tasks a member runs. */
export function encodeOwnedTasks(tasks: readonly TaskId[]): Buffer {
  return Buffer.from(JSON.stringify({ v: USER_DATA_VERSION, tasks: tasks.map(taskIdString) }));
}

/** The tasks a member says it runs; none when its userData is absent or not ours. */
export function decodeOwnedTasks(userData: Buffer | null): string[] {
  if (userData === null || userData.length === 0) return [];
  try {
    const parsed = JSON.parse(userData.toString('utf8')) as { v?: unknown; tasks?: unknown };
    return parsed.v === USER_DATA_VERSION && Array.isArray(parsed.tasks) ? parsed.tasks.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** `ownedTasks`: the tasks this member runs now, sent with each subscription. */
export function streamsAssignor(subtopologies: readonly SubtopologyInputs[], ownedTasks: () => readonly TaskId[] = () => []): Assignor {
  return {
    name: 'sluice-streams',
    userData: () => encodeOwnedTasks(ownedTasks()),
    assign(members: readonly AssignorMember[], partitionCounts: ReadonlyMap<string, number>) {
      const owners = assignTasks(members, tasksOf(subtopologies, partitionCounts));
      const result = new Map<string, TopicPartition[]>(members.map((m) => [m.memberId, []]));
      for (const [task, owner] of owners) {
        const sub = subtopologies.find((s) => s.id === task.subtopology)!;
        for (const topic of sub.topics) {
          if (task.partition < (partitionCounts.get(topic) ?? 0)) result.get(owner)!.push({ topic, partition: task.partition });
        }
      }
      return result;
    },
  };
}

/** Each task's member: kept with its previous owner within its share, the rest balanced (see above). */
export function assignTasks(members: readonly AssignorMember[], tasks: readonly TaskId[]): Map<TaskId, string> {
  const ids = members.map((m) => m.memberId).sort();
  const owners = new Map<TaskId, string>();
  if (ids.length === 0) return owners;
  const load = new Map(ids.map((id) => [id, [] as TaskId[]]));
  const give = (task: TaskId, id: string) => {
    owners.set(task, id);
    load.get(id)!.push(task);
  };
  const previous = new Map<string, string>();
  for (const m of members) for (const task of decodeOwnedTasks(m.userData)) if (!previous.has(task)) previous.set(task, m.memberId);
  const share = Math.ceil(tasks.length / ids.length);
  for (const task of tasks) {
    const owner = previous.get(taskIdString(task));
    if (owner !== undefined && load.get(owner)!.length < share) give(task, owner);
  }
  for (const task of tasks) {
    if (owners.has(task)) continue;
    const ofSub = (id: string) => load.get(id)!.filter((t) => t.subtopology === task.subtopology).length;
    const least = ids.reduce((best, id) => {
      const diff = load.get(id)!.length - load.get(best)!.length || ofSub(id) - ofSub(best);
      return diff < 0 ? id : best;
    });
    give(task, least);
  }
  for (;;) {
    const byLoad = [...ids].sort((a, b) => load.get(a)!.length - load.get(b)!.length || (a < b ? -1 : 1));
    const least = byLoad[0]!;
    const most = byLoad[byLoad.length - 1]!;
    if (load.get(most)!.length - load.get(least)!.length <= 1) return owners;
    const moved = load.get(most)!.pop()!;
    give(moved, least);
  }
}
