/**
 * DescribeConfigs (key 32). Kafka defines v0–4 (flexible from v4); Sluice serves all (admin
 * tools). resourceType: 2 topic, 4 broker. configurationKeys null = all. isDefault exists only in
 * v0; v1+ report configSource instead.
 */
import { arrayOf, message, struct, type Assert, type MessageValue, type Same } from '../schema.js';

export const describeConfigsRequest = message({
  name: 'DescribeConfigsRequest',
  apiKey: 32,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    {
      name: 'resources',
      type: arrayOf(
        struct('DescribeConfigsResource', [
          { name: 'resourceType', type: 'int8', versions: '0+' },
          { name: 'resourceName', type: 'string', versions: '0+' },
          { name: 'configurationKeys', type: arrayOf('string'), versions: '0+', nullableVersions: '0+' },
        ]),
      ),
      versions: '0+',
    },
    { name: 'includeSynonyms', type: 'bool', versions: '1+', default: false },
    { name: 'includeDocumentation', type: 'bool', versions: '3+', default: false },
  ],
});

export const describeConfigsResponse = message({
  name: 'DescribeConfigsResponse',
  apiKey: 32,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'results',
      type: arrayOf(
        struct('DescribeConfigsResult', [
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
          { name: 'resourceType', type: 'int8', versions: '0+' },
          { name: 'resourceName', type: 'string', versions: '0+' },
          {
            name: 'configs',
            type: arrayOf(
              struct('DescribeConfigsResourceResult', [
                { name: 'name', type: 'string', versions: '0+' },
                { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
                { name: 'readOnly', type: 'bool', versions: '0+' },
                { name: 'isDefault', type: 'bool', versions: '0' },
                { name: 'configSource', type: 'int8', versions: '1+', default: -1, ignorable: true },
                { name: 'isSensitive', type: 'bool', versions: '0+' },
                {
                  name: 'synonyms',
                  type: arrayOf(
                    struct('DescribeConfigsSynonym', [
                      { name: 'name', type: 'string', versions: '1+' },
                      { name: 'value', type: 'string', versions: '1+', nullableVersions: '0+' },
                      { name: 'source', type: 'int8', versions: '1+' },
                    ]),
                  ),
                  versions: '1+',
                  ignorable: true,
                },
                { name: 'configType', type: 'int8', versions: '3+', default: 0, ignorable: true },
                {
                  name: 'documentation',
                  type: 'string',
                  versions: '3+',
                  nullableVersions: '0+',
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
  ],
});

export interface DescribeConfigsResource {
  /** 2 topic, 4 broker. */
  resourceType: number;
  resourceName: string;
  /** null = all. */
  configurationKeys: string[] | null;
}

export interface DescribeConfigsRequest {
  resources: DescribeConfigsResource[];
  /** v1+. */
  includeSynonyms: boolean;
  /** v3+. */
  includeDocumentation: boolean;
}

export interface DescribeConfigsSynonym {
  name: string;
  value: string | null;
  source: number;
}

export interface DescribeConfigsResourceResult {
  name: string;
  value: string | null;
  readOnly: boolean;
  /** v0 only. */
  isDefault: boolean;
  /** v1+. */
  configSource: number;
  isSensitive: boolean;
  /** v1+. */
  synonyms: DescribeConfigsSynonym[];
  /** v3+. */
  configType: number;
  /** v3+. */
  documentation: string | null;
}

export interface DescribeConfigsResult {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  configs: DescribeConfigsResourceResult[];
}

export interface DescribeConfigsResponse {
  throttleTimeMs: number;
  results: DescribeConfigsResult[];
}

type _DescribeConfigsChecks = [
  Assert<Same<MessageValue<typeof describeConfigsRequest.fields>, DescribeConfigsRequest>>,
  Assert<Same<MessageValue<typeof describeConfigsResponse.fields>, DescribeConfigsResponse>>,
];
