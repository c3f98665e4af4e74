/**
 * Kafka wire protocol for Sluice's broker: primitives (Reader, Writer), the declarative schema
 * DSL and its compiled generic codec, the message schemas and typed bodies of every served API,
 * headers, and the registry of served versions. Pure: no I/O (DESIGN.md §2).
 */
export * from './codec-errors.js';
export * from './reader.js';
export * from './writer.js';
export * from './schema.js';
export { ZERO_UUID } from './defaults.js';
export { decodeMessage, encodeMessage, planFor, type Plan } from './plan.js';
export * from './registry.js';
export * from './headers.js';
export * from './codec.js';
export * from './apis/common.js';
export * from './apis/api-versions.js';
export * from './apis/consumer-protocol.js';
export * from './apis/create-topics.js';
export * from './apis/delete-topics.js';
export * from './apis/describe-configs.js';
export * from './apis/describe-groups.js';
export * from './apis/fetch.js';
export * from './apis/find-coordinator.js';
export * from './apis/heartbeat.js';
export * from './apis/init-producer-id.js';
export * from './apis/join-group.js';
export * from './apis/leave-group.js';
export * from './apis/list-groups.js';
export * from './apis/list-offsets.js';
export * from './apis/metadata.js';
export * from './apis/offset-commit.js';
export * from './apis/offset-fetch.js';
export * from './apis/produce.js';
export * from './apis/sync-group.js';
