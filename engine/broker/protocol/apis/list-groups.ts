/**
 * ListGroups (key 16). Kafka defines v0–5 (flexible from v3); Sluice serves v0–4 (v4 adds the
 * states filter; v5's type filter is mirrored in the schema but not served).
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const listGroupsRequest = message({
  name: 'ListGroupsRequest',
  apiKey: 16,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'statesFilter', type: arrayOf('string'), versions: '4+' },
    { name: 'typesFilter', type: arrayOf('string'), versions: '5+' },
  ],
});

export const listGroupsResponse = message({
  name: 'ListGroupsResponse',
  apiKey: 16,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'groups',
      type: arrayOf(
        struct('ListedGroup', [
          { name: 'groupId', type: 'string', versions: '0+' },
          { name: 'protocolType', type: 'string', versions: '0+' },
          { name: 'groupState', type: 'string', versions: '4+', ignorable: true },
          { name: 'groupType', type: 'string', versions: '5+', ignorable: true },
        ]),
      ),
      versions: '0+',
    },
  ],
});

export interface ListGroupsRequest {
  /** v4+; empty = all states. */
  statesFilter: string[];
  /** v5+. */
  typesFilter: string[];
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  /** v4+. */
  groupState: string;
  /** v5+. */
  groupType: string;
}

export interface ListGroupsResponse {
  /** v1+. */
  throttleTimeMs: number;
  errorCode: number;
  groups: ListedGroup[];
}

type _ListGroupsChecks = [
  Assert<Same<MessageValue<typeof listGroupsRequest.fields>, ListGroupsRequest>>,
  Assert<Same<MessageValue<typeof listGroupsResponse.fields>, ListGroupsResponse>>,
];
