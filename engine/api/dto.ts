/**
 * The data that crosses the EngineApi boundary (DESIGN.md §1), as zod schemas with their inferred
 * types: catalog entries, templates, topics and their records, run status and tap batches.
 *
 * Invariants: everything here is plain JSON (no Buffers, no functions, no bigint); record keys,
 * values and header values travel as UTF-8 text (`null` when absent), with `valueBytes` giving the
 * original size; offsets and timestamps are JavaScript numbers (exact below 2^53).
 */
import { z } from 'zod';
import { diagnosticSchema } from './diagnostic.js';
import { pipelineDocumentSchema } from './pipeline-document.js';

// ── Catalog ────────────────────────────────────────────────────────────────────────────────────

export const portSpecSchema = z.object({
  name: z.string(),
  type: z.enum(['stream', 'table']),
  accepts: z.array(z.enum(['stream', 'table'])).optional(),
  required: z.boolean().optional(),
  multiple: z.boolean().optional(),
  description: z.string(),
});
export type PortSpecDto = z.infer<typeof portSpecSchema>;

export const nodePortsSchema = z.object({ inputs: z.array(portSpecSchema), outputs: z.array(portSpecSchema) });
export type NodePortsDto = z.infer<typeof nodePortsSchema>;

export const nodeKindSchema = z.object({
  /** `type@version`, e.g. `source.topic@1`. */
  kind: z.string(),
  group: z.enum(['Sources', 'Transforms', 'Aggregate & Window', 'Joins', 'Sinks']),
  title: z.string(),
  description: z.string(),
  /** The config schema as JSON Schema (draft 2020-12), with defaults, descriptions and enums. */
  configSchema: z.record(z.string(), z.unknown()),
  /** The config a new node of this kind starts with (every default applied). */
  defaultConfig: z.record(z.string(), z.unknown()),
  /** Static ports; nodes whose ports depend on their config report them through `pipelines.validate`. */
  ports: nodePortsSchema,
  /** Config fields holding expressions (dotted paths; `[]` marks array items), edited with expression support. */
  expressionFields: z.array(z.string()),
  /** Config fields holding TypeScript source (code nodes). */
  codeFields: z.array(z.string()),
});
export type NodeKindDto = z.infer<typeof nodeKindSchema>;

export const templateSummarySchema = z.object({
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  /** Node kinds used, for the gallery's chips. */
  kinds: z.array(z.string()),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

// ── Pipelines ──────────────────────────────────────────────────────────────────────────────────

export const validationResultSchema = z.object({
  diagnostics: z.array(diagnosticSchema),
  /** Each node's actual ports for its current config (branch outputs follow its conditions). */
  ports: z.record(z.string(), nodePortsSchema),
});
export type ValidationResult = z.infer<typeof validationResultSchema>;

export const parseResultSchema = z.object({
  /** Present when the text is a structurally valid document (diagnostics may still hold warnings). */
  doc: pipelineDocumentSchema.optional(),
  diagnostics: z.array(diagnosticSchema),
});
export type ParseResult = z.infer<typeof parseResultSchema>;

export const workspaceFileSchema = z.object({ path: z.string(), name: z.string(), modifiedMs: z.number() });
export type WorkspaceFile = z.infer<typeof workspaceFileSchema>;

export const runStateSchema = z.enum(['idle', 'starting', 'running', 'stopping', 'stopped', 'failed']);
export type RunState = z.infer<typeof runStateSchema>;

export const nodeRunStatsSchema = z.object({
  nodeId: z.string(),
  recordsIn: z.number(),
  recordsOut: z.number(),
  recordsInPerSec: z.number(),
  recordsOutPerSec: z.number(),
  errors: z.number(),
  /** Records not yet read by the node (sources only: end offset minus position, summed over partitions). */
  lag: z.number().optional(),
});
export type NodeRunStats = z.infer<typeof nodeRunStatsSchema>;

export const runStatusSchema = z.object({
  runId: z.string().nullable(),
  pipelineName: z.string().nullable(),
  state: runStateSchema,
  startedAtMs: z.number().nullable(),
  /** Why the run failed (state `failed`), with the node at fault when known. */
  error: z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional() }).optional(),
  nodes: z.array(nodeRunStatsSchema),
  /** Per edge (index into the running document's edges): records/s flowing along it. */
  edges: z.array(z.object({ edgeIndex: z.number().int(), recordsPerSec: z.number() })),
});
export type RunStatus = z.infer<typeof runStatusSchema>;

// ── Records, topics and taps ───────────────────────────────────────────────────────────────────

export const headerSchema = z.object({ key: z.string(), value: z.string().nullable() });
export type HeaderDto = z.infer<typeof headerSchema>;

export const recordSchema = z.object({
  topic: z.string().optional(),
  partition: z.number().int().optional(),
  offset: z.number().optional(),
  timestamp: z.number(),
  key: z.string().nullable(),
  value: z.string().nullable(),
  /** Size of the value as stored (bytes); the `value` text may be cut to a preview. */
  valueBytes: z.number().int(),
  /** Whether `value` was cut to a preview. */
  truncated: z.boolean(),
  headers: z.array(headerSchema),
});
export type RecordDto = z.infer<typeof recordSchema>;

export const topicSummarySchema = z.object({
  name: z.string(),
  internal: z.boolean(),
  partitions: z.array(z.object({ partition: z.number().int(), earliestOffset: z.number(), latestOffset: z.number() })),
});
export type TopicSummary = z.infer<typeof topicSummarySchema>;

export const topicDescriptionSchema = topicSummarySchema.extend({
  configs: z.record(z.string(), z.string()),
});
export type TopicDescriptionDto = z.infer<typeof topicDescriptionSchema>;

export const consumeFromSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('beginning') }),
  z.object({ type: z.literal('end'), back: z.number().int().nonnegative().default(0) }),
  z.object({ type: z.literal('offset'), offset: z.number().int().nonnegative() }),
  z.object({ type: z.literal('timestamp'), timestampMs: z.number() }),
]);
export type ConsumeFrom = z.infer<typeof consumeFromSchema>;

export const tapTargetSchema = z.object({
  nodeId: z.string(),
  /** The node's output port; omitted for its only (or default) output. */
  port: z.string().optional(),
});
export type TapTarget = z.infer<typeof tapTargetSchema>;

export const tapCountersSchema = z.object({
  records: z.number(),
  recordsPerSec: z.number(),
  bytesPerSec: z.number(),
  /** Records the engine-side filter let through. */
  matched: z.number(),
  /** Records seen but not sent (over the per-batch budget); the counters still include them. */
  dropped: z.number(),
  errors: z.number(),
});
export type TapCounters = z.infer<typeof tapCountersSchema>;

export const tapBatchSchema = z.object({
  tapId: z.string(),
  records: z.array(recordSchema),
  counters: tapCountersSchema,
});
export type TapBatch = z.infer<typeof tapBatchSchema>;
