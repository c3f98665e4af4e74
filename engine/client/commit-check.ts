/**
 * The precondition both GroupConsumers (in-process and kafkajs) check before committing: the
 * consumer is open and owns every partition it commits. A commit for a partition the member does
 * not own would overwrite the owner's progress, so it fails as Kafka's coordinator would
 * (UNKNOWN_MEMBER_ID), naming the partition and the member.
 */
import { ErrorCode, KafkaError } from '../broker/errors.js';
import { tpKey } from './group-assignment.js';
import type { TopicPartitionOffset } from './log-client.js';

export interface CommitterState {
  groupId: string;
  memberId: string;
  closed: boolean;
  owned: { has(key: string): boolean };
}

export function assertCommittable(state: CommitterState, offsets: readonly TopicPartitionOffset[]): void {
  if (state.closed) throw new KafkaError(ErrorCode.INVALID_REQUEST, `the consumer of group "${state.groupId}" is closed`, { domain: 'internal' });
  for (const o of offsets) {
    if (!state.owned.has(tpKey(o))) {
      throw new KafkaError(ErrorCode.UNKNOWN_MEMBER_ID, `group "${state.groupId}": cannot commit ${o.topic}-${o.partition}, it is not assigned to member ${state.memberId || '(none)'}`, { domain: 'internal' });
    }
  }
}
