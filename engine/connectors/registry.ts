/**
 * The connector registry: the one door through which engine/pipeline reaches connectors
 * (DESIGN.md §2; enforced by the ESLint boundary rule). Re-exports what the node catalog needs —
 * config schemas and their types — and the pipeline runtime needs — the datagen emitter, which runs
 * on a Clock and hands records to a caller's sink — and nothing that does I/O, so the catalog stays browser-safe.
 */
export { datagenConfigSchema, datagenOutputs, startDatagen } from './datagen/index.js';
export type { DatagenConfig, DatagenEmitter, GeneratedRecord } from './datagen/index.js';
