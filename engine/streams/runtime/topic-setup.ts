/**
 * What a runtime does before joining its group: learn the partition counts of the source topics,
 * check co-partitioning, and create what is missing — repartition topics, compacted changelog
 * topics (one partition per task of their sub-topology), the dead-letter topic, and sink topics
 * (with the partition count of the largest source, as a broker's auto-creation would).
 */
import type { LogClient, NewTopic } from '../../client/log-client.js';
import type { Logger } from '../../util/logger.js';
import type { Topology } from '../topology/topology.js';
import type { SubtopologyInputs } from './streams-assignor.js';

export interface TopicSetup {
  /** Physical topic → partition count, for every topic the runtime reads or writes. */
  partitionCounts: Map<string, number>;
  subtopologies: SubtopologyInputs[];
}

export async function prepareTopics(client: LogClient, topology: Topology, applicationId: string, deadLetterTopic: string | undefined, logger: Logger): Promise<TopicSetup> {
  const physical = (topic: string) => (topology.isRepartitionTopic(topic) ? `${applicationId}-${topic}` : topic);
  const sources = await client.describeTopics(topology.sourceTopics());
  const sourceCounts = new Map(sources.map((t) => [t.name, t.partitions]));
  const resolved = topology.resolvePartitionCounts(sourceCounts);
  const changelogs = new Set(topology.changelogTopics().values());
  const maxSource = Math.max(1, ...sourceCounts.values());
  const existing = new Set(await client.listTopics());
  const wanted: NewTopic[] = [];
  for (const [logical, partitions] of resolved.internalTopics) {
    const configs: Record<string, string> = changelogs.has(logical) ? { 'cleanup.policy': 'compact' } : {};
    wanted.push({ name: `${applicationId}-${logical}`, partitions, configs });
  }
  for (const sink of topology.sinkTopics()) if (!existing.has(sink)) wanted.push({ name: sink, partitions: maxSource });
  if (deadLetterTopic !== undefined) wanted.push({ name: deadLetterTopic, partitions: 1 });
  const missing = wanted.filter((t) => !existing.has(t.name));
  if (missing.length > 0) {
    await client.createTopics(missing, { ifNotExists: true });
    logger.info(`created ${missing.map((t) => `${t.name} (${t.partitions})`).join(', ')} for ${applicationId}`);
  }
  const partitionCounts = new Map<string, number>(sourceCounts);
  for (const topic of wanted) partitionCounts.set(topic.name, topic.partitions);
  for (const sink of topology.sinkTopics()) {
    if (!partitionCounts.has(sink)) {
      const [info] = await client.describeTopics([sink]);
      if (info) partitionCounts.set(sink, info.partitions);
    }
  }
  const subtopologies = topology.subtopologies().map((sub) => ({ id: sub.id, topics: sub.sourceTopics.map(physical) }));
  return { partitionCounts, subtopologies };
}
