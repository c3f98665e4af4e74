/**
 * Fetch (key 1), v4–12: a long poll over the requested partitions through the broker's Fetcher.
 * Fetch sessions are declined (session id 0), so clients keep sending full fetches; there are no
 * transactions, so the last stable offset is the high watermark and no transaction is aborted.
 * Record bytes go out by reference (the codec's chunked encoder), never copied per request.
 *
 * Client quirk: @platformatic/kafka 1.x writes the topic *id* into v12's topic-name field (it
 * assumes topic ids). A name that is no topic but is a topic's id is read as that topic, and the
 * response echoes the string the client sent, which is how that client matches it up.
 *
 * A request the Fetcher refuses as a whole (a negative partition maxBytes: INVALID_FETCH_SIZE) is
 * the client's mistake, answered with that error code on every partition; it is not logged as an
 * unexpected handler failure.
 */
import { API_KEYS, type FetchRequest, type FetchableTopicResponse } from '../protocol/index.js';
import type { FetchPartitionRequest } from '../fetch.js';
import { KafkaError } from '../errors.js';
import { defineHandler, type RequestContext } from './handler.js';

function failure(request: FetchRequest | undefined, errorCode: number) {
  return {
    errorCode,
    responses: (request?.topics ?? []).map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p) => ({ partitionIndex: p.partition, errorCode, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: [], records: null })),
    })),
  };
}

function resolveTopic(ctx: RequestContext, sent: string): string {
  if (ctx.broker.hasTopic(sent)) return sent;
  return ctx.broker.topicNameById(sent) ?? sent;
}

export const fetchHandler = defineHandler({
  apiKey: API_KEYS.Fetch,
  async handle(ctx, request) {
    const wanted: FetchPartitionRequest[] = [];
    const sentAs = new Map<string, string>();
    for (const topic of request.topics) {
      const name = resolveTopic(ctx, topic.topic);
      sentAs.set(name, topic.topic);
      for (const p of topic.partitions) wanted.push({ topic: name, partition: p.partition, fetchOffset: p.fetchOffset, maxBytes: p.partitionMaxBytes });
    }
    let results;
    try {
      results = await ctx.broker.fetch(wanted, { maxWaitMs: request.maxWaitMs, minBytes: request.minBytes, maxBytes: request.maxBytes > 0 ? request.maxBytes : 0x7fffffff });
    } catch (error) {
      if (error instanceof KafkaError) return failure(request, error.errorCode);
      throw error;
    }
    const byTopic = new Map<string, FetchableTopicResponse>();
    for (const r of results) {
      let topic = byTopic.get(r.topic);
      if (!topic) byTopic.set(r.topic, (topic = { topic: sentAs.get(r.topic) ?? r.topic, topicId: '00000000-0000-0000-0000-000000000000', partitions: [] }));
      topic.partitions.push({
        partitionIndex: r.partition,
        errorCode: r.errorCode,
        highWatermark: r.highWatermark,
        lastStableOffset: r.lastStableOffset,
        logStartOffset: r.logStartOffset,
        divergingEpoch: { epoch: -1, endOffset: -1 },
        currentLeader: { leaderId: -1, leaderEpoch: -1 },
        snapshotId: { endOffset: -1, epoch: -1 },
        abortedTransactions: [],
        preferredReadReplica: -1,
        records: r.records,
      });
    }
    return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [...byTopic.values()] };
  },
  failure,
});
