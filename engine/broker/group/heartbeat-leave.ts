/**
 * Heartbeat and LeaveGroup. A heartbeat validates the member and generation, restarts the
 * member's session timer and tells it whether a rebalance is under way. LeaveGroup removes members
 * by member id, or by instance id alone for admin removal of static members, then rebalances or
 * finishes the join phase. What happens in each state comes from `REQUEST_RULES`.
 */
import { ErrorCode } from '../errors.js';
import type { CoordinatorContext } from './coordinator-context.js';
import type {
  HeartbeatRequest,
  HeartbeatResponse,
  LeaveGroupMemberIdentity,
  LeaveGroupMemberResponse,
  LeaveGroupRequest,
  LeaveGroupResponse,
} from './group-api.js';
import { failedJoin, failedSync } from './group-member.js';
import { requestRule } from './group-state.js';
import type { ClassicGroup } from './group.js';

export function heartbeat(ctx: CoordinatorContext, req: HeartbeatRequest): HeartbeatResponse {
  if (ctx.closed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE };
  if (req.groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID };
  const group = ctx.lookup(req.groupId);
  if (!group) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
  const rule = requestRule(group.state, 'Heartbeat');
  if (rule.action === 'reject') return { errorCode: rule.errorCode };
  const error = group.validateMember(req.memberId, req.groupInstanceId);
  const member = group.members.get(req.memberId);
  if (error !== ErrorCode.NONE || !member) return { errorCode: error || ErrorCode.UNKNOWN_MEMBER_ID };
  if (req.generationId !== group.generationId) return { errorCode: ErrorCode.ILLEGAL_GENERATION };
  ctx.rebalancer.scheduleSession(group, member);
  return { errorCode: rule.errorCode };
}

export function leaveGroup(ctx: CoordinatorContext, req: LeaveGroupRequest): LeaveGroupResponse {
  if (ctx.closed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
  if (req.groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, members: [] };
  const group = ctx.lookup(req.groupId);
  if (!group) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, members: [] };
  const rule = requestRule(group.state, 'LeaveGroup');
  if (rule.action === 'reject') return { errorCode: rule.errorCode, members: [] };

  const members = req.members.map((identity) => leaveOne(group, identity));
  if (members.some((m) => m.errorCode === ErrorCode.NONE)) {
    if (rule.then === 'rebalance') ctx.rebalancer.rebalanceOrCompleteJoin(group);
    else if (rule.then === 'completeJoinIfReady') ctx.rebalancer.maybeCompleteJoinPhase(group);
  }
  ctx.dropIfUnused(group);
  return { errorCode: ErrorCode.NONE, members };
}

function leaveOne(group: ClassicGroup, identity: LeaveGroupMemberIdentity): LeaveGroupMemberResponse {
  const answer = (errorCode: number): LeaveGroupMemberResponse => ({
    memberId: identity.memberId,
    groupInstanceId: identity.groupInstanceId,
    errorCode,
  });
  if (identity.memberId === '') {
    // Admin removal of a static member by its instance id alone.
    const staticId =
      identity.groupInstanceId === null ? undefined : group.staticMemberId(identity.groupInstanceId);
    if (staticId === undefined) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
    removeMember(group, staticId);
    return answer(ErrorCode.NONE);
  }
  if (group.removePending(identity.memberId)) return answer(ErrorCode.NONE);
  const error = group.validateMember(identity.memberId, identity.groupInstanceId);
  if (error !== ErrorCode.NONE) return answer(error);
  removeMember(group, identity.memberId);
  return answer(ErrorCode.NONE);
}

/** Remove without rebalancing yet: the caller decides once all leaving members are out. */
function removeMember(group: ClassicGroup, memberId: string): void {
  const member = group.remove(memberId);
  member?.completeJoin(failedJoin('', ErrorCode.UNKNOWN_MEMBER_ID));
  member?.completeSync(failedSync(ErrorCode.UNKNOWN_MEMBER_ID));
}
