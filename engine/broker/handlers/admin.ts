/**
 * Admin APIs: CreateTopics (19), DeleteTopics (20), DeleteRecords (21), DescribeConfigs (32), InitProducerId (22),
 * DescribeGroups (15) and ListGroups (16). A single node keeps one replica, so a replication
 * factor above 1 is refused with a message saying so; -1 means the broker default, as kafkajs sends.
 */
import { API_KEYS, type CreatableTopicResult, type DescribeConfigsResult } from '../protocol/index.js';
import { ErrorCode, KafkaError, errorCodeOf } from '../errors.js';
import type { CreatableTopic } from '../protocol/index.js';
import { defineHandler, messageOf, type RequestContext } from './handler.js';

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

function partitionCount(topic: CreatableTopic): number {
  if (topic.assignments.length > 0) {
    if (topic.numPartitions !== -1) throw new KafkaError(ErrorCode.INVALID_REQUEST, `topic "${topic.name}": give either a partition count or replica assignments, not both`);
    if (topic.assignments.some((a) => a.brokerIds.length !== 1 || a.brokerIds[0] !== 1)) {
      throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `topic "${topic.name}": this single-node broker (id 1) can only assign replicas to broker 1`);
    }
    return topic.assignments.length;
  }
  return topic.numPartitions;
}

async function createOne(ctx: RequestContext, topic: CreatableTopic, validateOnly: boolean): Promise<CreatableTopicResult> {
  try {
    if (topic.replicationFactor > 1) {
      throw new KafkaError(ErrorCode.INVALID_REPLICATION_FACTOR, `topic "${topic.name}": replication factor ${topic.replicationFactor} is larger than the 1 available broker`);
    }
    const configs: Record<string, string> = {};
    for (const c of topic.configs) if (c.value !== null) configs[c.name] = c.value;
    const created = await ctx.broker.createTopic(topic.name, { partitions: partitionCount(topic), configs, validateOnly });
    return {
      name: topic.name,
      topicId: created.id || ZERO_UUID,
      errorCode: 0,
      errorMessage: null,
      topicConfigErrorCode: 0,
      numPartitions: validateOnly ? (topic.numPartitions === -1 ? ctx.broker.settings.numPartitions : partitionCount(topic)) : created.partitions.length,
      replicationFactor: 1,
      configs: created.configs.map((c) => ({ name: c.name, value: c.value, readOnly: false, configSource: configSource(c.source), isSensitive: false })),
    };
  } catch (error) {
    return { name: topic.name, topicId: ZERO_UUID, errorCode: errorCodeOf(error), errorMessage: messageOf(error), topicConfigErrorCode: 0, numPartitions: -1, replicationFactor: -1, configs: null };
  }
}

/** Kafka's ConfigSource ids: 1 dynamic topic config, 4 static broker config, 5 default. */
function configSource(source: 'topic' | 'broker' | 'default'): number {
  return source === 'topic' ? 1 : source === 'broker' ? 4 : 5;
}

export const createTopicsHandler = defineHandler({
  apiKey: API_KEYS.CreateTopics,
  async handle(ctx, request) {
    const topics: CreatableTopicResult[] = [];
    for (const topic of request.topics) topics.push(await createOne(ctx, topic, request.validateOnly));
    return { throttleTimeMs: 0, topics };
  },
  failure: (request, errorCode) => ({ topics: (request?.topics ?? []).map((t) => ({ name: t.name, errorCode })) }),
});

export const deleteTopicsHandler = defineHandler({
  apiKey: API_KEYS.DeleteTopics,
  async handle(ctx, request) {
    const names = ctx.apiVersion >= 6 ? request.topics.map((t) => t.name ?? topicNameById(ctx, t.topicId)) : request.topicNames;
    const responses = [];
    for (const name of names) {
      try {
        if (name === undefined) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_ID, 'no topic has that id');
        const id = ctx.broker.hasTopic(name) ? ctx.broker.describeTopic(name).id : ZERO_UUID;
        await ctx.broker.deleteTopic(name);
        responses.push({ name, topicId: id, errorCode: 0, errorMessage: null });
      } catch (error) {
        responses.push({ name: name ?? null, topicId: ZERO_UUID, errorCode: errorCodeOf(error), errorMessage: messageOf(error) });
      }
    }
    return { throttleTimeMs: 0, responses };
  },
  failure: (request, errorCode) => ({ responses: (request?.topicNames ?? []).map((name) => ({ name, errorCode })) }),
});

function topicNameById(ctx: RequestContext, id: string): string | undefined {
  return ctx.broker.listTopics({ includeInternal: true }).find((t) => t.id === id)?.name;
}

const RESOURCE_TOPIC = 2;
const RESOURCE_BROKER = 4;

function describeResource(ctx: RequestContext, resourceType: number, resourceName: string, keys: string[] | null): DescribeConfigsResult {
  const base = { errorCode: 0, errorMessage: null, resourceType, resourceName };
  try {
    let entries: { name: string; value: string; source: number; doc: string }[];
    if (resourceType === RESOURCE_TOPIC) {
      entries = ctx.broker.describeConfigs(resourceName).map((c) => ({ name: c.name, value: c.value, source: configSource(c.source), doc: c.doc }));
    } else if (resourceType === RESOURCE_BROKER) {
      entries = Object.entries(ctx.broker.settings.topicDefaults).map(([name, value]) => ({ name, value, source: 4, doc: '' }));
    } else {
      throw new KafkaError(ErrorCode.INVALID_REQUEST, `resource type ${resourceType} is not supported (topics: 2, brokers: 4)`);
    }
    const selected = keys === null ? entries : entries.filter((e) => keys.includes(e.name));
    return {
      ...base,
      configs: selected.map((e) => ({
        name: e.name,
        value: e.value,
        readOnly: resourceType === RESOURCE_BROKER,
        isDefault: e.source === 5,
        configSource: e.source,
        isSensitive: false,
        synonyms: [],
        configType: 0,
        documentation: ctx.apiVersion >= 3 ? e.doc : null,
      })),
    };
  } catch (error) {
    return { ...base, errorCode: errorCodeOf(error), errorMessage: messageOf(error), configs: [] };
  }
}

export const describeConfigsHandler = defineHandler({
  apiKey: API_KEYS.DescribeConfigs,
  async handle(ctx, request) {
    return { throttleTimeMs: 0, results: request.resources.map((r) => describeResource(ctx, r.resourceType, r.resourceName, r.configurationKeys)) };
  },
  failure: (request, errorCode) => ({
    results: (request?.resources ?? []).map((r) => ({ errorCode, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] })),
  }),
});

export const initProducerIdHandler = defineHandler({
  apiKey: API_KEYS.InitProducerId,
  async handle(ctx) {
    return { throttleTimeMs: 0, errorCode: 0, producerId: ctx.nextProducerId(), producerEpoch: 0 };
  },
  failure: (_request, errorCode) => ({ errorCode, producerId: -1, producerEpoch: -1 }),
});

export const describeGroupsHandler = defineHandler({
  apiKey: API_KEYS.DescribeGroups,
  async handle(ctx, request) {
    const response = await ctx.broker.groups.describeGroups(request.groups);
    return { throttleTimeMs: 0, groups: response.groups.map((g) => ({ ...g, authorizedOperations: -2147483648 })) };
  },
  failure: (request, errorCode) => ({ groups: (request?.groups ?? []).map((groupId) => ({ groupId, errorCode })) }),
});

export const listGroupsHandler = defineHandler({
  apiKey: API_KEYS.ListGroups,
  async handle(ctx, request) {
    const response = await ctx.broker.groups.listGroups(request.statesFilter.length > 0 ? request.statesFilter : undefined);
    return { throttleTimeMs: 0, ...response };
  },
  failure: (_request, errorCode) => ({ errorCode }),
});

/** DeleteRecords (21): per partition, the new low watermark or the error (unknown partition, offset past the end). */
export const deleteRecordsHandler = defineHandler({
  apiKey: API_KEYS.DeleteRecords,
  handle(ctx, request) {
    const topics = request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map(({ partitionIndex, offset }) => {
        try {
          return { partitionIndex, lowWatermark: ctx.broker.deleteRecords(topic.name, partitionIndex, offset), errorCode: 0 };
        } catch (error) {
          return { partitionIndex, lowWatermark: -1, errorCode: errorCodeOf(error) };
        }
      }),
    }));
    return Promise.resolve({ throttleTimeMs: 0, topics });
  },
  failure: (request, errorCode) => ({
    topics: (request?.topics ?? []).map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode })) })),
  }),
});
