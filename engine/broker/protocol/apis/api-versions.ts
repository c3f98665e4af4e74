/**
 * ApiVersions (key 18): the version handshake. Kafka defines v0–4 (flexible from v3); Sluice
 * serves v0–3. Quirks the handler must honour (kafka-notes §1.2): the response header is always
 * v0 (no tag buffer), even for the flexible v3 body; and a request whose version is unsupported is
 * answered, without parsing its body, with a v0 body: errorCode 35 and apiKeys = [{18, 0, max}].
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const apiVersionsRequest = message({
  name: 'ApiVersionsRequest',
  apiKey: 18,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'clientSoftwareName', type: 'string', versions: '3+', ignorable: true },
    { name: 'clientSoftwareVersion', type: 'string', versions: '3+', ignorable: true },
  ],
});

export const apiVersionsResponse = message({
  name: 'ApiVersionsResponse',
  apiKey: 18,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'apiKeys',
      type: arrayOf(
        struct('ApiVersion', [
          { name: 'apiKey', type: 'int16', versions: '0+' },
          { name: 'minVersion', type: 'int16', versions: '0+' },
          { name: 'maxVersion', type: 'int16', versions: '0+' },
        ]),
      ),
      versions: '0+',
    },
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'supportedFeatures',
      type: arrayOf(
        struct('SupportedFeatureKey', [
          { name: 'name', type: 'string', versions: '3+' },
          { name: 'minVersion', type: 'int16', versions: '3+' },
          { name: 'maxVersion', type: 'int16', versions: '3+' },
        ]),
      ),
      versions: '3+',
      tag: 0,
      taggedVersions: '3+',
      ignorable: true,
    },
    {
      name: 'finalizedFeaturesEpoch',
      type: 'int64',
      versions: '3+',
      tag: 1,
      taggedVersions: '3+',
      default: -1,
      ignorable: true,
    },
    {
      name: 'finalizedFeatures',
      type: arrayOf(
        struct('FinalizedFeatureKey', [
          { name: 'name', type: 'string', versions: '3+' },
          { name: 'maxVersionLevel', type: 'int16', versions: '3+' },
          { name: 'minVersionLevel', type: 'int16', versions: '3+' },
        ]),
      ),
      versions: '3+',
      tag: 2,
      taggedVersions: '3+',
      ignorable: true,
    },
    {
      name: 'zkMigrationReady',
      type: 'bool',
      versions: '3+',
      tag: 3,
      taggedVersions: '3+',
      default: false,
      ignorable: true,
    },
  ],
});

export interface ApiVersionsRequest {
  /** v3+. */
  clientSoftwareName: string;
  /** v3+. */
  clientSoftwareVersion: string;
}

export interface ApiVersion {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

export interface SupportedFeatureKey {
  name: string;
  minVersion: number;
  maxVersion: number;
}

export interface FinalizedFeatureKey {
  name: string;
  maxVersionLevel: number;
  minVersionLevel: number;
}

export interface ApiVersionsResponse {
  errorCode: number;
  apiKeys: ApiVersion[];
  /** v1+. */
  throttleTimeMs: number;
  /** v3+, tag 0. */
  supportedFeatures: SupportedFeatureKey[];
  /** v3+, tag 1; -1 = unknown. */
  finalizedFeaturesEpoch: number;
  /** v3+, tag 2. */
  finalizedFeatures: FinalizedFeatureKey[];
  /** v3+, tag 3. */
  zkMigrationReady: boolean;
}

type _ApiVersionsChecks = [
  Assert<Same<MessageValue<typeof apiVersionsRequest.fields>, ApiVersionsRequest>>,
  Assert<Same<MessageValue<typeof apiVersionsResponse.fields>, ApiVersionsResponse>>,
];
