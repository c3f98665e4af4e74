/**
 * DeleteRecords (key 21): moves each partition's log start offset up to the offset given (−1: the
 * high watermark), so the records below it can no longer be read. Kafka defines v0–2 (flexible from
 * v2); Sluice serves all. kafkajs's admin deleteTopicRecords sends v0–1; Kafka Streams purges
 * committed repartition records with it.
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const deleteRecordsRequest = message({
  name: 'DeleteRecordsRequest',
  apiKey: 21,
  type: 'request',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    {
      name: 'topics',
      type: arrayOf(
        struct('DeleteRecordsTopic', [
          { name: 'name', type: 'string', versions: '0+' },
          {
            name: 'partitions',
            type: arrayOf(
              struct('DeleteRecordsPartition', [
                { name: 'partitionIndex', type: 'int32', versions: '0+' },
                { name: 'offset', type: 'int64', versions: '0+' },
              ]),
            ),
            versions: '0+',
          },
        ]),
      ),
      versions: '0+',
    },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
  ],
});

export const deleteRecordsResponse = message({
  name: 'DeleteRecordsResponse',
  apiKey: 21,
  type: 'response',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'topics',
      type: arrayOf(
        struct('DeleteRecordsTopicResult', [
          { name: 'name', type: 'string', versions: '0+' },
          {
            name: 'partitions',
            type: arrayOf(
              struct('DeleteRecordsPartitionResult', [
                { name: 'partitionIndex', type: 'int32', versions: '0+' },
                { name: 'lowWatermark', type: 'int64', versions: '0+' },
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

export interface DeleteRecordsPartition {
  partitionIndex: number;
  /** Records below it are deleted; −1 means the high watermark. */
  offset: number;
}

export interface DeleteRecordsTopic {
  name: string;
  partitions: DeleteRecordsPartition[];
}

export interface DeleteRecordsRequest {
  topics: DeleteRecordsTopic[];
  timeoutMs: number;
}

export interface DeleteRecordsPartitionResult {
  partitionIndex: number;
  /** The new log start offset, −1 on error. */
  lowWatermark: number;
  errorCode: number;
}

export interface DeleteRecordsTopicResult {
  name: string;
  partitions: DeleteRecordsPartitionResult[];
}

export interface DeleteRecordsResponse {
  throttleTimeMs: number;
  topics: DeleteRecordsTopicResult[];
}

type _DeleteRecordsChecks = [
  Assert<Same<MessageValue<typeof deleteRecordsRequest.fields>, DeleteRecordsRequest>>,
  Assert<Same<MessageValue<typeof deleteRecordsResponse.fields>, DeleteRecordsResponse>>,
];
