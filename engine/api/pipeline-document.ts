/**
 * The structural schema of a `sluice.pipeline/v1` document (DESIGN.md §3): format, name, optional
 * description and settings, nodes and edges. Node configs are kept as raw JSON objects here; what a
 * config must contain is the node catalog's business (`engine/pipeline/catalog`), checked by
 * `validate`. Objects are strict, so a misspelt key is reported rather than silently dropped.
 */
import { z } from 'zod';

export const PIPELINE_FORMAT = 'sluice.pipeline/v1';

export const positionSchema = z.strictObject({ x: z.number(), y: z.number() }).describe('Where the node sits on the canvas');

export const settingsSchema = z
  .strictObject({
    errorPolicy: z
      .enum(['dead-letter', 'fail'])
      .optional()
      .describe('What a failing record does: go to the dead-letter topic (default) or stop the pipeline'),
    deadLetterTopic: z.string().optional().describe('Topic for records that fail; defaults to `<name>.dlq`'),
  })
  .describe('Pipeline-wide settings');

export const nodeIdSchema = z.string().min(1).max(200).describe('Unique id of the node within the pipeline');

export const pipelineNodeSchema = z.strictObject({
  id: nodeIdSchema,
  kind: z.string().min(1).describe('Versioned node kind, e.g. `source.topic@1`'),
  config: z.record(z.string(), z.unknown()).default({}).describe('Kind-specific configuration'),
  position: positionSchema.optional(),
});

export const pipelineEdgeSchema = z.strictObject({
  from: z.string().min(1).describe('Id of the upstream node'),
  to: z.string().min(1).describe('Id of the downstream node'),
  fromPort: z.string().min(1).optional().describe('Output port of the upstream node; may be omitted when it has one'),
  toPort: z.string().min(1).optional().describe('Input port of the downstream node; may be omitted when it has one'),
});

export const pipelineDocumentSchema = z.strictObject({
  format: z.literal(PIPELINE_FORMAT),
  name: z.string().min(1).describe('Pipeline name'),
  description: z.string().optional(),
  settings: settingsSchema.optional(),
  nodes: z.array(pipelineNodeSchema),
  edges: z.array(pipelineEdgeSchema),
});

export type PipelinePosition = z.infer<typeof positionSchema>;
export type PipelineSettings = z.infer<typeof settingsSchema>;
export type PipelineNode = z.infer<typeof pipelineNodeSchema>;
export type PipelineEdge = z.infer<typeof pipelineEdgeSchema>;
export type PipelineDocument = z.infer<typeof pipelineDocumentSchema>;
