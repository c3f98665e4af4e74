/**
 * Partition bookkeeping a runtime does at startup (Kafka's RepartitionTopics and
 * CopartitionedTopicsEnforcer), as pure functions of a Topology and the partition counts of the
 * external source topics:
 *
 * - A repartition topic has the count given by `repartition({ numberOfPartitions })`, else the max
 *   count of the source topics of the sub-topology writing to it.
 * - Co-partition groups (join inputs): external topics in a group must agree (else a
 *   STREAMS_NOT_COPARTITIONED error naming them and their counts, which also holds for
 *   repartition topics of a fixed count); the other repartition topics in the group take that
 *   count, else the fixed one, else the group's max (Kafka's CopartitionedTopicsEnforcer).
 * - A sub-topology has one task per partition number up to the max count of its source topics; a
 *   changelog topic has as many partitions as its store's sub-topology has tasks.
 */
import { StreamsError } from '../errors.js';
import type { Topology } from './topology.js';

export type PartitionCounts = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

export interface ResolvedPartitions {
  /** Logical internal topic name (repartition and changelog) → partition count. */
  readonly internalTopics: Map<string, number>;
  /** Sub-topology id → number of tasks (partition numbers 0 … n−1). */
  readonly tasksPerSubtopology: Map<number, number>;
}

function toMap(counts: PartitionCounts): Map<string, number> {
  return counts instanceof Map ? new Map(counts) : new Map(Object.entries(counts as Record<string, number>));
}

/**
 * The sets of topics that must be co-partitioned: each join's inputs, with groups that share a
 * topic merged (two joins reading one repartition topic tie both their other inputs to it).
 */
export function copartitionGroups(topology: Topology): string[][] {
  const groups: string[][] = [];
  for (const sources of topology.copartitionSourceGroups) {
    let merged = [
      ...new Set(
        sources.flatMap((name) => {
          const node = topology.node(name);
          return node.kind === 'source' ? node.topics : [];
        }),
      ),
    ];
    for (let i = groups.length - 1; i >= 0; i--) {
      if (!groups[i]!.some((topic) => merged.includes(topic))) continue;
      merged = [...new Set([...groups[i]!, ...merged])];
      groups.splice(i, 1);
    }
    groups.push(merged);
  }
  return groups;
}

function notCopartitioned(topics: [string, number][]): StreamsError {
  const list = topics.map(([t, n]) => `${t} (${n} partition${n === 1 ? '' : 's'})`).join(', ');
  return new StreamsError(
    'STREAMS_NOT_COPARTITIONED',
    `Invalid topology: Topics not co-partitioned: [${list}]. The inputs of a join must have the same number of partitions; ` +
      'recreate one topic or repartition one side with repartition({ numberOfPartitions }).',
    { topic: topics[0]?.[0] },
  );
}

function unknownTopic(topic: string): StreamsError {
  return new StreamsError('STREAMS_UNKNOWN_TOPIC', `The partition count of source topic ${topic} is unknown (does the topic exist?)`, { topic });
}

export function checkCopartitioning(topology: Topology, partitionCounts: PartitionCounts): void {
  const counts = toMap(partitionCounts);
  for (const group of copartitionGroups(topology)) {
    const external = group.filter((t) => !topology.isRepartitionTopic(t));
    const known = external.map((t): [string, number] => {
      const n = counts.get(t);
      if (n === undefined) throw unknownTopic(t);
      return [t, n];
    });
    const fixed = group.flatMap((t): [string, number][] => {
      const n = topology.repartitionTopics.get(t)?.numberOfPartitions;
      return n === undefined ? [] : [[t, n]];
    });
    const all = [...known, ...fixed];
    if (new Set(all.map(([, n]) => n)).size > 1) throw notCopartitioned(all);
  }
}

export function resolvePartitionCounts(topology: Topology, sourceTopicCounts: PartitionCounts): ResolvedPartitions {
  const counts = toMap(sourceTopicCounts);
  const subtopologies = topology.subtopologies();
  for (const topic of topology.sourceTopics()) if (!counts.has(topic)) throw unknownTopic(topic);
  for (const def of topology.repartitionTopics.values()) {
    if (def.numberOfPartitions !== undefined) counts.set(def.name, def.numberOfPartitions);
  }
  // Derive unfixed repartition topics from their writers' sources, to a fixpoint.
  for (let changed = true; changed; ) {
    changed = false;
    for (const topic of topology.repartitionTopics.keys()) {
      if (counts.has(topic)) continue;
      const writers = subtopologies.filter((s) => s.sinkTopics.includes(topic));
      const inputs = writers.flatMap((s) => s.sourceTopics.map((t) => counts.get(t)));
      if (inputs.length === 0 || inputs.some((n) => n === undefined)) continue;
      counts.set(topic, Math.max(...(inputs as number[])));
      changed = true;
    }
  }
  checkCopartitioning(topology, counts);
  for (const group of copartitionGroups(topology)) {
    const external = group.filter((t) => !topology.isRepartitionTopic(t));
    const fixed = group.find((t) => topology.repartitionTopics.get(t)?.numberOfPartitions !== undefined);
    // An outside topic's count, else a fixed repartition count (checkCopartitioning made them agree), else the max.
    const anchor = external[0] ?? fixed;
    const target = anchor !== undefined ? counts.get(anchor) : Math.max(...group.map((t) => counts.get(t) ?? 1));
    for (const t of group) {
      if (!topology.isRepartitionTopic(t) || topology.repartitionTopics.get(t)?.numberOfPartitions !== undefined) continue;
      if (target !== undefined) counts.set(t, target);
    }
  }
  const internalTopics = new Map<string, number>();
  for (const topic of topology.repartitionTopics.keys()) {
    const n = counts.get(topic);
    if (n === undefined) throw new StreamsError('STREAMS_TOPOLOGY_INVALID', `Cannot determine the partition count of repartition topic ${topic}`);
    internalTopics.set(topic, n);
  }
  const tasksPerSubtopology = new Map<number, number>();
  for (const s of subtopologies) {
    tasksPerSubtopology.set(s.id, Math.max(0, ...s.sourceTopics.map((t) => counts.get(t) ?? 0)));
  }
  const changelogs = topology.changelogTopics();
  for (const s of subtopologies) {
    for (const store of s.stores) {
      const changelog = changelogs.get(store);
      if (changelog !== undefined) internalTopics.set(changelog, tasksPerSubtopology.get(s.id) ?? 1);
    }
  }
  return { internalTopics, tasksPerSubtopology };
}
