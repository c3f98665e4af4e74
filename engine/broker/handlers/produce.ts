/**
 * Produce (key 0): appends each partition's batches through the broker, all partitions of a
 * request concurrently (so acks=all partitions share fsync rounds). Failures are per partition,
 * with the broker's message in errorMessage (v8+). acks=0 gets no response at all; a failure
 * there is only logged, as Kafka does.
 *
 * v0–2 are advertised (librdkafka < 2.11.1 compresses gzip/snappy/lz4 only when Produce v0 is in
 * range) but carry legacy message sets (magic 0/1), which Sluice does not store: every partition
 * of such a request gets UNSUPPORTED_FOR_MESSAGE_FORMAT and nothing is appended.
 */
import { API_KEYS, type PartitionProduceResponse } from '../protocol/index.js';
import { ErrorCode, KafkaError, errorCodeOf } from '../errors.js';
import type { Acks } from '../broker.js';
import { defineHandler, messageOf, type RequestContext } from './handler.js';

async function producePartition(ctx: RequestContext, topic: string, index: number, records: Buffer | null, acks: Acks): Promise<PartitionProduceResponse> {
  const base = { index, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage: null, currentLeader: { leaderId: -1, leaderEpoch: -1 } };
  try {
    if (records === null || records.length === 0) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `produce to "${topic}" partition ${index} carries no records`);
    if (!ctx.broker.hasTopic(topic)) await ctx.broker.ensureTopic(topic);
    const result = await ctx.broker.produce(topic, index, records, { acks });
    return { ...base, errorCode: 0, baseOffset: result.baseOffset, logAppendTimeMs: result.logAppendTimeMs, logStartOffset: result.logStartOffset };
  } catch (error) {
    if (!(error instanceof KafkaError)) ctx.logger.error(`produce to "${topic}" partition ${index} failed unexpectedly`, error);
    return { ...base, errorCode: errorCodeOf(error), errorMessage: messageOf(error) };
  }
}

export const produceHandler = defineHandler({
  apiKey: API_KEYS.Produce,
  async handle(ctx, request) {
    const acks = request.acks as Acks;
    if (ctx.apiVersion < 3) {
      ctx.logger.warn(`Produce v${ctx.apiVersion} from ${ctx.clientId ?? 'unknown client'} refused: legacy message sets (magic 0/1) are not supported, use Produce v3+`);
      if (acks === 0) return null;
      return {
        responses: request.topicData.map((t) => ({
          name: t.name,
          partitionResponses: t.partitionData.map((p) => ({ index: p.index, errorCode: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, baseOffset: -1 })),
        })),
      };
    }
    if (acks !== 0 && acks !== 1 && acks !== -1) {
      return {
        responses: request.topicData.map((t) => ({
          name: t.name,
          partitionResponses: t.partitionData.map((p) => ({ index: p.index, errorCode: ErrorCode.INVALID_REQUIRED_ACKS, baseOffset: -1, errorMessage: `acks must be 0, 1 or -1, got ${request.acks}` })),
        })),
      };
    }
    const responses = await Promise.all(
      request.topicData.map(async (topic) => ({
        name: topic.name,
        partitionResponses: await Promise.all(topic.partitionData.map((p) => producePartition(ctx, topic.name, p.index, p.records, acks))),
      })),
    );
    if (acks === 0) {
      for (const topic of responses) {
        for (const p of topic.partitionResponses) {
          if (p.errorCode !== 0) ctx.logger.warn(`acks=0 produce to "${topic.name}" partition ${p.index} from ${ctx.clientId ?? 'unknown client'} failed: ${p.errorMessage}`);
        }
      }
      return null;
    }
    return { responses, throttleTimeMs: 0 };
  },
  failure: (request, errorCode) => ({
    responses: (request?.topicData ?? []).map((t) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((p) => ({ index: p.index, errorCode, baseOffset: -1 })),
    })),
  }),
});
