/**
 * Produce (key 0). Kafka defines v0–11 (flexible from v9); Sluice advertises v0–9 but appends
 * only from v3 (the first with RecordBatch v2 and transactionalId; librdkafka requires v3 in
 * range): v0–2 carry legacy message sets and are refused per partition (handlers/produce.ts). `records` is kept as
 * raw bytes (a zero-copy view of the request) and validated by broker/records, never here.
 * acks=0 requests get no response at all (the server's concern).
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';
import type { LeaderIdAndEpoch, NodeEndpoint } from './common.js';

export const produceRequest = message({
  name: 'ProduceRequest',
  apiKey: 0,
  type: 'request',
  validVersions: '0-11',
  flexibleVersions: '9+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    { name: 'acks', type: 'int16', versions: '0+' },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
    {
      name: 'topicData',
      type: arrayOf(
        struct('TopicProduceData', [
          { name: 'name', type: 'string', versions: '0+' },
          {
            name: 'partitionData',
            type: arrayOf(
              struct('PartitionProduceData', [
                { name: 'index', type: 'int32', versions: '0+' },
                { name: 'records', type: 'records', versions: '0+', nullableVersions: '0+' },
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

export const produceResponse = message({
  name: 'ProduceResponse',
  apiKey: 0,
  type: 'response',
  validVersions: '0-11',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'responses',
      type: arrayOf(
        struct('TopicProduceResponse', [
          { name: 'name', type: 'string', versions: '0+' },
          {
            name: 'partitionResponses',
            type: arrayOf(
              struct('PartitionProduceResponse', [
                { name: 'index', type: 'int32', versions: '0+' },
                { name: 'errorCode', type: 'int16', versions: '0+' },
                { name: 'baseOffset', type: 'int64', versions: '0+' },
                { name: 'logAppendTimeMs', type: 'int64', versions: '2+', default: -1, ignorable: true },
                { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1, ignorable: true },
                {
                  name: 'recordErrors',
                  type: arrayOf(
                    struct('BatchIndexAndErrorMessage', [
                      { name: 'batchIndex', type: 'int32', versions: '8+' },
                      {
                        name: 'batchIndexErrorMessage',
                        type: 'string',
                        versions: '8+',
                        nullableVersions: '8+',
                        default: null,
                      },
                    ]),
                  ),
                  versions: '8+',
                  ignorable: true,
                },
                {
                  name: 'errorMessage',
                  type: 'string',
                  versions: '8+',
                  nullableVersions: '8+',
                  default: null,
                  ignorable: true,
                },
                {
                  name: 'currentLeader',
                  type: struct('LeaderIdAndEpoch', [
                    { name: 'leaderId', type: 'int32', versions: '10+', default: -1 },
                    { name: 'leaderEpoch', type: 'int32', versions: '10+', default: -1 },
                  ]),
                  versions: '10+',
                  taggedVersions: '10+',
                  tag: 0,
                },
              ]),
            ),
            versions: '0+',
          },
        ]),
      ),
      versions: '0+',
    },
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', default: 0, ignorable: true },
    {
      name: 'nodeEndpoints',
      type: arrayOf(
        struct('NodeEndpoint', [
          { name: 'nodeId', type: 'int32', versions: '10+' },
          { name: 'host', type: 'string', versions: '10+' },
          { name: 'port', type: 'int32', versions: '10+' },
          { name: 'rack', type: 'string', versions: '10+', nullableVersions: '10+', default: null },
        ]),
      ),
      versions: '10+',
      taggedVersions: '10+',
      tag: 0,
    },
  ],
});

export interface PartitionProduceData {
  index: number;
  /** RecordBatch v2 bytes, undecoded (a view into the request buffer). */
  records: Buffer | null;
}

export interface TopicProduceData {
  name: string;
  partitionData: PartitionProduceData[];
}

export interface ProduceRequest {
  /** v3+; null unless transactional. */
  transactionalId: string | null;
  /** 0 = no response, 1 = leader, -1 = all ISR. */
  acks: number;
  timeoutMs: number;
  topicData: TopicProduceData[];
}

export interface BatchIndexAndErrorMessage {
  batchIndex: number;
  batchIndexErrorMessage: string | null;
}

export interface PartitionProduceResponse {
  index: number;
  errorCode: number;
  baseOffset: number;
  /** v2+; -1 unless the topic uses LogAppendTime. */
  logAppendTimeMs: number;
  /** v5+. */
  logStartOffset: number;
  /** v8+. */
  recordErrors: BatchIndexAndErrorMessage[];
  /** v8+. */
  errorMessage: string | null;
  /** v10+, tag 0. */
  currentLeader: LeaderIdAndEpoch;
}

export interface TopicProduceResponse {
  name: string;
  partitionResponses: PartitionProduceResponse[];
}

export interface ProduceResponse {
  responses: TopicProduceResponse[];
  /** v1+. */
  throttleTimeMs: number;
  /** v10+, tag 0. */
  nodeEndpoints: NodeEndpoint[];
}

type _ProduceChecks = [
  Assert<Same<MessageValue<typeof produceRequest.fields>, ProduceRequest>>,
  Assert<Same<MessageValue<typeof produceResponse.fields>, ProduceResponse>>,
];
