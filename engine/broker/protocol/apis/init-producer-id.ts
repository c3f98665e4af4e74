/**
 * InitProducerId (key 22). Kafka defines v0–5 (flexible from v2); Sluice serves all. Java
 * producers are idempotent by default and need it; transactionalId is null for idempotence only.
 * v3+ send the current producerId/epoch (-1/-1 when none) to bump the epoch.
 */
import { message, type Assert, type MessageValue, type Same } from '../schema.js';

export const initProducerIdRequest = message({
  name: 'InitProducerIdRequest',
  apiKey: 22,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '2+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'transactionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '3+', default: -1 },
    { name: 'producerEpoch', type: 'int16', versions: '3+', default: -1 },
  ],
});

export const initProducerIdResponse = message({
  name: 'InitProducerIdResponse',
  apiKey: 22,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+', default: -1 },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
  ],
});

export interface InitProducerIdRequest {
  transactionalId: string | null;
  transactionTimeoutMs: number;
  /** v3+. */
  producerId: number;
  /** v3+. */
  producerEpoch: number;
}

export interface InitProducerIdResponse {
  throttleTimeMs: number;
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}

type _InitProducerIdChecks = [
  Assert<Same<MessageValue<typeof initProducerIdRequest.fields>, InitProducerIdRequest>>,
  Assert<Same<MessageValue<typeof initProducerIdResponse.fields>, InitProducerIdResponse>>,
];
