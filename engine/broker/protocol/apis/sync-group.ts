/**
 * SyncGroup (key 14). Kafka defines v0–5 (flexible from v4); Sluice serves all. The leader sends
 * every member's assignment; everyone receives their own. v5+ echo protocolType/protocolName.
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const syncGroupRequest = message({
  name: 'SyncGroupRequest',
  apiKey: 14,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    {
      name: 'protocolType',
      type: 'string',
      versions: '5+',
      nullableVersions: '5+',
      default: null,
      ignorable: true,
    },
    {
      name: 'protocolName',
      type: 'string',
      versions: '5+',
      nullableVersions: '5+',
      default: null,
      ignorable: true,
    },
    {
      name: 'assignments',
      type: arrayOf(
        struct('SyncGroupRequestAssignment', [
          { name: 'memberId', type: 'string', versions: '0+' },
          { name: 'assignment', type: 'bytes', versions: '0+' },
        ]),
      ),
      versions: '0+',
    },
  ],
});

export const syncGroupResponse = message({
  name: 'SyncGroupResponse',
  apiKey: 14,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'protocolType',
      type: 'string',
      versions: '5+',
      nullableVersions: '5+',
      default: null,
      ignorable: true,
    },
    {
      name: 'protocolName',
      type: 'string',
      versions: '5+',
      nullableVersions: '5+',
      default: null,
      ignorable: true,
    },
    { name: 'assignment', type: 'bytes', versions: '0+' },
  ],
});

export interface SyncGroupRequestAssignment {
  memberId: string;
  assignment: Buffer;
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  /** v3+. */
  groupInstanceId: string | null;
  /** v5+. */
  protocolType: string | null;
  /** v5+. */
  protocolName: string | null;
  /** Non-empty from the leader only. */
  assignments: SyncGroupRequestAssignment[];
}

export interface SyncGroupResponse {
  /** v1+. */
  throttleTimeMs: number;
  errorCode: number;
  /** v5+. */
  protocolType: string | null;
  /** v5+. */
  protocolName: string | null;
  assignment: Buffer;
}

type _SyncGroupChecks = [
  Assert<Same<MessageValue<typeof syncGroupRequest.fields>, SyncGroupRequest>>,
  Assert<Same<MessageValue<typeof syncGroupResponse.fields>, SyncGroupResponse>>,
];
