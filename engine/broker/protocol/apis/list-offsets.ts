/**
 * ListOffsets (key 2). Kafka defines v0–10 (flexible from v6); Sluice serves v1–7 (v0 has a
 * different multi-offset body). Timestamps -1 = latest, -2 = earliest, -3 = max timestamp (v7).
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const listOffsetsRequest = message({
  name: 'ListOffsetsRequest',
  apiKey: 2,
  type: 'request',
  validVersions: '0-10',
  flexibleVersions: '6+',
  fields: [
    { name: 'replicaId', type: 'int32', versions: '0+' },
    { name: 'isolationLevel', type: 'int8', versions: '2+' },
    {
      name: 'topics',
      type: arrayOf(
        struct('ListOffsetsTopic', [
          { name: 'name', type: 'string', versions: '0+' },
          {
            name: 'partitions',
            type: arrayOf(
              struct('ListOffsetsPartition', [
                { name: 'partitionIndex', type: 'int32', versions: '0+' },
                { name: 'currentLeaderEpoch', type: 'int32', versions: '4+', default: -1, ignorable: true },
                { name: 'timestamp', type: 'int64', versions: '0+' },
                { name: 'maxNumOffsets', type: 'int32', versions: '0', default: 1 },
              ]),
            ),
            versions: '0+',
          },
        ]),
      ),
      versions: '0+',
    },
    { name: 'timeoutMs', type: 'int32', versions: '10+', ignorable: true },
  ],
});

export const listOffsetsResponse = message({
  name: 'ListOffsetsResponse',
  apiKey: 2,
  type: 'response',
  validVersions: '0-10',
  flexibleVersions: '6+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'topics',
      type: arrayOf(
        struct('ListOffsetsTopicResponse', [
          { name: 'name', type: 'string', versions: '0+' },
          {
            name: 'partitions',
            type: arrayOf(
              struct('ListOffsetsPartitionResponse', [
                { name: 'partitionIndex', type: 'int32', versions: '0+' },
                { name: 'errorCode', type: 'int16', versions: '0+' },
                { name: 'oldStyleOffsets', type: arrayOf('int64'), versions: '0' },
                { name: 'timestamp', type: 'int64', versions: '1+', default: -1 },
                { name: 'offset', type: 'int64', versions: '1+', default: -1 },
                { name: 'leaderEpoch', type: 'int32', versions: '4+', default: -1 },
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

export interface ListOffsetsPartition {
  partitionIndex: number;
  /** v4+. */
  currentLeaderEpoch: number;
  timestamp: number;
  /** v0 only. */
  maxNumOffsets: number;
}

export interface ListOffsetsTopic {
  name: string;
  partitions: ListOffsetsPartition[];
}

export interface ListOffsetsRequest {
  replicaId: number;
  /** v2+. */
  isolationLevel: number;
  topics: ListOffsetsTopic[];
  /** v10+. */
  timeoutMs: number;
}

export interface ListOffsetsPartitionResponse {
  partitionIndex: number;
  errorCode: number;
  /** v0 only. */
  oldStyleOffsets: number[];
  /** v1+. */
  timestamp: number;
  /** v1+. */
  offset: number;
  /** v4+. */
  leaderEpoch: number;
}

export interface ListOffsetsTopicResponse {
  name: string;
  partitions: ListOffsetsPartitionResponse[];
}

export interface ListOffsetsResponse {
  /** v2+. */
  throttleTimeMs: number;
  topics: ListOffsetsTopicResponse[];
}

type _ListOffsetsChecks = [
  Assert<Same<MessageValue<typeof listOffsetsRequest.fields>, ListOffsetsRequest>>,
  Assert<Same<MessageValue<typeof listOffsetsResponse.fields>, ListOffsetsResponse>>,
];
