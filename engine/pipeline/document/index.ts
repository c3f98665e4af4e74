/**
 * The pipeline document model (`sluice.pipeline/v1`, DESIGN.md §3): structure, canonical
 * serialization, parsing and the editors' JSON Schema. Browser-safe.
 */
export { PIPELINE_FORMAT, pipelineDocumentSchema, pipelineNodeSchema, pipelineEdgeSchema, positionSchema, settingsSchema } from './schema.js';
export type { PipelineDocument, PipelineEdge, PipelineNode, PipelinePosition, PipelineSettings } from './schema.js';
export type { Diagnostic, DiagnosticSeverity } from './diagnostic.js';
export { formatPath, hasErrors } from './diagnostic.js';
export { parsePipeline, parsePipelineValue } from './parse.js';
export type { ParseResult } from './parse.js';
export { serializePipeline } from './serialize.js';
export { orderBySchema } from './key-order.js';
export { pipelineJsonSchema, PIPELINE_SCHEMA_ID } from './json-schema.js';
