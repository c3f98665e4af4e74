/**
 * OffsetFetch (key 9). Kafka defines v0–9 (flexible from v6); Sluice serves v1–9. v1–7 ask for
 * one group (topics null = all, from v2); v8+ batch `groups`, each with its own topics (null =
 * all) and its own error. A partition with no committed offset answers offset -1.
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const offsetFetchRequest = message({
  name: 'OffsetFetchRequest',
  apiKey: 9,
  type: 'request',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0-7' },
    {
      name: 'topics',
      type: arrayOf(
        struct('OffsetFetchRequestTopic', [
          { name: 'name', type: 'string', versions: '0-7' },
          { name: 'partitionIndexes', type: arrayOf('int32'), versions: '0-7' },
        ]),
      ),
      versions: '0-7',
      nullableVersions: '2-7',
    },
    {
      name: 'groups',
      type: arrayOf(
        struct('OffsetFetchRequestGroup', [
          { name: 'groupId', type: 'string', versions: '8+' },
          {
            name: 'memberId',
            type: 'string',
            versions: '9+',
            nullableVersions: '9+',
            default: null,
            ignorable: true,
          },
          { name: 'memberEpoch', type: 'int32', versions: '9+', default: -1, ignorable: true },
          {
            name: 'topics',
            type: arrayOf(
              struct('OffsetFetchRequestTopics', [
                { name: 'name', type: 'string', versions: '8+' },
                { name: 'partitionIndexes', type: arrayOf('int32'), versions: '8+' },
              ]),
            ),
            versions: '8+',
            nullableVersions: '8+',
          },
        ]),
      ),
      versions: '8+',
    },
    { name: 'requireStable', type: 'bool', versions: '7+', default: false },
  ],
});

export const offsetFetchResponse = message({
  name: 'OffsetFetchResponse',
  apiKey: 9,
  type: 'response',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'topics',
      type: arrayOf(
        struct('OffsetFetchResponseTopic', [
          { name: 'name', type: 'string', versions: '0-7' },
          {
            name: 'partitions',
            type: arrayOf(
              struct('OffsetFetchResponsePartition', [
                { name: 'partitionIndex', type: 'int32', versions: '0-7' },
                { name: 'committedOffset', type: 'int64', versions: '0-7' },
                {
                  name: 'committedLeaderEpoch',
                  type: 'int32',
                  versions: '5-7',
                  default: -1,
                  ignorable: true,
                },
                { name: 'metadata', type: 'string', versions: '0-7', nullableVersions: '0-7' },
                { name: 'errorCode', type: 'int16', versions: '0-7' },
              ]),
            ),
            versions: '0-7',
          },
        ]),
      ),
      versions: '0-7',
    },
    { name: 'errorCode', type: 'int16', versions: '2-7', default: 0, ignorable: true },
    {
      name: 'groups',
      type: arrayOf(
        struct('OffsetFetchResponseGroup', [
          { name: 'groupId', type: 'string', versions: '8+' },
          {
            name: 'topics',
            type: arrayOf(
              struct('OffsetFetchResponseTopics', [
                { name: 'name', type: 'string', versions: '8+' },
                {
                  name: 'partitions',
                  type: arrayOf(
                    struct('OffsetFetchResponsePartitions', [
                      { name: 'partitionIndex', type: 'int32', versions: '8+' },
                      { name: 'committedOffset', type: 'int64', versions: '8+' },
                      {
                        name: 'committedLeaderEpoch',
                        type: 'int32',
                        versions: '8+',
                        default: -1,
                        ignorable: true,
                      },
                      { name: 'metadata', type: 'string', versions: '8+', nullableVersions: '8+' },
                      { name: 'errorCode', type: 'int16', versions: '8+' },
                    ]),
                  ),
                  versions: '8+',
                },
              ]),
            ),
            versions: '8+',
          },
          { name: 'errorCode', type: 'int16', versions: '8+', default: 0 },
        ]),
      ),
      versions: '8+',
    },
  ],
});

export interface OffsetFetchRequestTopic {
  name: string;
  partitionIndexes: number[];
}

export interface OffsetFetchRequestGroup {
  groupId: string;
  /** v9+. */
  memberId: string | null;
  /** v9+. */
  memberEpoch: number;
  /** null = all topics. */
  topics: OffsetFetchRequestTopic[] | null;
}

export interface OffsetFetchRequest {
  /** v0–7. */
  groupId: string;
  /** v0–7; null (v2+) = all topics. */
  topics: OffsetFetchRequestTopic[] | null;
  /** v8+. */
  groups: OffsetFetchRequestGroup[];
  /** v7+. */
  requireStable: boolean;
}

export interface OffsetFetchResponsePartition {
  partitionIndex: number;
  /** -1 = no committed offset. */
  committedOffset: number;
  /** v5+. */
  committedLeaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

export interface OffsetFetchResponseTopic {
  name: string;
  partitions: OffsetFetchResponsePartition[];
}

export interface OffsetFetchResponseGroup {
  groupId: string;
  topics: OffsetFetchResponseTopic[];
  errorCode: number;
}

export interface OffsetFetchResponse {
  /** v3+. */
  throttleTimeMs: number;
  /** v0–7. */
  topics: OffsetFetchResponseTopic[];
  /** v2–7. */
  errorCode: number;
  /** v8+. */
  groups: OffsetFetchResponseGroup[];
}

type _OffsetFetchChecks = [
  Assert<Same<MessageValue<typeof offsetFetchRequest.fields>, OffsetFetchRequest>>,
  Assert<Same<MessageValue<typeof offsetFetchResponse.fields>, OffsetFetchResponse>>,
];
