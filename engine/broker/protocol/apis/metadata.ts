/**
 * Metadata (key 3). Kafka defines v0–12 (flexible from v9); Sluice serves all of them
 * (kafka-python probes with v0). Semantics the handler must honour (kafka-notes §1.7): in v0 an
 * empty topic list means all topics; from v1 null means all and empty means none; v4+ carries
 * allowAutoTopicCreation; controllerId must be a listed broker; topic ids may be zero uuids.
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const metadataRequest = message({
  name: 'MetadataRequest',
  apiKey: 3,
  type: 'request',
  validVersions: '0-12',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'topics',
      type: arrayOf(
        struct('MetadataRequestTopic', [
          { name: 'topicId', type: 'uuid', versions: '10+', ignorable: true },
          { name: 'name', type: 'string', versions: '0+', nullableVersions: '10+' },
        ]),
      ),
      versions: '0+',
      nullableVersions: '1+',
    },
    { name: 'allowAutoTopicCreation', type: 'bool', versions: '4+', default: true },
    { name: 'includeClusterAuthorizedOperations', type: 'bool', versions: '8-10' },
    { name: 'includeTopicAuthorizedOperations', type: 'bool', versions: '8+' },
  ],
});

export const metadataResponse = message({
  name: 'MetadataResponse',
  apiKey: 3,
  type: 'response',
  validVersions: '0-12',
  flexibleVersions: '9+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'brokers',
      type: arrayOf(
        struct('MetadataResponseBroker', [
          { name: 'nodeId', type: 'int32', versions: '0+' },
          { name: 'host', type: 'string', versions: '0+' },
          { name: 'port', type: 'int32', versions: '0+' },
          {
            name: 'rack',
            type: 'string',
            versions: '1+',
            nullableVersions: '1+',
            default: null,
            ignorable: true,
          },
        ]),
      ),
      versions: '0+',
    },
    {
      name: 'clusterId',
      type: 'string',
      versions: '2+',
      nullableVersions: '2+',
      default: null,
      ignorable: true,
    },
    { name: 'controllerId', type: 'int32', versions: '1+', default: -1, ignorable: true },
    {
      name: 'topics',
      type: arrayOf(
        struct('MetadataResponseTopic', [
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'name', type: 'string', versions: '0+', nullableVersions: '12+' },
          { name: 'topicId', type: 'uuid', versions: '10+', ignorable: true },
          { name: 'isInternal', type: 'bool', versions: '1+', default: false, ignorable: true },
          {
            name: 'partitions',
            type: arrayOf(
              struct('MetadataResponsePartition', [
                { name: 'errorCode', type: 'int16', versions: '0+' },
                { name: 'partitionIndex', type: 'int32', versions: '0+' },
                { name: 'leaderId', type: 'int32', versions: '0+' },
                { name: 'leaderEpoch', type: 'int32', versions: '7+', default: -1, ignorable: true },
                { name: 'replicaNodes', type: arrayOf('int32'), versions: '0+' },
                { name: 'isrNodes', type: arrayOf('int32'), versions: '0+' },
                { name: 'offlineReplicas', type: arrayOf('int32'), versions: '5+', ignorable: true },
              ]),
            ),
            versions: '0+',
          },
          { name: 'topicAuthorizedOperations', type: 'int32', versions: '8+', default: -2147483648 },
        ]),
      ),
      versions: '0+',
    },
    { name: 'clusterAuthorizedOperations', type: 'int32', versions: '8-10', default: -2147483648 },
  ],
});

export interface MetadataRequestTopic {
  /** v10+. */
  topicId: string;
  /** Nullable from v10 (only with a topic id). */
  name: string | null;
}

export interface MetadataRequest {
  /** v0: empty = all topics. v1+: null = all topics, empty = none. */
  topics: MetadataRequestTopic[] | null;
  /** v4+. */
  allowAutoTopicCreation: boolean;
  /** v8–10. */
  includeClusterAuthorizedOperations: boolean;
  /** v8+. */
  includeTopicAuthorizedOperations: boolean;
}

export interface MetadataResponseBroker {
  nodeId: number;
  host: string;
  port: number;
  /** v1+. */
  rack: string | null;
}

export interface MetadataResponsePartition {
  errorCode: number;
  partitionIndex: number;
  leaderId: number;
  /** v7+. */
  leaderEpoch: number;
  replicaNodes: number[];
  isrNodes: number[];
  /** v5+. */
  offlineReplicas: number[];
}

export interface MetadataResponseTopic {
  errorCode: number;
  /** Nullable from v12. */
  name: string | null;
  /** v10+. */
  topicId: string;
  /** v1+. */
  isInternal: boolean;
  partitions: MetadataResponsePartition[];
  /** v8+; INT32_MIN = not requested. */
  topicAuthorizedOperations: number;
}

export interface MetadataResponse {
  /** v3+. */
  throttleTimeMs: number;
  brokers: MetadataResponseBroker[];
  /** v2+. */
  clusterId: string | null;
  /** v1+. */
  controllerId: number;
  topics: MetadataResponseTopic[];
  /** v8–10. */
  clusterAuthorizedOperations: number;
}

type _MetadataChecks = [
  Assert<Same<MessageValue<typeof metadataRequest.fields>, MetadataRequest>>,
  Assert<Same<MessageValue<typeof metadataResponse.fields>, MetadataResponse>>,
];
