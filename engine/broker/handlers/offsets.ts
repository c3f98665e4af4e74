/**
 * OffsetCommit (8) v2–9 and OffsetFetch (9) v1–9 on the group coordinator. OffsetFetch v8+
 * batches several groups; v1–7 carry one group at the top level. Commits to an unknown group with
 * a real generation get GROUP_ID_NOT_FOUND from v9 (ILLEGAL_GENERATION before), as in Kafka.
 */
import { API_KEYS, type OffsetFetchResponseTopic } from '../protocol/index.js';
import { ErrorCode } from '../errors.js';
import type { OffsetFetchPartitionResponse } from '../group/index.js';
import { defineHandler, type RequestContext } from './handler.js';

export const offsetCommitHandler = defineHandler({
  apiKey: API_KEYS.OffsetCommit,
  async handle(ctx, request) {
    const offsets = request.topics.flatMap((topic) =>
      topic.partitions.map((p) => ({
        topic: topic.name,
        partition: p.partitionIndex,
        offset: p.committedOffset,
        leaderEpoch: ctx.apiVersion >= 6 ? p.committedLeaderEpoch : -1,
        metadata: p.committedMetadata,
      })),
    );
    const unknownGroup = ctx.apiVersion >= 9 && ctx.broker.groups.groupState(request.groupId) === undefined;
    const response = await ctx.broker.groups.commitOffsets({
      groupId: request.groupId,
      generationId: request.generationIdOrMemberEpoch,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      offsets,
    });
    let i = 0;
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map((p) => {
          let errorCode = response.offsets[i++]?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
          if (unknownGroup && errorCode === ErrorCode.ILLEGAL_GENERATION) errorCode = ErrorCode.GROUP_ID_NOT_FOUND;
          return { partitionIndex: p.partitionIndex, errorCode };
        }),
      })),
    };
  },
  failure: (request, errorCode) => ({
    topics: (request?.topics ?? []).map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) })),
  }),
});

function byTopic(offsets: readonly OffsetFetchPartitionResponse[], withEpoch: boolean): OffsetFetchResponseTopic[] {
  const topics = new Map<string, OffsetFetchResponseTopic>();
  for (const o of offsets) {
    let topic = topics.get(o.topic);
    if (!topic) topics.set(o.topic, (topic = { name: o.topic, partitions: [] }));
    topic.partitions.push({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: withEpoch ? o.leaderEpoch : -1, metadata: o.metadata ?? '', errorCode: o.errorCode });
  }
  return [...topics.values()];
}

async function fetchGroup(ctx: RequestContext, groupId: string, topics: { name: string; partitionIndexes: number[] }[] | null) {
  const partitions = topics?.flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition }))) ?? null;
  const response = await ctx.broker.groups.fetchOffsets({ groupId, partitions });
  return { errorCode: response.errorCode, topics: byTopic(response.offsets, ctx.apiVersion >= 5) };
}

export const offsetFetchHandler = defineHandler({
  apiKey: API_KEYS.OffsetFetch,
  async handle(ctx, request) {
    if (ctx.apiVersion >= 8) {
      const groups = await Promise.all(request.groups.map(async (g) => ({ groupId: g.groupId, ...(await fetchGroup(ctx, g.groupId, g.topics)) })));
      return { throttleTimeMs: 0, groups };
    }
    const result = await fetchGroup(ctx, request.groupId, request.topics);
    return { throttleTimeMs: 0, errorCode: result.errorCode, topics: result.topics };
  },
  failure: (request, errorCode) => ({
    errorCode,
    groups: (request?.groups ?? []).map((g) => ({ groupId: g.groupId, errorCode, topics: [] })),
  }),
});
