/**
 * DescribeGroups, ListGroups and DeleteGroups. Groups known only through committed offsets are
 * Empty groups with protocol type ''. An unknown group is described as Dead (error NONE), as Kafka
 * does. Deleting a group moves it to Dead, drops its offsets durably, then forgets it; only Empty
 * groups can be deleted (NON_EMPTY_GROUP otherwise, GROUP_ID_NOT_FOUND if unknown or already dying).
 */
import { ErrorCode, errorCodeOf } from '../errors.js';
import type { CoordinatorContext } from './coordinator-context.js';
import type { DeleteGroupsResult, DescribedGroup, ListedGroup } from './group-api.js';
import { EMPTY_BYTES } from './group-member.js';
import type { ClassicGroup } from './group.js';

export function describeGroup(ctx: CoordinatorContext, groupId: string): DescribedGroup {
  const group = ctx.closed ? undefined : ctx.lookup(groupId);
  if (!group) {
    return {
      errorCode: ctx.closed ? ErrorCode.COORDINATOR_NOT_AVAILABLE : ErrorCode.NONE,
      groupId,
      groupState: 'Dead',
      protocolType: '',
      protocolData: '',
      members: [],
    };
  }
  const stable = group.state === 'Stable';
  const protocol = stable ? (group.protocolName ?? '') : '';
  return {
    errorCode: ErrorCode.NONE,
    groupId,
    groupState: group.state,
    protocolType: group.protocolType ?? '',
    protocolData: protocol,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: stable ? m.metadataFor(protocol) : EMPTY_BYTES,
      memberAssignment: stable ? m.assignment : EMPTY_BYTES,
    })),
  };
}

/** Every registered group plus every group that only has committed offsets. */
export function listGroups(
  ctx: CoordinatorContext,
  registered: ReadonlyMap<string, ClassicGroup>,
  statesFilter: readonly string[] = [],
): ListedGroup[] {
  const wanted = new Set(statesFilter.map((s) => s.toLowerCase()));
  const listed: ListedGroup[] = [];
  const seen = new Set<string>();
  const consider = (groupId: string, state: string, protocolType: string): void => {
    seen.add(groupId);
    if (wanted.size > 0 && !wanted.has(state.toLowerCase())) return;
    listed.push({ groupId, protocolType, groupState: state, groupType: 'classic' });
  };
  for (const group of registered.values()) consider(group.groupId, group.state, group.protocolType ?? '');
  for (const groupId of ctx.offsets.groupIds()) if (!seen.has(groupId)) consider(groupId, 'Empty', '');
  return listed.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
}

export async function deleteGroup(
  ctx: CoordinatorContext,
  groupId: string,
  forget: (group: ClassicGroup) => void,
): Promise<DeleteGroupsResult> {
  if (ctx.closed) return { groupId, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE };
  const group = ctx.lookup(groupId);
  if (!group || group.state === 'Dead') return { groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND };
  if (group.state !== 'Empty') return { groupId, errorCode: ErrorCode.NON_EMPTY_GROUP };
  group.transition('Deleted');
  group.disposeTimers();
  try {
    await ctx.offsets.deleteGroup(groupId);
    return { groupId, errorCode: ErrorCode.NONE };
  } catch (failure) {
    // The offsets survived, so the group will reappear (Empty) on its next lookup.
    return { groupId, errorCode: errorCodeOf(failure) };
  } finally {
    forget(group);
  }
}
