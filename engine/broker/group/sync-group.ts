/**
 * SyncGroup: followers park until the leader's SyncGroup brings the assignment, then every member
 * is answered with its own bytes (empty if the leader gave it none) and the group becomes Stable.
 * In Stable a SyncGroup is answered with the current assignment. What happens in each state comes
 * from `REQUEST_RULES[state].SyncGroup`.
 *
 * Invariant: a parked SyncGroup settles when the assignment arrives, when the group goes back to
 * PreparingRebalance (REBALANCE_IN_PROGRESS), when its member is removed, or on close.
 */
import { ErrorCode } from '../errors.js';
import type { CoordinatorContext } from './coordinator-context.js';
import type { SyncGroupRequest, SyncGroupResponse } from './group-api.js';
import { EMPTY_BYTES, failedSync, type GroupMember, type SyncWaiter } from './group-member.js';
import { requestRule } from './group-state.js';
import type { ClassicGroup } from './group.js';

export function syncGroup(ctx: CoordinatorContext, req: SyncGroupRequest): Promise<SyncGroupResponse> {
  return new Promise((resolve) => sync(ctx, req, resolve));
}

/** A protocol type/name sent by the client must match the group's, when both are known. */
function inconsistent(requested: string | null, actual: string | null): boolean {
  return requested !== null && actual !== null && requested !== actual;
}

function sync(ctx: CoordinatorContext, req: SyncGroupRequest, respond: SyncWaiter): void {
  if (ctx.closed) return respond(failedSync(ErrorCode.COORDINATOR_NOT_AVAILABLE));
  if (req.groupId === '') return respond(failedSync(ErrorCode.INVALID_GROUP_ID));
  const group = ctx.lookup(req.groupId);
  if (!group) return respond(failedSync(ErrorCode.UNKNOWN_MEMBER_ID));
  const rule = requestRule(group.state, 'SyncGroup');
  if (rule.action === 'reject') return respond(failedSync(rule.errorCode));

  const error = group.validateMember(req.memberId, req.groupInstanceId);
  const member = group.members.get(req.memberId);
  if (error !== ErrorCode.NONE || !member) return respond(failedSync(error || ErrorCode.UNKNOWN_MEMBER_ID));
  if (req.generationId !== group.generationId) return respond(failedSync(ErrorCode.ILLEGAL_GENERATION));
  if (
    inconsistent(req.protocolType, group.protocolType) ||
    inconsistent(req.protocolName, group.protocolName)
  ) {
    return respond(failedSync(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
  }

  switch (rule.action) {
    case 'reply':
      return respond(failedSync(rule.errorCode));
    case 'park':
      member.parkSync(respond, ErrorCode.REBALANCE_IN_PROGRESS);
      markSynced(group, member.memberId);
      if (group.isLeader(member.memberId)) applyLeaderAssignment(ctx, group, req);
      return;
    case 'answerAssignment':
      markSynced(group, member.memberId);
      ctx.rebalancer.scheduleSession(group, member);
      return respond(assignmentOf(group, member));
  }
}

function markSynced(group: ClassicGroup, memberId: string): void {
  group.pendingSync.delete(memberId);
  if (group.pendingSync.size === 0) group.setSyncTimer(undefined);
}

function assignmentOf(group: ClassicGroup, member: GroupMember): SyncGroupResponse {
  return {
    errorCode: ErrorCode.NONE,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    assignment: member.assignment,
  };
}

/** The leader's assignments go to every member (missing ones get empty bytes); the group is Stable. */
function applyLeaderAssignment(ctx: CoordinatorContext, group: ClassicGroup, req: SyncGroupRequest): void {
  const byMember = new Map(req.assignments.map((a) => [a.memberId, a.assignment]));
  for (const member of group.members.values())
    member.assignment = byMember.get(member.memberId) ?? EMPTY_BYTES;
  group.transition('AssignmentSynced');
  ctx.rebalancer.propagateAssignment(group, ErrorCode.NONE);
}
