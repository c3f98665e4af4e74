/**
 * CreateTopics (key 19). Kafka defines v0–7 (flexible from v5); Sluice serves all. kafkajs sends
 * numPartitions = replicationFactor = -1 meaning "broker default" even on old versions.
 * validateOnly is v1+. v5+ responses echo the created topic's partitions, replication and
 * configs (null when not described); v7 adds its topic id.
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const createTopicsRequest = message({
  name: 'CreateTopicsRequest',
  apiKey: 19,
  type: 'request',
  validVersions: '0-7',
  flexibleVersions: '5+',
  fields: [
    {
      name: 'topics',
      type: arrayOf(
        struct('CreatableTopic', [
          { name: 'name', type: 'string', versions: '0+' },
          { name: 'numPartitions', type: 'int32', versions: '0+' },
          { name: 'replicationFactor', type: 'int16', versions: '0+' },
          {
            name: 'assignments',
            type: arrayOf(
              struct('CreatableReplicaAssignment', [
                { name: 'partitionIndex', type: 'int32', versions: '0+' },
                { name: 'brokerIds', type: arrayOf('int32'), versions: '0+' },
              ]),
            ),
            versions: '0+',
          },
          {
            name: 'configs',
            type: arrayOf(
              struct('CreatableTopicConfig', [
                { name: 'name', type: 'string', versions: '0+' },
                { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
              ]),
            ),
            versions: '0+',
          },
        ]),
      ),
      versions: '0+',
    },
    { name: 'timeoutMs', type: 'int32', versions: '0+', default: 60000 },
    { name: 'validateOnly', type: 'bool', versions: '1+', default: false },
  ],
});

export const createTopicsResponse = message({
  name: 'CreateTopicsResponse',
  apiKey: 19,
  type: 'response',
  validVersions: '0-7',
  flexibleVersions: '5+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'topics',
      type: arrayOf(
        struct('CreatableTopicResult', [
          { name: 'name', type: 'string', versions: '0+' },
          { name: 'topicId', type: 'uuid', versions: '7+', ignorable: true },
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'errorMessage', type: 'string', versions: '1+', nullableVersions: '0+', ignorable: true },
          {
            name: 'topicConfigErrorCode',
            type: 'int16',
            versions: '5+',
            taggedVersions: '5+',
            tag: 0,
            ignorable: true,
          },
          { name: 'numPartitions', type: 'int32', versions: '5+', default: -1, ignorable: true },
          { name: 'replicationFactor', type: 'int16', versions: '5+', default: -1, ignorable: true },
          {
            name: 'configs',
            type: arrayOf(
              struct('CreatableTopicConfigs', [
                { name: 'name', type: 'string', versions: '5+' },
                { name: 'value', type: 'string', versions: '5+', nullableVersions: '5+' },
                { name: 'readOnly', type: 'bool', versions: '5+' },
                { name: 'configSource', type: 'int8', versions: '5+', default: -1, ignorable: true },
                { name: 'isSensitive', type: 'bool', versions: '5+' },
              ]),
            ),
            versions: '5+',
            nullableVersions: '5+',
            ignorable: true,
          },
        ]),
      ),
      versions: '0+',
    },
  ],
});

export interface CreatableReplicaAssignment {
  partitionIndex: number;
  brokerIds: number[];
}

export interface CreatableTopicConfig {
  name: string;
  value: string | null;
}

export interface CreatableTopic {
  name: string;
  /** -1 = broker default (when assignments are empty). */
  numPartitions: number;
  /** -1 = broker default. */
  replicationFactor: number;
  assignments: CreatableReplicaAssignment[];
  configs: CreatableTopicConfig[];
}

export interface CreateTopicsRequest {
  topics: CreatableTopic[];
  timeoutMs: number;
  /** v1+. */
  validateOnly: boolean;
}

export interface CreatableTopicConfigs {
  name: string;
  value: string | null;
  readOnly: boolean;
  configSource: number;
  isSensitive: boolean;
}

export interface CreatableTopicResult {
  name: string;
  /** v7+. */
  topicId: string;
  errorCode: number;
  /** v1+. */
  errorMessage: string | null;
  /** v5+, tag 0. */
  topicConfigErrorCode: number;
  /** v5+. */
  numPartitions: number;
  /** v5+. */
  replicationFactor: number;
  /** v5+. */
  configs: CreatableTopicConfigs[] | null;
}

export interface CreateTopicsResponse {
  /** v2+. */
  throttleTimeMs: number;
  topics: CreatableTopicResult[];
}

type _CreateTopicsChecks = [
  Assert<Same<MessageValue<typeof createTopicsRequest.fields>, CreateTopicsRequest>>,
  Assert<Same<MessageValue<typeof createTopicsResponse.fields>, CreateTopicsResponse>>,
];
