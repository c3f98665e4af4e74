/**
 * JoinGroup (key 11). Kafka defines v0–9 (flexible from v6); Sluice serves all (kafka-python
 * sends v2). v4+ clients expect MEMBER_ID_REQUIRED on their first join; v5+ carry
 * groupInstanceId (static membership). Protocol metadata is opaque bytes here (see
 * consumer-protocol.ts for the consumer's embedded format).
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const joinGroupRequest = message({
  name: 'JoinGroupRequest',
  apiKey: 11,
  type: 'request',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'sessionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'rebalanceTimeoutMs', type: 'int32', versions: '1+', default: -1, ignorable: true },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'protocolType', type: 'string', versions: '0+' },
    {
      name: 'protocols',
      type: arrayOf(
        struct('JoinGroupRequestProtocol', [
          { name: 'name', type: 'string', versions: '0+' },
          { name: 'metadata', type: 'bytes', versions: '0+' },
        ]),
      ),
      versions: '0+',
    },
    {
      name: 'reason',
      type: 'string',
      versions: '8+',
      nullableVersions: '8+',
      default: null,
      ignorable: true,
    },
  ],
});

export const joinGroupResponse = message({
  name: 'JoinGroupResponse',
  apiKey: 11,
  type: 'response',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+', default: -1 },
    {
      name: 'protocolType',
      type: 'string',
      versions: '7+',
      nullableVersions: '7+',
      default: null,
      ignorable: true,
    },
    { name: 'protocolName', type: 'string', versions: '0+', nullableVersions: '7+' },
    { name: 'leader', type: 'string', versions: '0+' },
    { name: 'skipAssignment', type: 'bool', versions: '9+', default: false },
    { name: 'memberId', type: 'string', versions: '0+' },
    {
      name: 'members',
      type: arrayOf(
        struct('JoinGroupResponseMember', [
          { name: 'memberId', type: 'string', versions: '0+' },
          {
            name: 'groupInstanceId',
            type: 'string',
            versions: '5+',
            nullableVersions: '5+',
            default: null,
            ignorable: true,
          },
          { name: 'metadata', type: 'bytes', versions: '0+' },
        ]),
      ),
      versions: '0+',
    },
  ],
});

export interface JoinGroupRequestProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  /** v1+; -1 = sessionTimeoutMs. */
  rebalanceTimeoutMs: number;
  /** "" on the first join. */
  memberId: string;
  /** v5+. */
  groupInstanceId: string | null;
  protocolType: string;
  protocols: JoinGroupRequestProtocol[];
  /** v8+. */
  reason: string | null;
}

export interface JoinGroupResponseMember {
  memberId: string;
  /** v5+. */
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResponse {
  /** v2+. */
  throttleTimeMs: number;
  errorCode: number;
  generationId: number;
  /** v7+. */
  protocolType: string | null;
  /** Nullable from v7. */
  protocolName: string | null;
  leader: string;
  /** v9+. */
  skipAssignment: boolean;
  memberId: string;
  /** Filled for the leader only. */
  members: JoinGroupResponseMember[];
}

type _JoinGroupChecks = [
  Assert<Same<MessageValue<typeof joinGroupRequest.fields>, JoinGroupRequest>>,
  Assert<Same<MessageValue<typeof joinGroupResponse.fields>, JoinGroupResponse>>,
];
