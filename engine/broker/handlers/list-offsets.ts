/** ListOffsets (key 2), v1–7: earliest, latest, max timestamp or the first offset at or after a time. */
import { API_KEYS } from '../protocol/index.js';
import { errorCodeOf } from '../errors.js';
import { defineHandler } from './handler.js';

export const listOffsetsHandler = defineHandler({
  apiKey: API_KEYS.ListOffsets,
  async handle(ctx, request) {
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map((p) => {
          try {
            const listed = ctx.broker.listOffsets(topic.name, p.partitionIndex, p.timestamp);
            return { partitionIndex: p.partitionIndex, errorCode: 0, timestamp: listed.timestamp, offset: listed.offset, leaderEpoch: 0 };
          } catch (error) {
            return { partitionIndex: p.partitionIndex, errorCode: errorCodeOf(error), timestamp: -1, offset: -1, leaderEpoch: -1 };
          }
        }),
      })),
    };
  },
  failure: (request, errorCode) => ({
    topics: (request?.topics ?? []).map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode, timestamp: -1, offset: -1 })),
    })),
  }),
});
