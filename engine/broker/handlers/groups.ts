/**
 * Group membership APIs — FindCoordinator (10), JoinGroup (11), SyncGroup (14), Heartbeat (12),
 * LeaveGroup (13) — mapped field by field onto the group coordinator. This broker coordinates
 * every group. Version quirks handled here: JoinGroup v0 has no rebalance timeout, v4+ requires a
 * known member id (KIP-394); LeaveGroup v0–2 names one member, v3+ a batch.
 */
import { API_KEYS } from '../protocol/index.js';
import { ErrorCode } from '../errors.js';
import { NODE_ID, defineHandler } from './handler.js';

export const findCoordinatorHandler = defineHandler({
  apiKey: API_KEYS.FindCoordinator,
  async handle(ctx, request) {
    const { host, port } = ctx.advertised;
    const keys = ctx.apiVersion >= 4 ? request.coordinatorKeys : [request.key];
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      nodeId: NODE_ID,
      host,
      port,
      coordinators: keys.map((key) => ({ key, nodeId: NODE_ID, host, port, errorCode: 0, errorMessage: null })),
    };
  },
  failure: (request, errorCode) => ({
    errorCode,
    nodeId: -1,
    coordinators: (request?.coordinatorKeys ?? []).map((key) => ({ key, nodeId: -1, errorCode })),
  }),
});

export const joinGroupHandler = defineHandler({
  apiKey: API_KEYS.JoinGroup,
  async handle(ctx, request) {
    const response = await ctx.broker.groups.joinGroup({
      groupId: request.groupId,
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: ctx.apiVersion >= 1 ? request.rebalanceTimeoutMs : -1,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      protocolType: request.protocolType,
      protocols: request.protocols,
      clientId: ctx.clientId ?? '',
      clientHost: ctx.clientHost,
      reason: request.reason,
      requireKnownMemberId: ctx.apiVersion >= 4,
    });
    // Before v7 the protocol name is not nullable: Kafka answers "" while no protocol is chosen.
    const protocolName = response.protocolName ?? (ctx.apiVersion >= 7 ? null : '');
    return { throttleTimeMs: 0, ...response, protocolName };
  },
  failure: (request, errorCode) => ({ errorCode, generationId: -1, memberId: request?.memberId ?? '', leader: '' }),
});

export const syncGroupHandler = defineHandler({
  apiKey: API_KEYS.SyncGroup,
  async handle(ctx, request) {
    const response = await ctx.broker.groups.syncGroup({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      protocolType: request.protocolType,
      protocolName: request.protocolName,
      assignments: request.assignments,
    });
    return { throttleTimeMs: 0, ...response };
  },
  failure: (_request, errorCode) => ({ errorCode }),
});

export const heartbeatHandler = defineHandler({
  apiKey: API_KEYS.Heartbeat,
  async handle(ctx, request) {
    return { throttleTimeMs: 0, ...(await ctx.broker.groups.heartbeat(request)) };
  },
  failure: (_request, errorCode) => ({ errorCode }),
});

export const leaveGroupHandler = defineHandler({
  apiKey: API_KEYS.LeaveGroup,
  async handle(ctx, request) {
    const batched = ctx.apiVersion >= 3;
    const members = batched ? request.members : [{ memberId: request.memberId, groupInstanceId: null, reason: null }];
    const response = await ctx.broker.groups.leaveGroup({ groupId: request.groupId, members });
    if (batched) return { throttleTimeMs: 0, ...response };
    const memberError = response.members.find((m) => m.errorCode !== ErrorCode.NONE)?.errorCode ?? ErrorCode.NONE;
    return { throttleTimeMs: 0, errorCode: response.errorCode || memberError, members: [] };
  },
  failure: (_request, errorCode) => ({ errorCode }),
});
