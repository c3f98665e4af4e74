/**
 * OffsetCommit (key 8). Kafka defines v0–9 (flexible from v8); Sluice serves v2–9 (kafka-python
 * sends v2). retentionTimeMs exists only in v2–4 (-1 = broker default); commitTimestamp only in
 * v1 (so never in a served version, but mirrored).
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const offsetCommitRequest = message({
  name: 'OffsetCommitRequest',
  apiKey: 8,
  type: 'request',
  validVersions: '0-9',
  flexibleVersions: '8+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationIdOrMemberEpoch', type: 'int32', versions: '1+', default: -1, ignorable: true },
    { name: 'memberId', type: 'string', versions: '1+', ignorable: true },
    { name: 'groupInstanceId', type: 'string', versions: '7+', nullableVersions: '7+', default: null },
    { name: 'retentionTimeMs', type: 'int64', versions: '2-4', default: -1, ignorable: true },
    {
      name: 'topics',
      type: arrayOf(
        struct('OffsetCommitRequestTopic', [
          { name: 'name', type: 'string', versions: '0+' },
          {
            name: 'partitions',
            type: arrayOf(
              struct('OffsetCommitRequestPartition', [
                { name: 'partitionIndex', type: 'int32', versions: '0+' },
                { name: 'committedOffset', type: 'int64', versions: '0+' },
                { name: 'committedLeaderEpoch', type: 'int32', versions: '6+', default: -1, ignorable: true },
                { name: 'commitTimestamp', type: 'int64', versions: '1', default: -1 },
                { name: 'committedMetadata', type: 'string', versions: '0+', nullableVersions: '0+' },
              ]),
            ),
            versions: '0+',
          },
        ]),
      ),
      versions: '0+',
    },
  ],
});

export const offsetCommitResponse = message({
  name: 'OffsetCommitResponse',
  apiKey: 8,
  type: 'response',
  validVersions: '0-9',
  flexibleVersions: '8+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'topics',
      type: arrayOf(
        struct('OffsetCommitResponseTopic', [
          { name: 'name', type: 'string', versions: '0+' },
          {
            name: 'partitions',
            type: arrayOf(
              struct('OffsetCommitResponsePartition', [
                { name: 'partitionIndex', type: 'int32', versions: '0+' },
                { name: 'errorCode', type: 'int16', versions: '0+' },
              ]),
            ),
            versions: '0+',
          },
        ]),
      ),
      versions: '0+',
    },
  ],
});

export interface OffsetCommitRequestPartition {
  partitionIndex: number;
  committedOffset: number;
  /** v6+. */
  committedLeaderEpoch: number;
  /** v1 only. */
  commitTimestamp: number;
  committedMetadata: string | null;
}

export interface OffsetCommitRequestTopic {
  name: string;
  partitions: OffsetCommitRequestPartition[];
}

export interface OffsetCommitRequest {
  groupId: string;
  /** v1+; -1 for a simple (group-less) commit. */
  generationIdOrMemberEpoch: number;
  /** v1+. */
  memberId: string;
  /** v7+. */
  groupInstanceId: string | null;
  /** v2–4; -1 = broker default. */
  retentionTimeMs: number;
  topics: OffsetCommitRequestTopic[];
}

export interface OffsetCommitResponsePartition {
  partitionIndex: number;
  errorCode: number;
}

export interface OffsetCommitResponseTopic {
  name: string;
  partitions: OffsetCommitResponsePartition[];
}

export interface OffsetCommitResponse {
  /** v3+. */
  throttleTimeMs: number;
  topics: OffsetCommitResponseTopic[];
}

type _OffsetCommitChecks = [
  Assert<Same<MessageValue<typeof offsetCommitRequest.fields>, OffsetCommitRequest>>,
  Assert<Same<MessageValue<typeof offsetCommitResponse.fields>, OffsetCommitResponse>>,
];
