/**
 * The classic-protocol consumer-group coordinator: one object serving JoinGroup, SyncGroup,
 * Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, DescribeGroups, ListGroups and DeleteGroups for
 * every group of this broker. It knows nothing about sockets: a wire handler turns decoded requests
 * into these calls and the answers (error codes, never exceptions) back into responses.
 *
 * Invariants: all state changes happen synchronously inside a call or a clock timer (so the
 * coordinator is safe on one event loop without locks); the group registry holds each live group
 * once; `close()` disposes every timer and answers every parked request. The per-state behaviour
 * is in `group-state.ts` (`GROUP_TRANSITIONS`, `REQUEST_RULES`).
 */
import type { Clock, Disposable } from '../../util/clock.js';
import { ErrorCode } from '../errors.js';
import type { CoordinatorContext, ResolvedGroupConfig } from './coordinator-context.js';
import {
  DEFAULT_GROUP_CONFIG,
  type DeleteGroupsResponse,
  type DescribeGroupsResponse,
  type GroupCoordinatorConfig,
  type HeartbeatRequest,
  type HeartbeatResponse,
  type JoinGroupRequest,
  type JoinGroupResponse,
  type LeaveGroupRequest,
  type LeaveGroupResponse,
  type ListGroupsResponse,
  type OffsetCommitRequest,
  type OffsetCommitResponse,
  type OffsetFetchRequest,
  type OffsetFetchResponse,
  type SyncGroupRequest,
  type SyncGroupResponse,
} from './group-api.js';
import { deleteGroup, describeGroup, listGroups } from './group-admin.js';
import { failedJoin, failedSync } from './group-member.js';
import type { GroupState } from './group-state.js';
import { ClassicGroup } from './group.js';
import { heartbeat, leaveGroup } from './heartbeat-leave.js';
import { joinGroup } from './join-group.js';
import type { OffsetStore } from './offset-store.js';
import { commitOffsets, fetchOffsets } from './offsets.js';
import { Rebalancer } from './rebalancer.js';
import { syncGroup } from './sync-group.js';

export interface GroupCoordinatorOptions {
  clock: Clock;
  offsets: OffsetStore;
  config?: Partial<GroupCoordinatorConfig>;
}

export class GroupCoordinator implements Disposable {
  private readonly groups = new Map<string, ClassicGroup>();
  private readonly ctx: CoordinatorContext;
  private readonly status = { closed: false };

  constructor(options: GroupCoordinatorOptions) {
    const config: ResolvedGroupConfig = {
      ...DEFAULT_GROUP_CONFIG,
      maxGroupSize: undefined,
      ...stripUndefined(options.config ?? {}),
    };
    const groups = this.groups;
    const dropIfUnused = (group: ClassicGroup): void => {
      if (
        group.isUnused &&
        groups.get(group.groupId) === group &&
        options.offsets.list(group.groupId).length === 0
      ) {
        groups.delete(group.groupId);
      }
    };
    const rebalancer = new Rebalancer({
      clock: options.clock,
      initialRebalanceDelayMs: config.initialRebalanceDelayMs,
      newMemberJoinTimeoutMs: config.newMemberJoinTimeoutMs,
      isLive: (group) => groups.get(group.groupId) === group && group.state !== 'Dead',
      forgetIfUnused: dropIfUnused,
    });
    const status = this.status;
    this.ctx = {
      clock: options.clock,
      offsets: options.offsets,
      config,
      rebalancer,
      get closed() {
        return status.closed;
      },
      lookup: (groupId) => this.lookup(groupId),
      create: (groupId) => {
        const group = new ClassicGroup(groupId);
        groups.set(groupId, group);
        return group;
      },
      dropIfUnused,
    };
  }

  joinGroup(req: JoinGroupRequest): Promise<JoinGroupResponse> {
    return joinGroup(this.ctx, req);
  }

  syncGroup(req: SyncGroupRequest): Promise<SyncGroupResponse> {
    return syncGroup(this.ctx, req);
  }

  async heartbeat(req: HeartbeatRequest): Promise<HeartbeatResponse> {
    return heartbeat(this.ctx, req);
  }

  async leaveGroup(req: LeaveGroupRequest): Promise<LeaveGroupResponse> {
    return leaveGroup(this.ctx, req);
  }

  commitOffsets(req: OffsetCommitRequest): Promise<OffsetCommitResponse> {
    return commitOffsets(this.ctx, req);
  }

  async fetchOffsets(req: OffsetFetchRequest): Promise<OffsetFetchResponse> {
    return fetchOffsets(this.ctx, req);
  }

  async describeGroups(groupIds: readonly string[]): Promise<DescribeGroupsResponse> {
    return { groups: groupIds.map((groupId) => describeGroup(this.ctx, groupId)) };
  }

  /** `statesFilter` as in ListGroups v4+: state names, case-insensitive; empty or absent = all. */
  async listGroups(statesFilter?: readonly string[]): Promise<ListGroupsResponse> {
    if (this.status.closed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, groups: [] };
    return { errorCode: ErrorCode.NONE, groups: listGroups(this.ctx, this.groups, statesFilter) };
  }

  async deleteGroups(groupIds: readonly string[]): Promise<DeleteGroupsResponse> {
    const forget = (group: ClassicGroup): void => {
      if (this.groups.get(group.groupId) === group) this.groups.delete(group.groupId);
    };
    const results = await Promise.all(groupIds.map((groupId) => deleteGroup(this.ctx, groupId, forget)));
    return { results };
  }

  /** The state of a group, or undefined if the coordinator does not know it. For tests and tools. */
  groupState(groupId: string): GroupState | undefined {
    return this.lookup(groupId)?.state;
  }

  /**
   * Stop serving: every group goes Dead, every timer is disposed, parked JoinGroup and SyncGroup
   * requests are answered COORDINATOR_NOT_AVAILABLE (clients rediscover the coordinator), and every
   * later request gets COORDINATOR_NOT_AVAILABLE. Idempotent.
   */
  close(): void {
    if (this.status.closed) return;
    this.status.closed = true;
    for (const group of this.groups.values()) {
      group.disposeTimers();
      group.transition('Unloaded');
      for (const member of group.members.values()) {
        member.completeJoin(failedJoin(member.memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
        member.completeSync(failedSync(ErrorCode.COORDINATOR_NOT_AVAILABLE));
      }
    }
    this.groups.clear();
  }

  dispose(): void {
    this.close();
  }

  private lookup(groupId: string): ClassicGroup | undefined {
    const known = this.groups.get(groupId);
    if (known || this.status.closed) return known;
    if (this.ctx.offsets.list(groupId).length === 0) return undefined;
    // Known only through committed offsets (e.g. after a restart): an Empty group.
    const group = new ClassicGroup(groupId);
    this.groups.set(groupId, group);
    return group;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
