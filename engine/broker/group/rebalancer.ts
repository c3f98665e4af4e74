/**
 * The rebalance engine shared by every handler: starting a rebalance (with the initial delay from
 * Empty), completing the join phase, propagating the leader's assignment, and every clock-driven
 * expiry (member sessions, members pending a MEMBER_ID_REQUIRED rejoin, members that never sync).
 * Mirrors Kafka's `GroupMetadataManager` (`prepareRebalance`, `completeClassicGroupJoin`,
 * `tryCompleteInitialRebalanceElseSchedule`, `expirePendingSync`, …).
 *
 * Invariants: each group holds at most one join timer and one sync timer and each member one
 * session timer (rescheduling replaces, never stacks); timers act only on a group that is still
 * live, i.e. registered with the coordinator and not Dead; every state change goes through the
 * transition table via `ClassicGroup.transition`.
 */
import type { Clock } from '../../util/clock.js';
import { ErrorCode } from '../errors.js';
import type { JoinGroupResponse, JoinGroupResponseMember } from './group-api.js';
import { EMPTY_BYTES, failedJoin, failedSync, type GroupMember } from './group-member.js';
import type { ClassicGroup } from './group.js';
import { canTransition } from './group-state.js';

export interface RebalancerOptions {
  clock: Clock;
  initialRebalanceDelayMs: number;
  newMemberJoinTimeoutMs: number;
  /** Whether the group is still the one the coordinator serves (not deleted, not closed). */
  isLive(group: ClassicGroup): boolean;
  /** Called when a group may hold nothing any more, so the coordinator can forget it. */
  forgetIfUnused(group: ClassicGroup): void;
}

export function joinResponse(
  group: ClassicGroup,
  memberId: string,
  members: JoinGroupResponseMember[],
  leader = group.leaderId ?? '',
): JoinGroupResponse {
  return {
    errorCode: ErrorCode.NONE,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leader,
    skipAssignment: false,
    memberId,
    members,
  };
}

export class Rebalancer {
  constructor(private readonly options: RebalancerOptions) {}

  /** (Re)start a member's session timer; defaults to its session timeout. */
  scheduleSession(group: ClassicGroup, member: GroupMember, timeoutMs = member.sessionTimeoutMs): void {
    const timer = this.options.clock.schedule(timeoutMs, () => this.expireSession(group, member.memberId));
    member.replaceSessionTimer(timer);
  }

  /** A brand-new member may wait in JoinGroup only this long before it is dropped. */
  scheduleNewMemberJoinTimeout(group: ClassicGroup, member: GroupMember): void {
    this.scheduleSession(group, member, this.options.newMemberJoinTimeoutMs);
  }

  /** A member told MEMBER_ID_REQUIRED must rejoin within its session timeout. */
  addPendingMember(group: ClassicGroup, memberId: string, sessionTimeoutMs: number): void {
    const timer = this.options.clock.schedule(sessionTimeoutMs, () => {
      if (!this.options.isLive(group) || !group.removePending(memberId)) return;
      this.maybeCompleteJoinPhase(group);
      this.options.forgetIfUnused(group);
    });
    group.addPending(memberId, timer);
  }

  /** Kafka's `maybePrepareRebalanceOrCompleteJoin`. */
  rebalanceOrCompleteJoin(group: ClassicGroup): void {
    if (canTransition(group.state, 'Rebalance')) this.prepareRebalance(group);
    else this.maybeCompleteJoinPhase(group);
  }

  /** Move to PreparingRebalance; from Empty, wait out the initial delay first. */
  prepareRebalance(group: ClassicGroup): void {
    if (group.state === 'CompletingRebalance') this.resetAssignments(group, ErrorCode.REBALANCE_IN_PROGRESS);
    group.setSyncTimer(undefined);
    group.pendingSync.clear();
    const initial = group.state === 'Empty';
    group.transition('Rebalance');
    if (initial) {
      const delayMs = this.options.initialRebalanceDelayMs;
      const remainingMs = Math.max(group.rebalanceTimeoutMs - delayMs, 0);
      group.newMemberAdded = false;
      group.setJoinTimer(
        this.options.clock.schedule(delayMs, () => this.tryCompleteInitialRebalance(group, remainingMs)),
      );
      return;
    }
    if (group.hasAllMembersJoined()) this.completeJoin(group);
    else this.scheduleJoinTimeout(group);
  }

  /** Complete the join phase if everyone is in, except during the initial delay. */
  maybeCompleteJoinPhase(group: ClassicGroup): void {
    if (
      group.state === 'PreparingRebalance' &&
      group.hasAllMembersJoined() &&
      group.previousState !== 'Empty'
    ) {
      this.completeJoin(group);
    }
  }

  /** End the join phase: drop dynamic members that did not rejoin, start the next generation. */
  completeJoin(group: ClassicGroup): void {
    group.setJoinTimer(undefined);
    if (group.state !== 'PreparingRebalance') return;
    for (const member of [...group.members.values()]) {
      if (!member.isAwaitingJoin && !member.isStatic) group.remove(member.memberId);
    }
    if (!group.electJoinedLeader() && group.members.size > 0) {
      // Nobody rejoined (only static members are left): wait for rejoins or session expiries.
      this.scheduleJoinTimeout(group);
      return;
    }
    group.generationId += 1;
    if (group.members.size === 0) {
      group.protocolName = null;
      group.transition('JoinCompletedEmpty');
      return;
    }
    group.protocolName = group.selectProtocol();
    group.transition('JoinCompleted');
    const forLeader = group.membersForLeader();
    for (const member of group.members.values()) {
      member.completeJoin(
        joinResponse(group, member.memberId, group.isLeader(member.memberId) ? forLeader : []),
      );
      this.scheduleSession(group, member);
      member.isNew = false;
      group.pendingSync.add(member.memberId);
    }
    const generation = group.generationId;
    group.setSyncTimer(
      this.options.clock.schedule(group.rebalanceTimeoutMs, () => this.expirePendingSync(group, generation)),
    );
  }

  /**
   * Remove a member that left or expired: its parked join/sync get UNKNOWN_MEMBER_ID (so a live
   * client rejoins), then the group rebalances or finishes the join phase without it.
   */
  removeMemberAndUpdate(group: ClassicGroup, member: GroupMember): void {
    member.completeJoin(failedJoin('', ErrorCode.UNKNOWN_MEMBER_ID));
    member.completeSync(failedSync(ErrorCode.UNKNOWN_MEMBER_ID));
    group.remove(member.memberId);
    if (group.state === 'Stable' || group.state === 'CompletingRebalance')
      this.rebalanceOrCompleteJoin(group);
    else if (group.state === 'PreparingRebalance' && group.hasAllMembersJoined()) this.completeJoin(group);
  }

  /** Give every member its assignment (or `errorCode`) and restart their sessions. */
  propagateAssignment(group: ClassicGroup, errorCode: number): void {
    for (const member of group.members.values()) {
      const answered = member.completeSync({
        errorCode,
        protocolType: errorCode === ErrorCode.NONE ? group.protocolType : null,
        protocolName: errorCode === ErrorCode.NONE ? group.protocolName : null,
        assignment: errorCode === ErrorCode.NONE ? member.assignment : EMPTY_BYTES,
      });
      if (answered) this.scheduleSession(group, member);
    }
  }

  private resetAssignments(group: ClassicGroup, errorCode: number): void {
    for (const member of group.members.values()) member.assignment = EMPTY_BYTES;
    this.propagateAssignment(group, errorCode);
  }

  private scheduleJoinTimeout(group: ClassicGroup): void {
    group.setJoinTimer(
      this.options.clock.schedule(group.rebalanceTimeoutMs, () => {
        if (this.options.isLive(group)) this.completeJoin(group);
      }),
    );
  }

  private tryCompleteInitialRebalance(group: ClassicGroup, remainingMs: number): void {
    if (!this.options.isLive(group)) return;
    if (group.newMemberAdded && remainingMs > 0) {
      group.newMemberAdded = false;
      const delayMs = Math.min(this.options.initialRebalanceDelayMs, remainingMs);
      const nextRemainingMs = Math.max(remainingMs - this.options.initialRebalanceDelayMs, 0);
      group.setJoinTimer(
        this.options.clock.schedule(delayMs, () => this.tryCompleteInitialRebalance(group, nextRemainingMs)),
      );
      return;
    }
    this.completeJoin(group);
  }

  private expireSession(group: ClassicGroup, memberId: string): void {
    if (!this.options.isLive(group)) return;
    const member = group.members.get(memberId);
    if (!member || member.hasSatisfiedHeartbeat) return;
    this.removeMemberAndUpdate(group, member);
  }

  /** Members of `generation` that never sent SyncGroup are removed and the group rebalances. */
  private expirePendingSync(group: ClassicGroup, generation: number): void {
    group.setSyncTimer(undefined);
    if (!this.options.isLive(group) || generation !== group.generationId) return;
    if (group.state !== 'CompletingRebalance' && group.state !== 'Stable') return;
    const laggards = [...group.pendingSync].filter((memberId) => group.members.has(memberId));
    group.pendingSync.clear();
    if (laggards.length === 0) return;
    for (const memberId of laggards) group.remove(memberId);
    this.prepareRebalance(group);
  }
}
