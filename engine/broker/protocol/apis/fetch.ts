/**
 * Fetch (key 1). Kafka defines v0–17 (flexible from v12); Sluice serves v4–12 (v4 brings
 * isolation level and RecordBatch v2; v13+ replaces topic names with topic ids). The schema
 * mirrors all versions so extending the range is a registry change. `records` is raw bytes:
 * the encoder appends large record buffers by reference (writer.ts), so a Fetch response is
 * copied at most once on its way to the socket. Sessions: answering sessionId 0 opts out.
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';
import type { LeaderIdAndEpoch, NodeEndpoint } from './common.js';

export const fetchRequest = message({
  name: 'FetchRequest',
  apiKey: 1,
  type: 'request',
  validVersions: '0-17',
  flexibleVersions: '12+',
  fields: [
    {
      name: 'clusterId',
      type: 'string',
      versions: '12+',
      nullableVersions: '12+',
      default: null,
      taggedVersions: '12+',
      tag: 0,
      ignorable: true,
    },
    { name: 'replicaId', type: 'int32', versions: '0-14', default: -1 },
    {
      name: 'replicaState',
      type: struct('ReplicaState', [
        { name: 'replicaId', type: 'int32', versions: '15+', default: -1 },
        { name: 'replicaEpoch', type: 'int64', versions: '15+', default: -1 },
      ]),
      versions: '15+',
      taggedVersions: '15+',
      tag: 1,
    },
    { name: 'maxWaitMs', type: 'int32', versions: '0+' },
    { name: 'minBytes', type: 'int32', versions: '0+' },
    { name: 'maxBytes', type: 'int32', versions: '3+', default: 0x7fffffff, ignorable: true },
    { name: 'isolationLevel', type: 'int8', versions: '4+', default: 0, ignorable: true },
    { name: 'sessionId', type: 'int32', versions: '7+', default: 0, ignorable: true },
    { name: 'sessionEpoch', type: 'int32', versions: '7+', default: -1, ignorable: true },
    {
      name: 'topics',
      type: arrayOf(
        struct('FetchTopic', [
          { name: 'topic', type: 'string', versions: '0-12', ignorable: true },
          { name: 'topicId', type: 'uuid', versions: '13+', ignorable: true },
          {
            name: 'partitions',
            type: arrayOf(
              struct('FetchPartition', [
                { name: 'partition', type: 'int32', versions: '0+' },
                { name: 'currentLeaderEpoch', type: 'int32', versions: '9+', default: -1, ignorable: true },
                { name: 'fetchOffset', type: 'int64', versions: '0+' },
                { name: 'lastFetchedEpoch', type: 'int32', versions: '12+', default: -1 },
                { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1, ignorable: true },
                { name: 'partitionMaxBytes', type: 'int32', versions: '0+' },
                {
                  name: 'replicaDirectoryId',
                  type: 'uuid',
                  versions: '17+',
                  taggedVersions: '17+',
                  tag: 0,
                  ignorable: true,
                },
              ]),
            ),
            versions: '0+',
          },
        ]),
      ),
      versions: '0+',
    },
    {
      name: 'forgottenTopicsData',
      type: arrayOf(
        struct('ForgottenTopic', [
          { name: 'topic', type: 'string', versions: '7-12', ignorable: true },
          { name: 'topicId', type: 'uuid', versions: '13+', ignorable: true },
          { name: 'partitions', type: arrayOf('int32'), versions: '7+' },
        ]),
      ),
      versions: '7+',
    },
    { name: 'rackId', type: 'string', versions: '11+', default: '', ignorable: true },
  ],
});

export const fetchResponse = message({
  name: 'FetchResponse',
  apiKey: 1,
  type: 'response',
  validVersions: '0-17',
  flexibleVersions: '12+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '7+', ignorable: true },
    { name: 'sessionId', type: 'int32', versions: '7+', default: 0 },
    {
      name: 'responses',
      type: arrayOf(
        struct('FetchableTopicResponse', [
          { name: 'topic', type: 'string', versions: '0-12', ignorable: true },
          { name: 'topicId', type: 'uuid', versions: '13+', ignorable: true },
          {
            name: 'partitions',
            type: arrayOf(
              struct('PartitionData', [
                { name: 'partitionIndex', type: 'int32', versions: '0+' },
                { name: 'errorCode', type: 'int16', versions: '0+' },
                { name: 'highWatermark', type: 'int64', versions: '0+' },
                { name: 'lastStableOffset', type: 'int64', versions: '4+', default: -1, ignorable: true },
                { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1, ignorable: true },
                {
                  name: 'divergingEpoch',
                  type: struct('EpochEndOffset', [
                    { name: 'epoch', type: 'int32', versions: '12+', default: -1 },
                    { name: 'endOffset', type: 'int64', versions: '12+', default: -1 },
                  ]),
                  versions: '12+',
                  taggedVersions: '12+',
                  tag: 0,
                },
                {
                  name: 'currentLeader',
                  type: struct('LeaderIdAndEpoch', [
                    { name: 'leaderId', type: 'int32', versions: '12+', default: -1 },
                    { name: 'leaderEpoch', type: 'int32', versions: '12+', default: -1 },
                  ]),
                  versions: '12+',
                  taggedVersions: '12+',
                  tag: 1,
                },
                {
                  name: 'snapshotId',
                  type: struct('SnapshotId', [
                    { name: 'endOffset', type: 'int64', versions: '0+', default: -1 },
                    { name: 'epoch', type: 'int32', versions: '0+', default: -1 },
                  ]),
                  versions: '12+',
                  taggedVersions: '12+',
                  tag: 2,
                },
                {
                  name: 'abortedTransactions',
                  type: arrayOf(
                    struct('AbortedTransaction', [
                      { name: 'producerId', type: 'int64', versions: '4+' },
                      { name: 'firstOffset', type: 'int64', versions: '4+' },
                    ]),
                  ),
                  versions: '4+',
                  nullableVersions: '4+',
                  ignorable: true,
                },
                { name: 'preferredReadReplica', type: 'int32', versions: '11+', default: -1 },
                { name: 'records', type: 'records', versions: '0+', nullableVersions: '0+' },
              ]),
            ),
            versions: '0+',
          },
        ]),
      ),
      versions: '0+',
    },
    {
      name: 'nodeEndpoints',
      type: arrayOf(
        struct('NodeEndpoint', [
          { name: 'nodeId', type: 'int32', versions: '16+' },
          { name: 'host', type: 'string', versions: '16+' },
          { name: 'port', type: 'int32', versions: '16+' },
          { name: 'rack', type: 'string', versions: '16+', nullableVersions: '16+', default: null },
        ]),
      ),
      versions: '16+',
      taggedVersions: '16+',
      tag: 0,
    },
  ],
});

export interface ReplicaState {
  replicaId: number;
  replicaEpoch: number;
}

export interface FetchPartition {
  partition: number;
  /** v9+. */
  currentLeaderEpoch: number;
  fetchOffset: number;
  /** v12+. */
  lastFetchedEpoch: number;
  /** v5+ (followers only). */
  logStartOffset: number;
  partitionMaxBytes: number;
  /** v17+, tag 0. */
  replicaDirectoryId: string;
}

export interface FetchTopic {
  /** v0–12. */
  topic: string;
  /** v13+. */
  topicId: string;
  partitions: FetchPartition[];
}

export interface ForgottenTopic {
  /** v7–12. */
  topic: string;
  /** v13+. */
  topicId: string;
  partitions: number[];
}

export interface FetchRequest {
  /** v12+, tag 0. */
  clusterId: string | null;
  /** v0–14; -1 for consumers. */
  replicaId: number;
  /** v15+, tag 1. */
  replicaState: ReplicaState;
  maxWaitMs: number;
  minBytes: number;
  /** v3+. */
  maxBytes: number;
  /** v4+: 0 read_uncommitted, 1 read_committed. */
  isolationLevel: number;
  /** v7+. */
  sessionId: number;
  /** v7+. */
  sessionEpoch: number;
  topics: FetchTopic[];
  /** v7+. */
  forgottenTopicsData: ForgottenTopic[];
  /** v11+. */
  rackId: string;
}

export interface EpochEndOffset {
  epoch: number;
  endOffset: number;
}

export interface SnapshotId {
  endOffset: number;
  epoch: number;
}

export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
}

export interface PartitionData {
  partitionIndex: number;
  errorCode: number;
  highWatermark: number;
  /** v4+. */
  lastStableOffset: number;
  /** v5+. */
  logStartOffset: number;
  /** v12+, tag 0. */
  divergingEpoch: EpochEndOffset;
  /** v12+, tag 1. */
  currentLeader: LeaderIdAndEpoch;
  /** v12+, tag 2. */
  snapshotId: SnapshotId;
  /** v4+. */
  abortedTransactions: AbortedTransaction[] | null;
  /** v11+. */
  preferredReadReplica: number;
  /** Whole RecordBatch v2 batches, undecoded. */
  records: Buffer | null;
}

export interface FetchableTopicResponse {
  /** v0–12. */
  topic: string;
  /** v13+. */
  topicId: string;
  partitions: PartitionData[];
}

export interface FetchResponse {
  /** v1+. */
  throttleTimeMs: number;
  /** v7+. */
  errorCode: number;
  /** v7+; 0 = no fetch session. */
  sessionId: number;
  responses: FetchableTopicResponse[];
  /** v16+, tag 0. */
  nodeEndpoints: NodeEndpoint[];
}

type _FetchChecks = [
  Assert<Same<MessageValue<typeof fetchRequest.fields>, FetchRequest>>,
  Assert<Same<MessageValue<typeof fetchResponse.fields>, FetchResponse>>,
];
