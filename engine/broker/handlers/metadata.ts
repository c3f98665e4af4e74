/**
 * Metadata (key 3): one broker (node 1) that leads every partition and is the controller.
 * Topic list semantics by version: v0 empty = all topics; v1+ null = all, empty = none. Unknown
 * topics are auto-created when the broker allows it and (v4+) the client asks for it.
 */
import { API_KEYS, type MetadataResponseTopic } from '../protocol/index.js';
import { ErrorCode } from '../errors.js';
import { errorCodeOf } from '../errors.js';
import { topicNameProblem } from '../topic-names.js';
import type { TopicDescription } from '../broker.js';
import { NODE_ID, defineHandler, type RequestContext } from './handler.js';

const INT32_MIN = -2147483648;

function topicMetadata(topic: TopicDescription): MetadataResponseTopic {
  return {
    errorCode: 0,
    name: topic.name,
    topicId: topic.id,
    isInternal: topic.internal,
    partitions: topic.partitions.map((p) => ({
      errorCode: 0,
      partitionIndex: p.partition,
      leaderId: NODE_ID,
      leaderEpoch: 0,
      replicaNodes: [NODE_ID],
      isrNodes: [NODE_ID],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: INT32_MIN,
  };
}

function failedTopic(name: string, errorCode: number): MetadataResponseTopic {
  return { errorCode, name, topicId: '00000000-0000-0000-0000-000000000000', isInternal: false, partitions: [], topicAuthorizedOperations: INT32_MIN };
}

async function requestedTopic(ctx: RequestContext, name: string, allowAutoCreate: boolean): Promise<MetadataResponseTopic> {
  if (ctx.broker.hasTopic(name)) return topicMetadata(ctx.broker.describeTopic(name));
  if (topicNameProblem(name)) return failedTopic(name, ErrorCode.INVALID_TOPIC_EXCEPTION);
  if (!allowAutoCreate || !ctx.broker.settings.autoCreateTopics) return failedTopic(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  try {
    return topicMetadata(await ctx.broker.ensureTopic(name));
  } catch (error) {
    return failedTopic(name, errorCodeOf(error));
  }
}

export const metadataHandler = defineHandler({
  apiKey: API_KEYS.Metadata,
  async handle(ctx, request) {
    const names = request.topics?.map((t) => t.name).filter((n): n is string => n !== null);
    const all = request.topics === null || (ctx.apiVersion === 0 && request.topics.length === 0);
    const allowAutoCreate = ctx.apiVersion < 4 || request.allowAutoTopicCreation;
    const topics = all
      ? ctx.broker.listTopics({ includeInternal: true }).map(topicMetadata)
      : await Promise.all((names ?? []).map((name) => requestedTopic(ctx, name, allowAutoCreate)));
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: NODE_ID, host: ctx.advertised.host, port: ctx.advertised.port, rack: null }],
      clusterId: ctx.clusterId,
      controllerId: NODE_ID,
      topics,
      clusterAuthorizedOperations: INT32_MIN,
    };
  },
  failure: (request, errorCode) => ({
    topics: (request?.topics ?? []).map((t) => failedTopic(t.name ?? '', errorCode)),
  }),
});
