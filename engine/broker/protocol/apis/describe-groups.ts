/**
 * DescribeGroups (key 15). Kafka defines v0–5 (flexible from v5); Sluice serves all (admin
 * tools). Member metadata and assignment are the opaque bytes the members sent.
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const describeGroupsRequest = message({
  name: 'DescribeGroupsRequest',
  apiKey: 15,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '5+',
  fields: [
    { name: 'groups', type: arrayOf('string'), versions: '0+' },
    { name: 'includeAuthorizedOperations', type: 'bool', versions: '3+' },
  ],
});

export const describeGroupsResponse = message({
  name: 'DescribeGroupsResponse',
  apiKey: 15,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '5+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'groups',
      type: arrayOf(
        struct('DescribedGroup', [
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'groupId', type: 'string', versions: '0+' },
          { name: 'groupState', type: 'string', versions: '0+' },
          { name: 'protocolType', type: 'string', versions: '0+' },
          { name: 'protocolData', type: 'string', versions: '0+' },
          {
            name: 'members',
            type: arrayOf(
              struct('DescribedGroupMember', [
                { name: 'memberId', type: 'string', versions: '0+' },
                {
                  name: 'groupInstanceId',
                  type: 'string',
                  versions: '4+',
                  nullableVersions: '4+',
                  default: null,
                  ignorable: true,
                },
                { name: 'clientId', type: 'string', versions: '0+' },
                { name: 'clientHost', type: 'string', versions: '0+' },
                { name: 'memberMetadata', type: 'bytes', versions: '0+' },
                { name: 'memberAssignment', type: 'bytes', versions: '0+' },
              ]),
            ),
            versions: '0+',
          },
          { name: 'authorizedOperations', type: 'int32', versions: '3+', default: -2147483648 },
        ]),
      ),
      versions: '0+',
    },
  ],
});

export interface DescribeGroupsRequest {
  groups: string[];
  /** v3+. */
  includeAuthorizedOperations: boolean;
}

export interface DescribedGroupMember {
  memberId: string;
  /** v4+. */
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  /** "Empty", "PreparingRebalance", "CompletingRebalance", "Stable", "Dead". */
  groupState: string;
  protocolType: string;
  /** The selected protocol (assignor) name. */
  protocolData: string;
  members: DescribedGroupMember[];
  /** v3+. */
  authorizedOperations: number;
}

export interface DescribeGroupsResponse {
  /** v1+. */
  throttleTimeMs: number;
  groups: DescribedGroup[];
}

type _DescribeGroupsChecks = [
  Assert<Same<MessageValue<typeof describeGroupsRequest.fields>, DescribeGroupsRequest>>,
  Assert<Same<MessageValue<typeof describeGroupsResponse.fields>, DescribeGroupsResponse>>,
];
