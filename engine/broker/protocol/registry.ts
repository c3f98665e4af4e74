/**
 * The API registry: which Kafka APIs Sluice serves, at which versions, with which schemas, and
 * the header-version rules derived from them.
 *
 * Invariants:
 * - SUPPORTED_VERSIONS is what the broker advertises in ApiVersions (kafka-notes §1.4): every
 *   minimum is at or below what kafkajs, kcat and kafka-python send, and each range stays inside
 *   the versions the schemas fully describe.
 * - Flexibility comes from the schema's `flexibleVersions` and holds for any version, supported
 *   or not, so a header of an unsupported newer version is still parsed correctly.
 * - Request header v2 iff the API version is flexible (v1 otherwise; v0 only for
 *   ControlledShutdown v0). Response header v1 iff flexible, EXCEPT ApiVersions: always v0.
 */
import {
  apiVersionsRequest,
  apiVersionsResponse,
  type ApiVersionsRequest,
  type ApiVersionsResponse,
} from './apis/api-versions.js';
import {
  createTopicsRequest,
  createTopicsResponse,
  type CreateTopicsRequest,
  type CreateTopicsResponse,
} from './apis/create-topics.js';
import {
  deleteTopicsRequest,
  deleteTopicsResponse,
  type DeleteTopicsRequest,
  type DeleteTopicsResponse,
} from './apis/delete-topics.js';
import {
  deleteRecordsRequest,
  deleteRecordsResponse,
  type DeleteRecordsRequest,
  type DeleteRecordsResponse,
} from './apis/delete-records.js';
import {
  describeConfigsRequest,
  describeConfigsResponse,
  type DescribeConfigsRequest,
  type DescribeConfigsResponse,
} from './apis/describe-configs.js';
import {
  describeGroupsRequest,
  describeGroupsResponse,
  type DescribeGroupsRequest,
  type DescribeGroupsResponse,
} from './apis/describe-groups.js';
import { fetchRequest, fetchResponse, type FetchRequest, type FetchResponse } from './apis/fetch.js';
import {
  findCoordinatorRequest,
  findCoordinatorResponse,
  type FindCoordinatorRequest,
  type FindCoordinatorResponse,
} from './apis/find-coordinator.js';
import {
  heartbeatRequest,
  heartbeatResponse,
  type HeartbeatRequest,
  type HeartbeatResponse,
} from './apis/heartbeat.js';
import {
  initProducerIdRequest,
  initProducerIdResponse,
  type InitProducerIdRequest,
  type InitProducerIdResponse,
} from './apis/init-producer-id.js';
import {
  joinGroupRequest,
  joinGroupResponse,
  type JoinGroupRequest,
  type JoinGroupResponse,
} from './apis/join-group.js';
import {
  leaveGroupRequest,
  leaveGroupResponse,
  type LeaveGroupRequest,
  type LeaveGroupResponse,
} from './apis/leave-group.js';
import {
  listGroupsRequest,
  listGroupsResponse,
  type ListGroupsRequest,
  type ListGroupsResponse,
} from './apis/list-groups.js';
import {
  listOffsetsRequest,
  listOffsetsResponse,
  type ListOffsetsRequest,
  type ListOffsetsResponse,
} from './apis/list-offsets.js';
import {
  metadataRequest,
  metadataResponse,
  type MetadataRequest,
  type MetadataResponse,
} from './apis/metadata.js';
import {
  offsetCommitRequest,
  offsetCommitResponse,
  type OffsetCommitRequest,
  type OffsetCommitResponse,
} from './apis/offset-commit.js';
import {
  offsetFetchRequest,
  offsetFetchResponse,
  type OffsetFetchRequest,
  type OffsetFetchResponse,
} from './apis/offset-fetch.js';
import {
  produceRequest,
  produceResponse,
  type ProduceRequest,
  type ProduceResponse,
} from './apis/produce.js';
import {
  syncGroupRequest,
  syncGroupResponse,
  type SyncGroupRequest,
  type SyncGroupResponse,
} from './apis/sync-group.js';
import type { MessageSpec } from './schema.js';
import { parseVersions } from './schema.js';

export const API_KEYS = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  DescribeConfigs: 32,
} as const;

export type ApiName = keyof typeof API_KEYS;

/** Request body type per API key. */
export interface RequestBodies {
  0: ProduceRequest;
  1: FetchRequest;
  2: ListOffsetsRequest;
  3: MetadataRequest;
  8: OffsetCommitRequest;
  9: OffsetFetchRequest;
  10: FindCoordinatorRequest;
  11: JoinGroupRequest;
  12: HeartbeatRequest;
  13: LeaveGroupRequest;
  14: SyncGroupRequest;
  15: DescribeGroupsRequest;
  16: ListGroupsRequest;
  18: ApiVersionsRequest;
  19: CreateTopicsRequest;
  20: DeleteTopicsRequest;
  21: DeleteRecordsRequest;
  22: InitProducerIdRequest;
  32: DescribeConfigsRequest;
}

/** Response body type per API key. */
export interface ResponseBodies {
  0: ProduceResponse;
  1: FetchResponse;
  2: ListOffsetsResponse;
  3: MetadataResponse;
  8: OffsetCommitResponse;
  9: OffsetFetchResponse;
  10: FindCoordinatorResponse;
  11: JoinGroupResponse;
  12: HeartbeatResponse;
  13: LeaveGroupResponse;
  14: SyncGroupResponse;
  15: DescribeGroupsResponse;
  16: ListGroupsResponse;
  18: ApiVersionsResponse;
  19: CreateTopicsResponse;
  20: DeleteTopicsResponse;
  21: DeleteRecordsResponse;
  22: InitProducerIdResponse;
  32: DescribeConfigsResponse;
}

export type ApiKey = keyof RequestBodies & (typeof API_KEYS)[ApiName];

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

export const SUPPORTED_VERSIONS: Readonly<Record<ApiKey, VersionRange>> = {
  // Produce from v0, although v0–2 (legacy message sets) are refused per partition: librdkafka
  // < 2.11.1 (kcat, confluent-kafka) compresses gzip/snappy/lz4 only if the Produce range contains
  // v0 (`rd_kafka_broker_ApiVersion_supported(Produce, 0, 0)`) and otherwise silently sends
  // uncompressed batches. Kafka 3.x advertises Produce 0+.
  0: { min: 0, max: 9 },
  1: { min: 4, max: 12 },
  2: { min: 1, max: 7 },
  3: { min: 0, max: 12 },
  8: { min: 2, max: 9 },
  9: { min: 1, max: 9 },
  10: { min: 0, max: 6 },
  11: { min: 0, max: 9 },
  12: { min: 0, max: 4 },
  13: { min: 0, max: 5 },
  14: { min: 0, max: 5 },
  15: { min: 0, max: 5 },
  16: { min: 0, max: 4 },
  18: { min: 0, max: 3 },
  19: { min: 0, max: 7 },
  20: { min: 0, max: 6 },
  21: { min: 0, max: 2 },
  22: { min: 0, max: 5 },
  32: { min: 0, max: 4 },
};

export interface ApiDefinition {
  readonly key: ApiKey;
  readonly name: ApiName;
  readonly request: MessageSpec;
  readonly response: MessageSpec;
  readonly versions: VersionRange;
  /** First flexible version (from the schema), or Infinity if none. */
  readonly flexibleFrom: number;
}

const SPECS: Record<ApiKey, readonly [MessageSpec, MessageSpec]> = {
  0: [produceRequest, produceResponse],
  1: [fetchRequest, fetchResponse],
  2: [listOffsetsRequest, listOffsetsResponse],
  3: [metadataRequest, metadataResponse],
  8: [offsetCommitRequest, offsetCommitResponse],
  9: [offsetFetchRequest, offsetFetchResponse],
  10: [findCoordinatorRequest, findCoordinatorResponse],
  11: [joinGroupRequest, joinGroupResponse],
  12: [heartbeatRequest, heartbeatResponse],
  13: [leaveGroupRequest, leaveGroupResponse],
  14: [syncGroupRequest, syncGroupResponse],
  15: [describeGroupsRequest, describeGroupsResponse],
  16: [listGroupsRequest, listGroupsResponse],
  18: [apiVersionsRequest, apiVersionsResponse],
  19: [createTopicsRequest, createTopicsResponse],
  20: [deleteTopicsRequest, deleteTopicsResponse],
  21: [deleteRecordsRequest, deleteRecordsResponse],
  22: [initProducerIdRequest, initProducerIdResponse],
  32: [describeConfigsRequest, describeConfigsResponse],
};

const APIS = new Map<number, ApiDefinition>(
  (Object.entries(API_KEYS) as [ApiName, ApiKey][]).map(([name, key]) => {
    const [request, response] = SPECS[key];
    const flexible = parseVersions(request.flexibleVersions);
    const flexibleFrom = flexible.min > flexible.max ? Infinity : flexible.min;
    return [key, { key, name, request, response, versions: SUPPORTED_VERSIONS[key], flexibleFrom }];
  }),
);

/** All served APIs in key order (e.g. to build the ApiVersions response). */
export const API_DEFINITIONS: readonly ApiDefinition[] = [...APIS.values()].sort((a, b) => a.key - b.key);

export function apiDefinition(apiKey: number): ApiDefinition | undefined {
  return APIS.get(apiKey);
}

export function isApiKey(apiKey: number): apiKey is ApiKey {
  return APIS.has(apiKey);
}

export function isSupported(apiKey: number, version: number): boolean {
  const api = APIS.get(apiKey);
  return api !== undefined && version >= api.versions.min && version <= api.versions.max;
}

/** Whether (apiKey, version) uses flexible encoding; false for unknown API keys. */
export function isFlexible(apiKey: number, version: number): boolean {
  const api = APIS.get(apiKey);
  return api !== undefined && version >= api.flexibleFrom;
}

const CONTROLLED_SHUTDOWN = 7;

export function requestHeaderVersion(apiKey: number, version: number): 0 | 1 | 2 {
  if (apiKey === CONTROLLED_SHUTDOWN && version === 0) return 0;
  return isFlexible(apiKey, version) ? 2 : 1;
}

export function responseHeaderVersion(apiKey: number, version: number): 0 | 1 {
  if (apiKey === API_KEYS.ApiVersions) return 0;
  return isFlexible(apiKey, version) ? 1 : 0;
}
