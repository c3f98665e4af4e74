/**
 * The pipeline runtime (DESIGN.md §2): deploy a document on a LogClient, stop it, measure it per
 * node and edge, and tap any node output.
 */
export { startPipeline, PipelineInvalidError } from './start-pipeline.js';
export type { PipelineRun, PipelineRunOptions, RunStatsSnapshot, TapHandle, TapSubscription } from './types.js';
export { topicsOf } from './topics.js';
export { toRecordDto, textOf, type RecordLike } from './record-dto.js';
export { TAP_INTERVAL_MS, TAP_PREVIEW_CHARS, DEFAULT_TAP_BATCH } from './tap.js';
