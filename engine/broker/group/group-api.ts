/**
 * Request and response shapes of the group coordinator. They mirror Kafka's JoinGroup, SyncGroup,
 * Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, DescribeGroups, ListGroups and DeleteGroups
 * messages (camelCase field names as in the JSON specs, Buffers for bytes) so a wire handler maps
 * them field by field. Failures are `errorCode` numbers, never exceptions. Version-specific details
 * (v0–2 LeaveGroup's single member, OffsetFetch v8 batching, …) are the wire layer's business.
 */

export interface JoinGroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  /** -1 (JoinGroup v0) means "same as the session timeout". */
  rebalanceTimeoutMs: number;
  /** '' for a member that does not have an id yet. */
  memberId: string;
  /** Static membership (KIP-345); null for dynamic members. */
  groupInstanceId: string | null;
  protocolType: string;
  protocols: JoinGroupProtocol[];
  clientId: string;
  clientHost: string;
  reason: string | null;
  /** Set by the wire layer for JoinGroup v4+: an empty member id gets MEMBER_ID_REQUIRED (KIP-394). */
  requireKnownMemberId: boolean;
}

export interface JoinGroupResponseMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResponse {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  memberId: string;
  /** Only the leader receives the members (with their metadata for the selected protocol). */
  members: JoinGroupResponseMember[];
}

export interface SyncGroupAssignment {
  memberId: string;
  assignment: Buffer;
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string | null;
  protocolName: string | null;
  /** Only the leader sends assignments. */
  assignments: SyncGroupAssignment[];
}

export interface SyncGroupResponse {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export interface HeartbeatResponse {
  errorCode: number;
}

export interface LeaveGroupMemberIdentity {
  /** '' to remove a static member by its instance id (admin removal). */
  memberId: string;
  groupInstanceId: string | null;
  reason: string | null;
}

export interface LeaveGroupRequest {
  groupId: string;
  members: LeaveGroupMemberIdentity[];
}

export interface LeaveGroupMemberResponse {
  memberId: string;
  groupInstanceId: string | null;
  errorCode: number;
}

export interface LeaveGroupResponse {
  /** Whole-request failure (unknown or dead group); per-member failures are in `members`. */
  errorCode: number;
  members: LeaveGroupMemberResponse[];
}

export interface OffsetCommitPartition {
  topic: string;
  partition: number;
  offset: number;
  /** -1 when unknown (OffsetCommit < v6). */
  leaderEpoch: number;
  metadata: string | null;
}

export interface OffsetCommitRequest {
  groupId: string;
  /** -1 for simple (non-group-managed) and admin commits. */
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  offsets: OffsetCommitPartition[];
}

export interface OffsetCommitPartitionResponse {
  topic: string;
  partition: number;
  errorCode: number;
}

export interface OffsetCommitResponse {
  /** One entry per requested partition, in request order. */
  offsets: OffsetCommitPartitionResponse[];
}

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

export interface OffsetFetchRequest {
  groupId: string;
  /** null = every committed offset of the group. */
  partitions: TopicPartitionRef[] | null;
}

export interface OffsetFetchPartitionResponse {
  topic: string;
  partition: number;
  /** -1 when nothing is committed. */
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

export interface OffsetFetchResponse {
  errorCode: number;
  offsets: OffsetFetchPartitionResponse[];
}

export interface DescribedGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  /** Metadata for the selected protocol; empty unless the group is Stable. */
  memberMetadata: Buffer;
  /** Current assignment; empty unless the group is Stable. */
  memberAssignment: Buffer;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  /** Empty, PreparingRebalance, CompletingRebalance, Stable or Dead (unknown groups are Dead). */
  groupState: string;
  protocolType: string;
  /** The selected protocol name when Stable, else ''. */
  protocolData: string;
  members: DescribedGroupMember[];
}

export interface DescribeGroupsResponse {
  groups: DescribedGroup[];
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  groupState: string;
  groupType: string;
}

export interface ListGroupsResponse {
  errorCode: number;
  groups: ListedGroup[];
}

export interface DeleteGroupsResult {
  groupId: string;
  errorCode: number;
}

export interface DeleteGroupsResponse {
  results: DeleteGroupsResult[];
}

export interface GroupCoordinatorConfig {
  /** `group.initial.rebalance.delay.ms`; default 3000. Use 0 in tests. */
  initialRebalanceDelayMs: number;
  /** `group.min.session.timeout.ms`; default 6000. */
  minSessionTimeoutMs: number;
  /** `group.max.session.timeout.ms`; default 1800000. */
  maxSessionTimeoutMs: number;
  /** `group.max.size`; unlimited when absent. */
  maxGroupSize?: number;
  /** How long a brand-new member may wait in JoinGroup before it is dropped; default 300000. */
  newMemberJoinTimeoutMs?: number;
  /** Longest accepted commit metadata, in characters; default 4096. */
  offsetMetadataMaxSize?: number;
}

export const DEFAULT_GROUP_CONFIG: Readonly<Required<Omit<GroupCoordinatorConfig, 'maxGroupSize'>>> = {
  initialRebalanceDelayMs: 3000,
  minSessionTimeoutMs: 6000,
  maxSessionTimeoutMs: 1_800_000,
  newMemberJoinTimeoutMs: 300_000,
  offsetMetadataMaxSize: 4096,
};
