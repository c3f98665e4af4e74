/** Every served API's handler, by API key. */
import type { ApiKey } from '../protocol/index.js';
import type { ApiHandler } from './handler.js';
import { apiVersionsHandler } from './api-versions.js';
import { metadataHandler } from './metadata.js';
import { produceHandler } from './produce.js';
import { fetchHandler } from './fetch.js';
import { listOffsetsHandler } from './list-offsets.js';
import { findCoordinatorHandler, heartbeatHandler, joinGroupHandler, leaveGroupHandler, syncGroupHandler } from './groups.js';
import { offsetCommitHandler, offsetFetchHandler } from './offsets.js';
import {
  createTopicsHandler,
  deleteRecordsHandler,
  deleteTopicsHandler,
  describeConfigsHandler,
  describeGroupsHandler,
  initProducerIdHandler,
  listGroupsHandler,
} from './admin.js';

const ALL: ApiHandler<ApiKey>[] = [
  apiVersionsHandler,
  metadataHandler,
  produceHandler,
  fetchHandler,
  listOffsetsHandler,
  findCoordinatorHandler,
  joinGroupHandler,
  syncGroupHandler,
  heartbeatHandler,
  leaveGroupHandler,
  offsetCommitHandler,
  offsetFetchHandler,
  createTopicsHandler,
  deleteTopicsHandler,
  deleteRecordsHandler,
  describeConfigsHandler,
  initProducerIdHandler,
  describeGroupsHandler,
  listGroupsHandler,
] as ApiHandler<ApiKey>[];

export const HANDLERS: ReadonlyMap<number, ApiHandler<ApiKey>> = new Map(ALL.map((handler) => [handler.apiKey, handler]));
