/**
 * CompiledPlan: what a runtime needs besides the topology — topics to read, write and create,
 * datagen sources to feed, the error policy and dead-letter topic, and the code nodes (and whether
 * they may run). `formatPlan` renders it as stable text (golden files, `sluice export --describe`).
 *
 * Invariants: plain data (JSON-serializable); lists are in document order; internal topic names
 * are decorated with the application id.
 */
import type { SourceDatagenConfig } from '../catalog/index.js';
import type { Diagnostic } from '../document/diagnostic.js';
import type { ErrorPolicy } from '../../streams/index.js';
import type { RecordFormat } from './values.js';

export interface PlanSource {
  nodeId: string;
  topic: string;
  /** `stream` for source.topic, `table` for table.topic. */
  as: 'stream' | 'table';
  format: RecordFormat;
  keyFormat: RecordFormat;
  startOffset?: 'earliest' | 'latest';
}

export interface PlanDatagen {
  nodeId: string;
  config: SourceDatagenConfig;
  /** Each generator output (`stream`) is written to its own topic, `<pipeline>-<nodeId>-<stream>`; keys are strings, values JSON. */
  outputs: Array<{ stream: string; topic: string }>;
}

export interface PlanSink {
  nodeId: string;
  topic: string;
  partitions?: number;
  compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  format: RecordFormat;
  keyFormat: RecordFormat;
}

export interface PlanCodeNode {
  nodeId: string;
  timeBudgetMs: number;
}

/**
 * Where a node output can be observed in the topology: the processor whose forwarded records are
 * exactly that output (port `null`: a sink node, observed as the records it writes).
 */
export interface PlanTapPoint {
  nodeId: string;
  port: string | null;
  processor: string;
}

export interface CompiledPlan {
  pipelineName: string;
  applicationId: string;
  sources: PlanSource[];
  datagen: PlanDatagen[];
  sinks: PlanSink[];
  /** Repartition and changelog topics the runtime creates (decorated with the application id). */
  internalTopics: { repartition: string[]; changelog: string[] };
  /** The document's policy (`settings.errorPolicy`, default dead-letter)… */
  errorPolicy: 'dead-letter' | 'fail';
  /** …and the StreamTask's name for it. */
  taskErrorPolicy: ErrorPolicy;
  /** `settings.deadLetterTopic`, default `<pipeline name>.dlq`. */
  deadLetterTopic: string;
  codeNodes: PlanCodeNode[];
  trusted: boolean;
  /** Code nodes that must not run (the file is untrusted): a runtime refuses to start while this is non-empty. */
  untrustedCodeNodes: string[];
  /** Non-error diagnostics of validation (warnings, infos). */
  warnings: Diagnostic[];
  /** Every node output (and every sink) and the processor to observe for it; not part of formatPlan. */
  tapPoints: PlanTapPoint[];
  /** The document's edges with their ports resolved, in document order. */
  edges: Array<{ from: string; fromPort: string; to: string; toPort: string }>;
}

function formatList<T>(title: string, items: readonly T[], line: (item: T) => string): string[] {
  return items.length === 0 ? [`${title}: none`] : [`${title}:`, ...items.map((item) => `  ${line(item)}`)];
}

/** The plan as stable, human-readable text. */
export function formatPlan(plan: CompiledPlan): string {
  const lines = [
    `Pipeline: ${plan.pipelineName} (application id: ${plan.applicationId})`,
    ...formatList('Sources', plan.sources, (s) => `${s.nodeId}: ${s.as} of topic ${s.topic} (format ${s.format}, key ${s.keyFormat}${s.startOffset ? `, from ${s.startOffset}` : ''})`),
    ...formatList('Datagen', plan.datagen, (d) => `${d.nodeId}: ${d.config.generator} seed ${d.config.seed} → ${d.outputs.map((o) => `${o.stream}=${o.topic}`).join(', ')}`),
    ...formatList('Sinks', plan.sinks, (s) => `${s.nodeId}: topic ${s.topic} (format ${s.format}, key ${s.keyFormat}, compression ${s.compression}${s.partitions === undefined ? '' : `, partitions ${s.partitions}`})`),
    ...formatList('Repartition topics', plan.internalTopics.repartition, (t) => t),
    ...formatList('Changelog topics', plan.internalTopics.changelog, (t) => t),
    `Errors: ${plan.errorPolicy} (dead-letter topic ${plan.deadLetterTopic})`,
    ...formatList('Code nodes', plan.codeNodes, (c) => `${c.nodeId} (budget ${c.timeBudgetMs} ms)${plan.untrustedCodeNodes.includes(c.nodeId) ? ' UNTRUSTED: will not run' : ''}`),
    ...formatList('Warnings', plan.warnings, (d) => `${d.code}${d.nodeId === undefined ? '' : ` [${d.nodeId}]`}: ${d.message}`),
  ];
  return `${lines.join('\n')}\n`;
}
