/**
 * The connector registry: the one door through which engine/pipeline reaches connectors
 * (DESIGN.md §2; enforced by the ESLint boundary rule). Re-exports what the node catalog needs —
 * config schemas and their types — and nothing that does I/O, so the catalog stays browser-safe.
 */
export { datagenConfigSchema, datagenOutputs } from './datagen/index.js';
export type { DatagenConfig } from './datagen/index.js';
