/**
 * What a runtime does before joining its group: learn the partition counts of the source topics,
 * check co-partitioning, and create what is missing — repartition and changelog topics with the
 * configs Kafka Streams gives them (internal-topic-configs.ts), the dead-letter topic, and sink
 * topics (with the partition count of the largest source, as a broker's auto-creation would).
 *
 * An internal topic that already exists must have the partition count the topology needs (Kafka's
 * InternalTopicManager#validate): one left from a run over fewer source partitions is refused,
 * naming it, before anything is processed.
 */
import type { LogClient, NewTopic } from '../../client/log-client.js';
import type { Logger } from '../../util/logger.js';
import { StreamsError } from '../errors.js';
import type { Topology } from '../topology/topology.js';
import { changelogTopicConfigs, REPARTITION_TOPIC_CONFIGS } from './internal-topic-configs.js';
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
  const storeOfChangelog = new Map([...topology.changelogTopics()].map(([store, topic]) => [topic, topology.stores.get(store)!]));
  const maxSource = Math.max(1, ...sourceCounts.values());
  const existing = new Set(await client.listTopics());
  const internal: NewTopic[] = [];
  for (const [logical, partitions] of resolved.internalTopics) {
    const store = storeOfChangelog.get(logical);
    internal.push({ name: `${applicationId}-${logical}`, partitions, configs: store === undefined ? { ...REPARTITION_TOPIC_CONFIGS } : changelogTopicConfigs(store) });
  }
  await checkExistingInternalTopics(client, applicationId, internal.filter((t) => existing.has(t.name)));
  const wanted = [...internal];
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

/** Refuses internal topics that exist with another partition count than the topology needs. */
async function checkExistingInternalTopics(client: LogClient, applicationId: string, topics: NewTopic[]): Promise<void> {
  if (topics.length === 0) return;
  const actual = new Map((await client.describeTopics(topics.map((t) => t.name))).map((t) => [t.name, t.partitions]));
  for (const topic of topics) {
    const partitions = actual.get(topic.name);
    if (partitions === undefined || partitions === topic.partitions) continue;
    throw new StreamsError(
      'STREAMS_TOPOLOGY_INVALID',
      `Existing internal topic ${topic.name} has ${partitions} partition${partitions === 1 ? '' : 's'}, but the topology needs ${topic.partitions} ` +
        '(its source topics have another partition count than when it was created). Reset the application (delete its internal topics and the committed offsets ' +
        `of its group ${JSON.stringify(applicationId)}, so that its state is rebuilt from the input), or give the source topics their former partition count.`,
      { topic: topic.name },
    );
  }
}
