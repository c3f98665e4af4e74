/**
 * compilePipeline: pipeline document → Kafka-Streams-style Topology plus the CompiledPlan a runtime
 * needs besides it (DESIGN.md §3). A pure function: no I/O, no timers; code nodes are not loaded
 * here (their processors load the sandbox when a task starts).
 *
 * Passes: validate (refuse on any error diagnostic) → parse configs with the catalog (defaults
 * applied) → resolve edge ports → topological order (document order among ready nodes, so
 * generated names are stable) → one small compiler per kind → collect internal topics.
 * Invariants: never throws (an unexpected failure is a PIP_COMPILE_INTERNAL diagnostic); the same
 * document and options always give the same topology description and plan.
 */
import { StreamsBuilder } from '../../streams/index.js';
import { getManifest } from '../catalog/index.js';
import type { NodeManifest } from '../catalog/index.js';
import type { Diagnostic } from '../document/diagnostic.js';
import { hasErrors } from '../document/diagnostic.js';
import { parsePipelineValue } from '../document/parse.js';
import type { PipelineDocument } from '../document/schema.js';
import { validate } from '../validate/index.js';
import type { CompileContext, NodeInput, NodeOutputs, Port } from './context.js';
import { compileKind } from './kinds/index.js';
import type { CompiledPlan } from './plan.js';
import { topicSafe } from './values.js';
import type { Topology } from '../../streams/index.js';

export interface CompileOptions {
  /** Whether the user trusts the pipeline file (its code nodes may run). Default false. */
  trusted?: boolean;
  /** The streams application id; default: the pipeline name (topic-safe). */
  applicationId?: string;
}

export type CompileResult = { ok: true; topology: Topology; plan: CompiledPlan } | { ok: false; diagnostics: Diagnostic[] };

interface ResolvedNode {
  id: string;
  manifest: NodeManifest;
  config: unknown;
}

interface ResolvedEdge {
  from: string;
  fromPort: string;
  to: string;
  toPort: string;
}

function soleName(ports: ReadonlyArray<{ name: string }>, named: string | undefined, what: string): string {
  if (named !== undefined) return named;
  const [only] = ports;
  if (only === undefined || ports.length !== 1) throw new Error(`${what}: the port is ambiguous`);
  return only.name;
}

function resolve(doc: PipelineDocument): { nodes: ResolvedNode[]; edges: ResolvedEdge[] } {
  const nodes = doc.nodes.map((node) => {
    const manifest = getManifest(node.kind);
    if (manifest === undefined) throw new Error(`node "${node.id}": unknown kind ${node.kind}`);
    return { id: node.id, manifest, config: manifest.configSchema.parse(node.config) };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = doc.edges.map((edge, index) => {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (from === undefined || to === undefined) throw new Error(`edges[${index}] names a missing node`);
    return {
      from: edge.from,
      fromPort: soleName(from.manifest.portsFor(from.config).outputs, edge.fromPort, `edges[${index}].fromPort`),
      to: edge.to,
      toPort: soleName(to.manifest.portsFor(to.config).inputs, edge.toPort, `edges[${index}].toPort`),
    };
  });
  return { nodes, edges };
}

/** Kahn's algorithm; among ready nodes, document order. */
function topologicalOrder(nodes: readonly ResolvedNode[], edges: readonly ResolvedEdge[]): ResolvedNode[] {
  const pending = new Map(nodes.map((n) => [n.id, edges.filter((e) => e.to === n.id).length]));
  const order: ResolvedNode[] = [];
  const done = new Set<string>();
  while (order.length < nodes.length) {
    const next = nodes.find((n) => !done.has(n.id) && pending.get(n.id) === 0);
    if (next === undefined) throw new Error('the pipeline has a cycle');
    done.add(next.id);
    order.push(next);
    for (const e of edges) if (e.from === next.id) pending.set(e.to, (pending.get(e.to) ?? 0) - 1);
  }
  return order;
}

const portKey = (nodeId: string, port: string) => `${nodeId}\u0000${port}`;

function compileUnsafe(doc: PipelineDocument, options: CompileOptions, warnings: Diagnostic[]): CompileResult {
  const { nodes, edges } = resolve(doc);
  const applicationId = options.applicationId ?? topicSafe(doc.name);
  const errorPolicy = doc.settings?.errorPolicy ?? 'dead-letter';
  const plan: CompiledPlan = {
    pipelineName: doc.name,
    applicationId,
    sources: [],
    datagen: [],
    sinks: [],
    internalTopics: { repartition: [], changelog: [] },
    errorPolicy,
    taskErrorPolicy: errorPolicy === 'fail' ? 'fail' : 'continue',
    deadLetterTopic: doc.settings?.deadLetterTopic ?? `${topicSafe(doc.name)}.dlq`,
    codeNodes: [],
    trusted: options.trusted === true,
    untrustedCodeNodes: [],
    warnings,
    tapPoints: [],
    edges,
  };
  const ctx: CompileContext = { builder: new StreamsBuilder(), pipelineName: doc.name, trusted: options.trusted === true, plan };
  const outputs = new Map<string, Port>();
  for (const node of topologicalOrder(nodes, edges)) {
    const inputs = new Map<string, Port[]>();
    for (const e of edges) {
      if (e.to !== node.id) continue;
      const port = outputs.get(portKey(e.from, e.fromPort));
      if (port === undefined) throw new Error(`node "${e.from}" has no output port "${e.fromPort}"`);
      inputs.set(e.toPort, [...(inputs.get(e.toPort) ?? []), port]);
    }
    const input: NodeInput<unknown> = { nodeId: node.id, config: node.config, inputs, changesKey: node.manifest.changesKey(node.config) };
    const produced: NodeOutputs = compileKind(ctx, node.manifest.kind, input);
    for (const [port, value] of produced) {
      outputs.set(portKey(node.id, port), value);
      plan.tapPoints.push({ nodeId: node.id, port, processor: value.type === 'stream' ? value.stream.name : value.table.name });
    }
    if (node.manifest.isSink) plan.tapPoints.push({ nodeId: node.id, port: null, processor: node.id });
  }
  const topology = ctx.builder.build();
  plan.internalTopics.repartition = topology.repartitionTopicNames().map((t) => `${applicationId}-${t}`);
  plan.internalTopics.changelog = [...topology.changelogTopics().values()].map((t) => `${applicationId}-${t}`);
  return { ok: true, topology, plan };
}

/** Compiles a pipeline document (or any value claiming to be one). Never throws. */
export function compilePipeline(doc: unknown, options: CompileOptions = {}): CompileResult {
  const diagnostics = validate(doc);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  const parsed = parsePipelineValue(doc);
  if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics };
  try {
    return compileUnsafe(parsed.doc, options, diagnostics);
  } catch (error) {
    const message = `compilation failed unexpectedly (a bug in Sluice): ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, diagnostics: [...diagnostics, { code: 'PIP_COMPILE_INTERNAL', severity: 'error', message }] };
  }
}
