/**
 * LeaveGroup (key 13). Kafka defines v0–5 (flexible from v4); Sluice serves all. v0–2 name one
 * `memberId`; v3+ send a batch of `members` (static members leave by groupInstanceId) and get a
 * per-member error back.
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const leaveGroupRequest = message({
  name: 'LeaveGroupRequest',
  apiKey: 13,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0-2' },
    {
      name: 'members',
      type: arrayOf(
        struct('MemberIdentity', [
          { name: 'memberId', type: 'string', versions: '3+' },
          { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
          {
            name: 'reason',
            type: 'string',
            versions: '5+',
            nullableVersions: '5+',
            default: null,
            ignorable: true,
          },
        ]),
      ),
      versions: '3+',
    },
  ],
});

export const leaveGroupResponse = message({
  name: 'LeaveGroupResponse',
  apiKey: 13,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'members',
      type: arrayOf(
        struct('MemberResponse', [
          { name: 'memberId', type: 'string', versions: '3+' },
          { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+' },
          { name: 'errorCode', type: 'int16', versions: '3+' },
        ]),
      ),
      versions: '3+',
    },
  ],
});

export interface MemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
  /** v5+. */
  reason: string | null;
}

export interface LeaveGroupRequest {
  groupId: string;
  /** v0–2. */
  memberId: string;
  /** v3+. */
  members: MemberIdentity[];
}

export interface MemberResponse {
  memberId: string;
  groupInstanceId: string | null;
  errorCode: number;
}

export interface LeaveGroupResponse {
  /** v1+. */
  throttleTimeMs: number;
  errorCode: number;
  /** v3+. */
  members: MemberResponse[];
}

type _LeaveGroupChecks = [
  Assert<Same<MessageValue<typeof leaveGroupRequest.fields>, LeaveGroupRequest>>,
  Assert<Same<MessageValue<typeof leaveGroupResponse.fields>, LeaveGroupResponse>>,
];
