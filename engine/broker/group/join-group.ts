/**
 * JoinGroup: admitting new members (dynamic ids `clientId-uuid`, MEMBER_ID_REQUIRED for v4+,
 * static members replacing their previous incarnation), parking rejoins until the join phase
 * completes, and answering members of the current generation at once when nothing changed.
 * What happens in each state comes from `REQUEST_RULES[state].JoinGroup`.
 *
 * Invariant: the returned promise settles exactly once — at once for errors and unchanged rejoins,
 * otherwise when the join phase completes, the member is removed, or the coordinator closes.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../errors.js';
import type { CoordinatorContext } from './coordinator-context.js';
import type { JoinGroupRequest, JoinGroupResponse } from './group-api.js';
import { failedJoin, failedSync, GroupMember, type JoinWaiter } from './group-member.js';
import { GroupErrorCode, requestRule } from './group-state.js';
import type { ClassicGroup } from './group.js';
import { joinResponse } from './rebalancer.js';

export function joinGroup(ctx: CoordinatorContext, req: JoinGroupRequest): Promise<JoinGroupResponse> {
  return new Promise((resolve) => join(ctx, req, resolve));
}

function join(ctx: CoordinatorContext, req: JoinGroupRequest, respond: JoinWaiter): void {
  if (ctx.closed) return respond(failedJoin(req.memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
  if (req.groupId === '') return respond(failedJoin(req.memberId, ErrorCode.INVALID_GROUP_ID));
  const { minSessionTimeoutMs, maxSessionTimeoutMs } = ctx.config;
  if (req.sessionTimeoutMs < minSessionTimeoutMs || req.sessionTimeoutMs > maxSessionTimeoutMs) {
    return respond(failedJoin(req.memberId, ErrorCode.INVALID_SESSION_TIMEOUT));
  }
  const isNewMember = req.memberId === '';
  let group = ctx.lookup(req.groupId);
  if (!group) {
    if (!isNewMember) return respond(failedJoin(req.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    group = ctx.create(req.groupId);
  }
  if (!acceptsJoiningMember(ctx, group, req.memberId)) {
    group.removePending(req.memberId);
    group.remove(req.memberId)?.completeJoin(failedJoin('', ErrorCode.UNKNOWN_MEMBER_ID));
    respond(failedJoin(req.memberId, GroupErrorCode.GROUP_MAX_SIZE_REACHED));
  } else if (isNewMember) {
    joinNewMember(ctx, group, req, respond);
  } else {
    joinExistingMember(ctx, group, req, respond);
  }
  // Outside the initial delay, the join phase ends as soon as everybody is in.
  ctx.rebalancer.maybeCompleteJoinPhase(group);
  ctx.dropIfUnused(group);
}

/** `group.max.size`: existing members always get in; new ones only while there is room. */
function acceptsJoiningMember(ctx: CoordinatorContext, group: ClassicGroup, memberId: string): boolean {
  const max = ctx.config.maxGroupSize;
  if (max === undefined) return true;
  const member = group.members.get(memberId);
  switch (group.state) {
    case 'Empty':
    case 'Dead':
      return true;
    case 'PreparingRebalance': {
      let awaiting = 0;
      for (const m of group.members.values()) if (m.isAwaitingJoin) awaiting += 1;
      return member?.isAwaitingJoin === true || awaiting < max;
    }
    case 'CompletingRebalance':
    case 'Stable':
      return member !== undefined || group.members.size < max;
  }
}

function protocolNames(req: JoinGroupRequest): string[] {
  return req.protocols.map((p) => p.name);
}

function effectiveRebalanceTimeoutMs(req: JoinGroupRequest): number {
  return req.rebalanceTimeoutMs < 0 ? req.sessionTimeoutMs : req.rebalanceTimeoutMs;
}

function joinNewMember(
  ctx: CoordinatorContext,
  group: ClassicGroup,
  req: JoinGroupRequest,
  respond: JoinWaiter,
): void {
  const rule = requestRule(group.state, 'JoinGroup');
  if (rule.action === 'reject') return respond(failedJoin('', rule.errorCode));
  if (!group.supportsProtocols(req.protocolType, protocolNames(req), '')) {
    return respond(failedJoin('', ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
  }
  const newMemberId = `${req.groupInstanceId ?? req.clientId}-${randomUUID()}`;
  if (req.groupInstanceId !== null) {
    const existing = group.staticMemberId(req.groupInstanceId);
    if (existing !== undefined) return replaceStaticMember(ctx, group, req, existing, newMemberId, respond);
    return addMember(ctx, group, req, newMemberId, respond);
  }
  if (req.requireKnownMemberId) {
    ctx.rebalancer.addPendingMember(group, newMemberId, req.sessionTimeoutMs);
    return respond(failedJoin(newMemberId, ErrorCode.MEMBER_ID_REQUIRED));
  }
  addMember(ctx, group, req, newMemberId, respond);
}

function joinExistingMember(
  ctx: CoordinatorContext,
  group: ClassicGroup,
  req: JoinGroupRequest,
  respond: JoinWaiter,
): void {
  const rule = requestRule(group.state, 'JoinGroup');
  if (rule.action === 'reject') return respond(failedJoin(req.memberId, rule.errorCode));
  if (!group.supportsProtocols(req.protocolType, protocolNames(req), req.memberId)) {
    return respond(failedJoin(req.memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
  }
  if (group.isPending(req.memberId)) {
    // The rejoin MEMBER_ID_REQUIRED asked for. Static members never get MEMBER_ID_REQUIRED.
    if (req.groupInstanceId !== null) return respond(failedJoin(req.memberId, ErrorCode.INVALID_REQUEST));
    return addMember(ctx, group, req, req.memberId, respond);
  }
  const error = group.validateMember(req.memberId, req.groupInstanceId);
  const member = group.members.get(req.memberId);
  if (error !== ErrorCode.NONE || !member)
    return respond(failedJoin(req.memberId, error || ErrorCode.UNKNOWN_MEMBER_ID));
  switch (rule.action) {
    case 'admit':
      // An Empty group has no members, so validation above already failed; kept for completeness.
      return respond(failedJoin(req.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    case 'park':
      updateAndPark(group, member, req, respond);
      return ctx.rebalancer.rebalanceOrCompleteJoin(group);
    case 'rejoin': {
      const forced = rule.leaderForcesRebalance && group.isLeader(member.memberId);
      if (forced || !member.matches(req.protocols)) {
        updateAndPark(group, member, req, respond);
        return ctx.rebalancer.rebalanceOrCompleteJoin(group);
      }
      // Same metadata (e.g. the first response was lost): hand back the current generation.
      ctx.rebalancer.scheduleSession(group, member);
      const members = group.isLeader(member.memberId) ? group.membersForLeader() : [];
      return respond(joinResponse(group, member.memberId, members));
    }
  }
}

function updateAndPark(
  group: ClassicGroup,
  member: GroupMember,
  req: JoinGroupRequest,
  respond: JoinWaiter,
): void {
  member.protocols = req.protocols;
  member.sessionTimeoutMs = req.sessionTimeoutMs;
  member.rebalanceTimeoutMs = effectiveRebalanceTimeoutMs(req);
  member.parkJoin(respond, ErrorCode.REBALANCE_IN_PROGRESS);
}

function addMember(
  ctx: CoordinatorContext,
  group: ClassicGroup,
  req: JoinGroupRequest,
  memberId: string,
  respond: JoinWaiter,
): void {
  const member = new GroupMember({
    memberId,
    groupInstanceId: req.groupInstanceId,
    clientId: req.clientId,
    clientHost: req.clientHost,
    sessionTimeoutMs: req.sessionTimeoutMs,
    rebalanceTimeoutMs: effectiveRebalanceTimeoutMs(req),
    protocolType: req.protocolType,
    protocols: req.protocols,
  });
  member.isNew = true;
  // A member arriving during the initial delay extends it (bounded by the rebalance timeout).
  if (group.state === 'PreparingRebalance' && group.previousState === 'Empty') group.newMemberAdded = true;
  group.add(member);
  member.parkJoin(respond, ErrorCode.REBALANCE_IN_PROGRESS);
  ctx.rebalancer.scheduleNewMemberJoinTimeout(group, member);
  ctx.rebalancer.rebalanceOrCompleteJoin(group);
}

/**
 * A static member came back without its member id (e.g. after a restart): it takes over the old
 * member's place and assignment. A Stable group whose selected protocol stays the same does not
 * rebalance; the returning member gets the current generation and then syncs for its assignment.
 */
function replaceStaticMember(
  ctx: CoordinatorContext,
  group: ClassicGroup,
  req: JoinGroupRequest,
  oldMemberId: string,
  newMemberId: string,
  respond: JoinWaiter,
): void {
  const old = group.members.get(oldMemberId);
  if (!old) return addMember(ctx, group, req, newMemberId, respond);
  const leaderBefore = group.leaderId ?? '';
  // Fence the previous incarnation if it still has a request parked.
  old.completeJoin(failedJoin(oldMemberId, GroupErrorCode.FENCED_INSTANCE_ID));
  old.completeSync(failedSync(GroupErrorCode.FENCED_INSTANCE_ID));
  const replacement = new GroupMember({
    memberId: newMemberId,
    groupInstanceId: old.groupInstanceId,
    clientId: old.clientId,
    clientHost: req.clientHost,
    sessionTimeoutMs: req.sessionTimeoutMs,
    rebalanceTimeoutMs: effectiveRebalanceTimeoutMs(req),
    protocolType: req.protocolType,
    protocols: req.protocols,
  });
  replacement.assignment = old.assignment;
  group.replaceStatic(oldMemberId, replacement);
  ctx.rebalancer.scheduleSession(group, replacement);
  replacement.parkJoin(respond, ErrorCode.REBALANCE_IN_PROGRESS);
  if (group.state === 'Stable' && group.selectProtocol() === group.protocolName) {
    replacement.completeJoin(joinResponse(group, newMemberId, [], leaderBefore));
    return;
  }
  // CompletingRebalance must rebalance too: the leader may be assigning to the old member id.
  ctx.rebalancer.rebalanceOrCompleteJoin(group);
}
