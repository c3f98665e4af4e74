/**
 * Heartbeat (key 12). Kafka defines v0–4 (flexible from v4); Sluice serves all. A member in a
 * rebalancing group gets REBALANCE_IN_PROGRESS and rejoins.
 */
import { message, type Assert, type MessageValue, type Same } from '../schema.js';

export const heartbeatRequest = message({
  name: 'HeartbeatRequest',
  apiKey: 12,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
  ],
});

export const heartbeatResponse = message({
  name: 'HeartbeatResponse',
  apiKey: 12,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
  ],
});

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  /** v3+. */
  groupInstanceId: string | null;
}

export interface HeartbeatResponse {
  /** v1+. */
  throttleTimeMs: number;
  errorCode: number;
}

type _HeartbeatChecks = [
  Assert<Same<MessageValue<typeof heartbeatRequest.fields>, HeartbeatRequest>>,
  Assert<Same<MessageValue<typeof heartbeatResponse.fields>, HeartbeatResponse>>,
];
