/**
 * The classic consumer-group state machine, as data. Two typed tables are the single source of
 * truth the coordinator is driven by:
 *
 * - `GROUP_TRANSITIONS`: state × lifecycle event → next state. `nextState` throws on a pair that is
 *   not in the table, so an impossible transition is a loud bug, never a silent state change.
 * - `REQUEST_RULES`: state × request → what the coordinator does with it (reject at once with a
 *   code, validate the member then reply with a code, park it, …). The handlers look their rule up
 *   here and switch on its `action`.
 *
 * Follows Kafka's `ClassicGroupState` and `GroupMetadataManager` (KIP-394 and KIP-345 included).
 * Deliberate differences from the ClassicGroupState javadoc, matching the current Kafka code:
 * a Heartbeat in CompletingRebalance is answered NONE (clients heartbeat between join and sync),
 * and requests to a Dead group get COORDINATOR_NOT_AVAILABLE so clients rediscover and rejoin.
 */
import { ErrorCode } from '../errors.js';

/** Kafka codes the group coordinator needs that `errors.ts` does not list (Errors.java 81, 82). */
export const GroupErrorCode = {
  ...ErrorCode,
  GROUP_MAX_SIZE_REACHED: 81,
  FENCED_INSTANCE_ID: 82,
} as const;

export const GROUP_STATES = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'] as const;
export type GroupState = (typeof GROUP_STATES)[number];

/**
 * Lifecycle events.
 * - Rebalance: a member joined, left, changed metadata or expired; every member must rejoin.
 * - JoinCompleted: the join phase ended with members; a new generation awaits the leader's sync.
 * - JoinCompletedEmpty: the join phase ended with nobody left; a new, empty generation.
 * - AssignmentSynced: the leader's SyncGroup delivered the assignment.
 * - Deleted: DeleteGroups removes an Empty group (its metadata is being dropped).
 * - Unloaded: the coordinator closes; every group dies.
 */
export type GroupEvent =
  'Rebalance' | 'JoinCompleted' | 'JoinCompletedEmpty' | 'AssignmentSynced' | 'Deleted' | 'Unloaded';

export const GROUP_TRANSITIONS: Readonly<
  Record<GroupState, Readonly<Partial<Record<GroupEvent, GroupState>>>>
> = {
  Empty: { Rebalance: 'PreparingRebalance', Deleted: 'Dead', Unloaded: 'Dead' },
  PreparingRebalance: {
    JoinCompleted: 'CompletingRebalance',
    JoinCompletedEmpty: 'Empty',
    Unloaded: 'Dead',
  },
  CompletingRebalance: { Rebalance: 'PreparingRebalance', AssignmentSynced: 'Stable', Unloaded: 'Dead' },
  Stable: { Rebalance: 'PreparingRebalance', Unloaded: 'Dead' },
  Dead: { Unloaded: 'Dead' },
};

/** Whether `event` is legal in `state`. */
export function canTransition(state: GroupState, event: GroupEvent): boolean {
  return GROUP_TRANSITIONS[state][event] !== undefined;
}

/** The state `event` leads to from `state`; throws if the table has no such transition. */
export function nextState(state: GroupState, event: GroupEvent): GroupState {
  const next = GROUP_TRANSITIONS[state][event];
  if (next === undefined) throw new Error(`illegal group transition: ${event} in state ${state}`);
  return next;
}

export type GroupRequestKind =
  'JoinGroup' | 'SyncGroup' | 'Heartbeat' | 'LeaveGroup' | 'OffsetCommit' | 'OffsetFetch';

/** Answer at once with `errorCode`; nothing about the member is looked at. */
export interface RejectRule {
  readonly action: 'reject';
  readonly errorCode: number;
}
/** Validate member id, instance id and generation; if they pass, answer `errorCode`. */
export interface ReplyRule {
  readonly action: 'reply';
  readonly errorCode: number;
}
/** JoinGroup: admit the member and start a rebalance (the initial one when Empty). */
export interface AdmitRule {
  readonly action: 'admit';
}
/** JoinGroup / SyncGroup: hold the request until the phase completes. */
export interface ParkRule {
  readonly action: 'park';
}
/**
 * JoinGroup from a member of the current generation: unchanged metadata gets the current
 * generation back at once; changed metadata (or, if `leaderForcesRebalance`, the leader) rebalances.
 */
export interface RejoinRule {
  readonly action: 'rejoin';
  readonly leaderForcesRebalance: boolean;
}
/** SyncGroup: answer with the member's current assignment. */
export interface AnswerAssignmentRule {
  readonly action: 'answerAssignment';
}
/** LeaveGroup: remove the members, then `then`. */
export interface RemoveRule {
  readonly action: 'remove';
  readonly then: 'nothing' | 'completeJoinIfReady' | 'rebalance';
}
/** OffsetCommit: validate and store; `acceptSimple` lets generation -1 commit without a member. */
export interface CommitRule {
  readonly action: 'commit';
  readonly acceptSimple: boolean;
}
/** OffsetFetch: answer from the store; `none` answers -1 for everything (the group is going away). */
export interface FetchRule {
  readonly action: 'fetch';
  readonly none: boolean;
}

export interface RequestRuleByKind {
  JoinGroup: RejectRule | AdmitRule | ParkRule | RejoinRule;
  SyncGroup: RejectRule | ReplyRule | ParkRule | AnswerAssignmentRule;
  Heartbeat: RejectRule | ReplyRule;
  LeaveGroup: RejectRule | RemoveRule;
  OffsetCommit: RejectRule | ReplyRule | CommitRule;
  OffsetFetch: FetchRule;
}

const notAvailable: RejectRule = { action: 'reject', errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE };

export const REQUEST_RULES: Readonly<Record<GroupState, Readonly<RequestRuleByKind>>> = {
  Empty: {
    JoinGroup: { action: 'admit' },
    SyncGroup: { action: 'reject', errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
    Heartbeat: { action: 'reject', errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
    // Only members still waiting for MEMBER_ID_REQUIRED's rejoin can be removed here.
    LeaveGroup: { action: 'remove', then: 'nothing' },
    OffsetCommit: { action: 'commit', acceptSimple: true },
    OffsetFetch: { action: 'fetch', none: false },
  },
  PreparingRebalance: {
    JoinGroup: { action: 'park' },
    SyncGroup: { action: 'reply', errorCode: ErrorCode.REBALANCE_IN_PROGRESS },
    Heartbeat: { action: 'reply', errorCode: ErrorCode.REBALANCE_IN_PROGRESS },
    LeaveGroup: { action: 'remove', then: 'completeJoinIfReady' },
    // Members of the previous generation may still commit what they processed.
    OffsetCommit: { action: 'commit', acceptSimple: false },
    OffsetFetch: { action: 'fetch', none: false },
  },
  CompletingRebalance: {
    JoinGroup: { action: 'rejoin', leaderForcesRebalance: false },
    SyncGroup: { action: 'park' },
    Heartbeat: { action: 'reply', errorCode: ErrorCode.NONE },
    LeaveGroup: { action: 'remove', then: 'rebalance' },
    OffsetCommit: { action: 'reply', errorCode: ErrorCode.REBALANCE_IN_PROGRESS },
    OffsetFetch: { action: 'fetch', none: false },
  },
  Stable: {
    JoinGroup: { action: 'rejoin', leaderForcesRebalance: true },
    SyncGroup: { action: 'answerAssignment' },
    Heartbeat: { action: 'reply', errorCode: ErrorCode.NONE },
    LeaveGroup: { action: 'remove', then: 'rebalance' },
    OffsetCommit: { action: 'commit', acceptSimple: false },
    OffsetFetch: { action: 'fetch', none: false },
  },
  Dead: {
    JoinGroup: notAvailable,
    SyncGroup: notAvailable,
    Heartbeat: notAvailable,
    LeaveGroup: notAvailable,
    OffsetCommit: notAvailable,
    OffsetFetch: { action: 'fetch', none: true },
  },
};

/** The rule for `kind` in `state`. */
export function requestRule<K extends GroupRequestKind>(state: GroupState, kind: K): RequestRuleByKind[K] {
  return REQUEST_RULES[state][kind];
}
