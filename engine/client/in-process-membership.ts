/**
 * The group-protocol half of InProcessGroupConsumer: JoinGroup (new members get
 * MEMBER_ID_REQUIRED and rejoin with the id they were given, as JoinGroup v4+ clients do), the
 * leader's assignment, SyncGroup, heartbeats, generation-fenced commits and LeaveGroup, all through
 * the broker's GroupCoordinator. Subscriptions and assignments use Kafka's ConsumerProtocol bytes.
 *
 * A join runs in the background (started by poll) and stores its outcome: an assignment for
 * poll() to apply, or a failure for poll() to throw. It never rejects.
 */
import { ErrorCode, KafkaError, errorName } from '../broker/errors.js';
import type { JoinGroupResponseMember, OffsetCommitResponse } from '../broker/group/index.js';
import type { GroupRequests } from './broker-access.js';
import {
  CONSUMER_PROTOCOL_TYPE,
  assignGroup,
  decodeMemberAssignment,
  encodeMemberSubscription,
  rangeAssignor,
  subscribedTopics,
} from './group-assignment.js';
import type { Assignor, GroupConsumerOptions, TopicPartition, TopicPartitionOffset } from './log-client.js';

export interface MembershipHooks {
  clientId: string;
  /** Partition count of a topic, undefined if it does not exist. */
  partitionCount(topic: string): Promise<number | undefined>;
  /** Partitions the member still owns (declared when it joins). */
  owned(): TopicPartition[];
  isClosing(): boolean;
  /** Called after a successful SyncGroup. */
  onSettled(): void;
}

export class GroupMembership {
  memberId = '';
  generationId = -1;
  /** Set until the first join starts, and whenever the group asks the member to rejoin. */
  needsJoin = true;
  joining: Promise<void> | undefined;
  private assignment: TopicPartition[] | undefined;
  private failure: Error | undefined;
  /** The member lost its membership: it must not declare its old partitions as owned. */
  private lost = false;
  private readonly assignor: Assignor;

  constructor(
    private readonly groups: GroupRequests,
    private readonly options: GroupConsumerOptions,
    private readonly hooks: MembershipHooks,
  ) {
    this.assignor = options.assignor ?? rangeAssignor;
  }

  get groupId(): string {
    return this.options.groupId;
  }

  startJoin(): void {
    if (this.joining || this.hooks.isClosing()) return;
    this.needsJoin = false;
    this.joining = this.joinAndSync()
      .then(
        (assignment) => {
          if (assignment === undefined) return;
          this.assignment = assignment;
          this.lost = false;
          this.hooks.onSettled();
        },
        (error: unknown) => {
          this.failure = error instanceof Error ? error : new Error(String(error));
        },
      )
      .finally(() => {
        this.joining = undefined;
      });
  }

  requestRejoin(): void {
    this.needsJoin = true;
  }

  /** The assignment of the last completed rebalance, once. */
  takeAssignment(): TopicPartition[] | undefined {
    const assignment = this.assignment;
    this.assignment = undefined;
    return assignment;
  }

  throwFailure(): void {
    const failure = this.failure;
    if (failure === undefined) return;
    this.failure = undefined;
    throw failure;
  }

  private async joinAndSync(): Promise<TopicPartition[] | undefined> {
    const { groupId, topics } = this.options;
    for (;;) {
      if (this.hooks.isClosing()) return undefined;
      const join = await this.groups.joinGroup({
        groupId,
        sessionTimeoutMs: this.options.sessionTimeoutMs ?? 10_000,
        rebalanceTimeoutMs: this.options.rebalanceTimeoutMs ?? 60_000,
        memberId: this.memberId,
        groupInstanceId: null,
        protocolType: CONSUMER_PROTOCOL_TYPE,
        protocols: [
          {
            name: this.assignor.name,
            metadata: encodeMemberSubscription({
              topics,
              userData: this.assignor.userData?.() ?? null,
              owned: this.lost ? [] : this.hooks.owned(),
              generationId: this.generationId,
            }),
          },
        ],
        clientId: this.hooks.clientId,
        clientHost: 'in-process',
        reason: null,
        requireKnownMemberId: true,
      });
      if (join.errorCode === ErrorCode.MEMBER_ID_REQUIRED) {
        this.memberId = join.memberId;
        continue;
      }
      if (join.errorCode === ErrorCode.UNKNOWN_MEMBER_ID) {
        this.memberId = '';
        this.lost = true;
        continue;
      }
      if (join.errorCode !== ErrorCode.NONE) throw this.error(join.errorCode, 'joining');
      this.memberId = join.memberId;
      this.generationId = join.generationId;
      if (this.hooks.isClosing()) {
        await this.leave();
        return undefined;
      }
      const assignments =
        join.leader === join.memberId ? [...(await this.leaderAssignments(join.members))].map(([memberId, assignment]) => ({ memberId, assignment })) : [];
      const sync = await this.groups.syncGroup({
        groupId,
        generationId: join.generationId,
        memberId: join.memberId,
        groupInstanceId: null,
        protocolType: CONSUMER_PROTOCOL_TYPE,
        protocolName: join.protocolName,
        assignments,
      });
      if (sync.errorCode === ErrorCode.REBALANCE_IN_PROGRESS || sync.errorCode === ErrorCode.ILLEGAL_GENERATION) continue;
      if (sync.errorCode === ErrorCode.UNKNOWN_MEMBER_ID) {
        this.memberId = '';
        this.lost = true;
        continue;
      }
      if (sync.errorCode !== ErrorCode.NONE) throw this.error(sync.errorCode, 'syncing');
      return decodeMemberAssignment(sync.assignment).filter((tp) => topics.includes(tp.topic));
    }
  }

  private async leaderAssignments(members: readonly JoinGroupResponseMember[]): Promise<Map<string, Buffer>> {
    const counts = new Map<string, number>();
    for (const topic of subscribedTopics(members)) {
      const count = await this.hooks.partitionCount(topic);
      if (count !== undefined) counts.set(topic, count);
    }
    return assignGroup(this.assignor, members, counts);
  }

  /**
   * One heartbeat; false when heartbeats must stop (a join is under way, the membership is lost,
   * or the coordinator failed). A pending rebalance keeps heartbeats going, so the session lives
   * until the caller's next poll rejoins (the group's rebalance timeout bounds that wait).
   */
  async heartbeat(): Promise<boolean> {
    const { generationId, memberId } = this;
    if (this.joining || memberId === '' || this.hooks.isClosing()) return false;
    const { errorCode } = await this.groups.heartbeat({ groupId: this.groupId, generationId, memberId, groupInstanceId: null });
    // A join started meanwhile makes this answer stale; the join schedules the next heartbeat.
    if (this.joining || this.generationId !== generationId || this.memberId !== memberId) return false;
    switch (errorCode) {
      case ErrorCode.NONE:
        return true;
      case ErrorCode.REBALANCE_IN_PROGRESS:
        this.needsJoin = true;
        return true;
      case ErrorCode.UNKNOWN_MEMBER_ID:
        this.memberId = '';
        this.lost = true;
        this.needsJoin = true;
        return false;
      case ErrorCode.ILLEGAL_GENERATION:
        this.lost = true;
        this.needsJoin = true;
        return false;
      default:
        this.failure = this.error(errorCode, 'heartbeating');
        return false;
    }
  }

  /** Commits with the current generation; a commit caught between JoinGroup and SyncGroup waits for the sync. */
  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    let failed = firstFailure(await this.sendCommit(offsets));
    if (failed?.errorCode === ErrorCode.REBALANCE_IN_PROGRESS && this.joining) {
      await this.joining;
      failed = firstFailure(await this.sendCommit(offsets));
    }
    if (failed) {
      throw new KafkaError(
        failed.errorCode,
        `group "${this.groupId}": committing ${failed.topic}-${failed.partition} (member ${this.memberId || '(none)'}, generation ${this.generationId}) failed with ${errorName(failed.errorCode)}`,
      );
    }
  }

  private sendCommit(offsets: readonly TopicPartitionOffset[]): Promise<OffsetCommitResponse> {
    return this.groups.commitOffsets({
      groupId: this.groupId,
      generationId: this.generationId,
      memberId: this.memberId,
      groupInstanceId: null,
      offsets: offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset, leaderEpoch: -1, metadata: o.metadata ?? null })),
    });
  }

  /** LeaveGroup; a member the group already forgot, or a closed coordinator, is not an error. */
  async leave(): Promise<void> {
    const memberId = this.memberId;
    if (memberId === '') return;
    this.memberId = '';
    const response = await this.groups.leaveGroup({ groupId: this.groupId, members: [{ memberId, groupInstanceId: null, reason: 'the consumer is closing' }] });
    const code = response.errorCode !== ErrorCode.NONE ? response.errorCode : (response.members[0]?.errorCode ?? ErrorCode.NONE);
    if (code !== ErrorCode.NONE && code !== ErrorCode.UNKNOWN_MEMBER_ID && code !== ErrorCode.COORDINATOR_NOT_AVAILABLE) {
      throw this.error(code, `leaving (member ${memberId})`);
    }
  }

  private error(code: number, action: string): KafkaError {
    return new KafkaError(code, `group "${this.groupId}": ${action} failed with ${errorName(code)}`);
  }
}

function firstFailure(response: OffsetCommitResponse) {
  return response.offsets.find((o) => o.errorCode !== ErrorCode.NONE);
}
