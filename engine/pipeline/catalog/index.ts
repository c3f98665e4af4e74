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
