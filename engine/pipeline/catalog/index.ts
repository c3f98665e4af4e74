/**
 * The node catalog's public surface (browser-safe: zod, the expression module and the connector
 * registry only): manifests, the registry, ports and config building blocks.
 */
export { defineManifest, portAccepts, PALETTE_GROUPS } from './manifest.js';
export type { ManifestDefinition, NodeManifest, NodePorts, PaletteGroup, PortSpec, PortType } from './manifest.js';
export { getManifest, listManifests, paletteGroups, parseKind, suggestKinds } from './registry.js';
export { MAX_TOPIC_NAME_LENGTH, topicNameProblem } from './fields.js';
export type { IssueParams } from './fields.js';
export { DEFAULT_BRANCH } from './kinds/transform-branch.js';
export { AGGREGATE_FUNCTIONS } from './kinds/aggregate-window.js';

// Parsed (defaults applied) config types, for the compiler.
import type { z } from 'zod';
import type { sourceTopicConfig } from './kinds/source-topic.js';
import type { tableTopicConfig } from './kinds/table-topic.js';
import type { filterConfig } from './kinds/transform-filter.js';
import type { mapConfig, mapOperation } from './kinds/transform-map.js';
import type { selectKeyConfig } from './kinds/transform-select-key.js';
import type { flatMapConfig } from './kinds/transform-flat-map.js';
import type { branchConfig } from './kinds/transform-branch.js';
import type { mergeConfig } from './kinds/transform-merge.js';
import type { codeConfig } from './kinds/transform-code.js';
import type { aggregateWindowConfig, aggregation, windowSpec } from './kinds/aggregate-window.js';
import type { streamStreamJoinConfig } from './kinds/join-stream-stream.js';
import type { streamTableJoinConfig } from './kinds/join-stream-table.js';
import type { tableTableJoinConfig } from './kinds/join-table-table.js';
import type { sinkTopicConfig } from './kinds/sink-topic.js';
export type { DatagenConfig as SourceDatagenConfig } from '../../connectors/registry.js';
export type SourceTopicConfig = z.output<typeof sourceTopicConfig>;
export type TableTopicConfig = z.output<typeof tableTopicConfig>;
export type FilterConfig = z.output<typeof filterConfig>;
export type MapConfig = z.output<typeof mapConfig>;
export type MapOperation = z.output<typeof mapOperation>;
export type SelectKeyConfig = z.output<typeof selectKeyConfig>;
export type FlatMapConfig = z.output<typeof flatMapConfig>;
export type BranchConfig = z.output<typeof branchConfig>;
export type MergeConfig = z.output<typeof mergeConfig>;
export type CodeConfig = z.output<typeof codeConfig>;
export type AggregateWindowConfig = z.output<typeof aggregateWindowConfig>;
export type Aggregation = z.output<typeof aggregation>;
export type WindowSpec = z.output<typeof windowSpec>;
export type StreamStreamJoinConfig = z.output<typeof streamStreamJoinConfig>;
export type StreamTableJoinConfig = z.output<typeof streamTableJoinConfig>;
export type TableTableJoinConfig = z.output<typeof tableTableJoinConfig>;
export type SinkTopicConfig = z.output<typeof sinkTopicConfig>;
