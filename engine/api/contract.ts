/**
 * The EngineApi contract (DESIGN.md §1): every method the studio may call, with the zod schemas of
 * its parameters and result, and every event the engine pushes. Both transports (WebSocket in the
 * browser, MessagePort in Electron) carry exactly these; the host validates parameters against
 * them before dispatching, and the client may validate results.
 *
 * Invariants: names are `<area>.<verb>`; parameters are always one object; results are objects
 * (never bare values) so fields can be added without breaking callers.
 */
import { z } from 'zod';
import { diagnosticSchema } from './diagnostic.js';
import {
  consumeFromSchema,
  headerSchema,
  nodeKindSchema,
  parseResultSchema,
  recordSchema,
  runStatusSchema,
  tapBatchSchema,
  tapTargetSchema,
  templateSummarySchema,
  topicDescriptionSchema,
  topicSummarySchema,
  validationResultSchema,
  workspaceFileSchema,
} from './dto.js';
import { pipelineDocumentSchema } from './pipeline-document.js';

const none = z.object({});
const docParam = z.object({ doc: pipelineDocumentSchema });

export const ENGINE_METHODS = {
  // Pipelines: the document in the editor, the workspace files, the run.
  'pipelines.validate': { params: docParam, result: validationResultSchema },
  'pipelines.parse': { params: z.object({ text: z.string() }), result: parseResultSchema },
  'pipelines.serialize': { params: docParam, result: z.object({ text: z.string() }) },
  'pipelines.list': { params: none, result: z.object({ files: z.array(workspaceFileSchema) }) },
  'pipelines.open': { params: z.object({ path: z.string() }), result: parseResultSchema.extend({ path: z.string(), text: z.string() }) },
  'pipelines.save': { params: z.object({ path: z.string(), doc: pipelineDocumentSchema }), result: z.object({ path: z.string(), text: z.string() }) },
  'pipelines.run': {
    params: z.object({ doc: pipelineDocumentSchema, trusted: z.boolean().default(false) }),
    result: z.object({ runId: z.string() }),
  },
  'pipelines.stop': { params: none, result: z.object({ stopped: z.boolean() }) },
  'pipelines.status': { params: none, result: runStatusSchema },

  // Taps: records and counters of one node output of the running pipeline.
  'taps.subscribe': {
    params: z.object({
      target: tapTargetSchema,
      /** Engine-side filter, an expression over key, value, headers and timestamp. */
      filter: z.string().optional(),
      /** Most records sent per batch (batches go out at most every 100 ms); default 200. */
      maxRecordsPerBatch: z.number().int().positive().max(5000).optional(),
    }),
    result: z.object({ tapId: z.string() }),
  },
  'taps.setFilter': {
    params: z.object({ tapId: z.string(), filter: z.string().optional() }),
    result: z.object({ diagnostics: z.array(diagnosticSchema) }),
  },
  'taps.unsubscribe': { params: z.object({ tapId: z.string() }), result: none },

  // Topics of the embedded broker.
  'topics.list': { params: z.object({ includeInternal: z.boolean().default(false) }), result: z.object({ topics: z.array(topicSummarySchema) }) },
  'topics.describe': { params: z.object({ name: z.string() }), result: topicDescriptionSchema },
  'topics.create': {
    params: z.object({ name: z.string(), partitions: z.number().int().positive().default(1), configs: z.record(z.string(), z.string()).default({}) }),
    result: topicSummarySchema,
  },
  'topics.delete': { params: z.object({ name: z.string() }), result: none },
  'topics.consume': {
    params: z.object({
      topic: z.string(),
      /** One partition, or all of them when omitted. */
      partition: z.number().int().nonnegative().optional(),
      from: consumeFromSchema,
      limit: z.number().int().positive().max(10_000).default(100),
    }),
    result: z.object({ records: z.array(recordSchema) }),
  },
  'topics.produce': {
    params: z.object({
      topic: z.string(),
      partition: z.number().int().nonnegative().optional(),
      key: z.string().nullable(),
      value: z.string().nullable(),
      headers: z.array(headerSchema).default([]),
      timestampMs: z.number().optional(),
    }),
    result: z.object({ partition: z.number().int(), offset: z.number() }),
  },

  // Catalog and templates.
  'catalog.list': { params: none, result: z.object({ groups: z.array(z.string()), kinds: z.array(nodeKindSchema) }) },
  'templates.list': { params: none, result: z.object({ templates: z.array(templateSummarySchema) }) },
  'templates.instantiate': { params: z.object({ slug: z.string() }), result: z.object({ doc: pipelineDocumentSchema, readme: z.string() }) },
} as const;

export const ENGINE_EVENTS = {
  /** The run's state and per-node counters: on every state change and about once a second while running. */
  'run.status': runStatusSchema,
  /** Records and counters of one tap, at most every 100 ms per tap. */
  'tap.batch': tapBatchSchema,
} as const;

export type EngineMethod = keyof typeof ENGINE_METHODS;
export type EngineEvent = keyof typeof ENGINE_EVENTS;
/** What a caller passes (defaults may be omitted). */
export type MethodParams<M extends EngineMethod> = z.input<(typeof ENGINE_METHODS)[M]['params']>;
/** What the host receives after validation (defaults applied). */
export type ParsedParams<M extends EngineMethod> = z.output<(typeof ENGINE_METHODS)[M]['params']>;
export type MethodResult<M extends EngineMethod> = z.output<(typeof ENGINE_METHODS)[M]['result']>;
export type EventPayload<E extends EngineEvent> = z.output<(typeof ENGINE_EVENTS)[E]>;

/** The engine as the studio sees it: one async function per method. */
export type EngineApi = { [M in EngineMethod]: (params: MethodParams<M>) => Promise<MethodResult<M>> };

/** The engine side: handlers receive validated parameters. */
export type EngineHandlers = { [M in EngineMethod]: (params: ParsedParams<M>) => Promise<MethodResult<M>> };

export const isEngineMethod = (name: string): name is EngineMethod => Object.hasOwn(ENGINE_METHODS, name);
