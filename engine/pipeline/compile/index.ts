/**
 * The pipeline compiler (DESIGN.md §3): `compilePipeline(doc, { trusted, applicationId })` →
 * `{ ok: true, topology, plan }` or `{ ok: false, diagnostics }`. Pure; see compile.ts for the
 * passes, plan.ts for what the runtime gets besides the topology, kinds/ for each node kind.
 */
export { compilePipeline, type CompileOptions, type CompileResult } from './compile.js';
export { formatPlan, type CompiledPlan, type PlanCodeNode, type PlanDatagen, type PlanSink, type PlanSource, type PlanTapPoint } from './plan.js';
export { KIND_COMPILERS } from './kinds/index.js';
export { datagenTopic } from './kinds/sources.js';
export { serdeFor, type RecordFormat } from './values.js';
