/**
 * FindCoordinator (key 10). Kafka defines v0–6 (flexible from v3); Sluice serves all. v0–3 ask
 * for one `key` and get one coordinator; v4+ batch `coordinatorKeys` and get `coordinators`.
 * keyType: 0 group, 1 transaction (v1+).
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const findCoordinatorRequest = message({
  name: 'FindCoordinatorRequest',
  apiKey: 10,
  type: 'request',
  validVersions: '0-6',
  flexibleVersions: '3+',
  fields: [
    { name: 'key', type: 'string', versions: '0-3' },
    { name: 'keyType', type: 'int8', versions: '1+', default: 0 },
    { name: 'coordinatorKeys', type: arrayOf('string'), versions: '4+' },
  ],
});

export const findCoordinatorResponse = message({
  name: 'FindCoordinatorResponse',
  apiKey: 10,
  type: 'response',
  validVersions: '0-6',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0-3' },
    { name: 'errorMessage', type: 'string', versions: '1-3', nullableVersions: '1-3', ignorable: true },
    { name: 'nodeId', type: 'int32', versions: '0-3' },
    { name: 'host', type: 'string', versions: '0-3' },
    { name: 'port', type: 'int32', versions: '0-3' },
    {
      name: 'coordinators',
      type: arrayOf(
        struct('Coordinator', [
          { name: 'key', type: 'string', versions: '4+' },
          { name: 'nodeId', type: 'int32', versions: '4+' },
          { name: 'host', type: 'string', versions: '4+' },
          { name: 'port', type: 'int32', versions: '4+' },
          { name: 'errorCode', type: 'int16', versions: '4+' },
          { name: 'errorMessage', type: 'string', versions: '4+', nullableVersions: '4+', ignorable: true },
        ]),
      ),
      versions: '4+',
    },
  ],
});

export interface FindCoordinatorRequest {
  /** v0–3. */
  key: string;
  /** v1+: 0 group, 1 transaction. */
  keyType: number;
  /** v4+. */
  coordinatorKeys: string[];
}

export interface Coordinator {
  key: string;
  nodeId: number;
  host: string;
  port: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface FindCoordinatorResponse {
  /** v1+. */
  throttleTimeMs: number;
  /** v0–3. */
  errorCode: number;
  /** v1–3. */
  errorMessage: string | null;
  /** v0–3. */
  nodeId: number;
  /** v0–3. */
  host: string;
  /** v0–3. */
  port: number;
  /** v4+. */
  coordinators: Coordinator[];
}

type _FindCoordinatorChecks = [
  Assert<Same<MessageValue<typeof findCoordinatorRequest.fields>, FindCoordinatorRequest>>,
  Assert<Same<MessageValue<typeof findCoordinatorResponse.fields>, FindCoordinatorResponse>>,
];
