/**
 * DeleteTopics (key 20). Kafka defines v0–6 (flexible from v4); Sluice serves all. v0–5 name
 * topics in `topicNames`; v6 sends `topics` by name or id, and results may carry a null name.
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const deleteTopicsRequest = message({
  name: 'DeleteTopicsRequest',
  apiKey: 20,
  type: 'request',
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    {
      name: 'topics',
      type: arrayOf(
        struct('DeleteTopicState', [
          { name: 'name', type: 'string', versions: '6+', nullableVersions: '6+', default: null },
          { name: 'topicId', type: 'uuid', versions: '6+' },
        ]),
      ),
      versions: '6+',
    },
    { name: 'topicNames', type: arrayOf('string'), versions: '0-5', ignorable: true },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
  ],
});

export const deleteTopicsResponse = message({
  name: 'DeleteTopicsResponse',
  apiKey: 20,
  type: 'response',
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'responses',
      type: arrayOf(
        struct('DeletableTopicResult', [
          { name: 'name', type: 'string', versions: '0+', nullableVersions: '6+' },
          { name: 'topicId', type: 'uuid', versions: '6+', ignorable: true },
          { name: 'errorCode', type: 'int16', versions: '0+' },
          {
            name: 'errorMessage',
            type: 'string',
            versions: '5+',
            nullableVersions: '5+',
            default: null,
            ignorable: true,
          },
        ]),
      ),
      versions: '0+',
    },
  ],
});

export interface DeleteTopicState {
  name: string | null;
  /** Zero uuid when deleting by name. */
  topicId: string;
}

export interface DeleteTopicsRequest {
  /** v6+. */
  topics: DeleteTopicState[];
  /** v0–5. */
  topicNames: string[];
  timeoutMs: number;
}

export interface DeletableTopicResult {
  /** Nullable from v6. */
  name: string | null;
  /** v6+. */
  topicId: string;
  errorCode: number;
  /** v5+. */
  errorMessage: string | null;
}

export interface DeleteTopicsResponse {
  /** v1+. */
  throttleTimeMs: number;
  responses: DeletableTopicResult[];
}

type _DeleteTopicsChecks = [
  Assert<Same<MessageValue<typeof deleteTopicsRequest.fields>, DeleteTopicsRequest>>,
  Assert<Same<MessageValue<typeof deleteTopicsResponse.fields>, DeleteTopicsResponse>>,
];
