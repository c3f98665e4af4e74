/**
 * OffsetCommit and OffsetFetch. Commits are validated like Kafka's
 * `ClassicGroup#validateOffsetCommit` (generation -1 on an Empty or unknown group is a simple/admin
 * commit; otherwise member and generation must match; CompletingRebalance answers
 * REBALANCE_IN_PROGRESS), then written through the `OffsetStore`; a commit is acknowledged only
 * once the store says it is durable. Fetches read the store; nothing committed means offset -1.
 */
import { ErrorCode, errorCodeOf } from '../errors.js';
import type { CoordinatorContext } from './coordinator-context.js';
import type {
  OffsetCommitPartitionResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetFetchPartitionResponse,
  OffsetFetchRequest,
  OffsetFetchResponse,
} from './group-api.js';
import { requestRule } from './group-state.js';
import type { ClassicGroup } from './group.js';
import type { CommittedOffset } from './offset-store.js';

export async function commitOffsets(
  ctx: CoordinatorContext,
  req: OffsetCommitRequest,
): Promise<OffsetCommitResponse> {
  const all = (errorCode: number): OffsetCommitResponse => ({
    offsets: req.offsets.map((o) => ({ topic: o.topic, partition: o.partition, errorCode })),
  });
  if (ctx.closed) return all(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  if (req.groupId === '') return all(ErrorCode.INVALID_GROUP_ID);
  const error = validateCommit(ctx.lookup(req.groupId), req);
  if (error !== ErrorCode.NONE) return all(error);

  const maxSize = ctx.config.offsetMetadataMaxSize;
  const nowMs = ctx.clock.now();
  const accepted: CommittedOffset[] = [];
  const results: OffsetCommitPartitionResponse[] = req.offsets.map((o) => {
    const metadata = o.metadata ?? '';
    if (metadata.length > maxSize) {
      return { topic: o.topic, partition: o.partition, errorCode: ErrorCode.OFFSET_METADATA_TOO_LARGE };
    }
    accepted.push({
      topic: o.topic,
      partition: o.partition,
      offset: o.offset,
      leaderEpoch: o.leaderEpoch,
      metadata,
      commitTimestampMs: nowMs,
    });
    return { topic: o.topic, partition: o.partition, errorCode: ErrorCode.NONE };
  });
  if (accepted.length === 0) return { offsets: results };
  try {
    await ctx.offsets.commit(req.groupId, accepted);
  } catch (failure) {
    const code = errorCodeOf(failure);
    return { offsets: results.map((r) => (r.errorCode === ErrorCode.NONE ? { ...r, errorCode: code } : r)) };
  }
  return { offsets: results };
}

function validateCommit(group: ClassicGroup | undefined, req: OffsetCommitRequest): number {
  const isSimple = req.generationId < 0;
  if (!group) {
    // No group at all: a simple consumer or admin commit creates it; anything else is stale.
    return isSimple ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
  }
  const rule = requestRule(group.state, 'OffsetCommit');
  if (rule.action === 'reject') return rule.errorCode;
  if (isSimple && rule.action === 'commit' && rule.acceptSimple) return ErrorCode.NONE;
  if (!isSimple || req.memberId !== '' || req.groupInstanceId !== null) {
    const memberError = group.validateMember(req.memberId, req.groupInstanceId);
    if (memberError !== ErrorCode.NONE) return memberError;
    if (req.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  } else {
    // Generation -1 without a member id is only accepted while nobody is in the group.
    return ErrorCode.UNKNOWN_MEMBER_ID;
  }
  return rule.action === 'reply' ? rule.errorCode : ErrorCode.NONE;
}

export function fetchOffsets(ctx: CoordinatorContext, req: OffsetFetchRequest): OffsetFetchResponse {
  if (ctx.closed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, offsets: [] };
  const group = ctx.lookup(req.groupId);
  const rule = requestRule(group?.state ?? 'Empty', 'OffsetFetch');
  const none = (topic: string, partition: number): OffsetFetchPartitionResponse => ({
    topic,
    partition,
    offset: -1,
    leaderEpoch: -1,
    metadata: '',
    errorCode: ErrorCode.NONE,
  });
  if (req.partitions === null) {
    if (rule.none) return { errorCode: ErrorCode.NONE, offsets: [] };
    return { errorCode: ErrorCode.NONE, offsets: ctx.offsets.list(req.groupId).map(toFetched) };
  }
  const offsets = req.partitions.map(({ topic, partition }) => {
    const found = rule.none ? undefined : ctx.offsets.get(req.groupId, topic, partition);
    return found ? toFetched(found) : none(topic, partition);
  });
  return { errorCode: ErrorCode.NONE, offsets };
}

function toFetched(offset: CommittedOffset): OffsetFetchPartitionResponse {
  return {
    topic: offset.topic,
    partition: offset.partition,
    offset: offset.offset,
    leaderEpoch: offset.leaderEpoch,
    metadata: offset.metadata,
    errorCode: ErrorCode.NONE,
  };
}
