/**
 * The topics a pipeline run needs before its streams runtime starts: its source topics, the topics
 * its datagen nodes write, its sink topics and its dead-letter topic. Missing ones are created —
 * sources only when allowed (see TopicSetupOptions); sinks with their `partitions`, and their
 * `compression` as the topic's `compression.type`, so the broker stores them compressed as Kafka
 * does. Existing ones are left as they are. Internal repartition and changelog topics are the
 * streams runtime's business.
 */
import { EngineError } from '../../api/errors.js';
import type { LogClient, NewTopic } from '../../client/log-client.js';
import type { Logger } from '../../util/logger.js';
import type { CompiledPlan } from '../compile/plan.js';

export function topicsOf(plan: CompiledPlan, defaultPartitions: number): NewTopic[] {
  const wanted = new Map<string, NewTopic>();
  const add = (topic: NewTopic) => {
    if (!wanted.has(topic.name)) wanted.set(topic.name, topic);
  };
  for (const source of plan.sources) add({ name: source.topic, partitions: defaultPartitions });
  for (const gen of plan.datagen) for (const output of gen.outputs) add({ name: output.topic, partitions: defaultPartitions });
  for (const sink of plan.sinks) {
    const configs = sink.compression === 'none' ? undefined : { 'compression.type': sink.compression };
    add({ name: sink.topic, partitions: sink.partitions ?? defaultPartitions, ...(configs ? { configs } : {}) });
  }
  if (plan.errorPolicy === 'dead-letter') add({ name: plan.deadLetterTopic, partitions: 1 });
  return [...wanted.values()];
}

export interface TopicSetupOptions {
  defaultPartitions: number;
  /** Whether a missing source topic is created (else the start is refused, naming the node). */
  createMissingSources: boolean;
}

/** Creates the plan's missing topics; returns the names it created. */
export async function ensurePipelineTopics(client: LogClient, plan: CompiledPlan, options: TopicSetupOptions, logger: Logger): Promise<string[]> {
  const existing = new Set(await client.listTopics());
  if (!options.createMissingSources) {
    const absent = plan.sources.filter((s) => !existing.has(s.topic));
    const [first] = absent;
    if (first !== undefined) {
      const list = absent.map((s) => `"${s.topic}" (node "${s.nodeId}")`).join(', ');
      throw new EngineError('PIP_SOURCE_TOPIC_MISSING', `source topic${absent.length > 1 ? 's' : ''} ${list} do${absent.length > 1 ? '' : 'es'} not exist on the cluster; create ${absent.length > 1 ? 'them' : 'it'} with the partitions you want`, { domain: 'user', nodeId: first.nodeId });
    }
  }
  const missing = topicsOf(plan, options.defaultPartitions).filter((t) => !existing.has(t.name));
  if (missing.length === 0) return [];
  await client.createTopics(missing, { ifNotExists: true });
  logger.info(`pipeline ${plan.pipelineName}: created ${missing.map((t) => `${t.name} (${t.partitions})`).join(', ')}`);
  return missing.map((t) => t.name);
}
