/**
 * Turns the streams runtime's per-processor counters into per-pipeline-node and per-edge figures
 * for the studio's badges: a node's records out are what its output processors forwarded (a sink's:
 * what it wrote), its records in are what its input edges carried (a source's: what it read), and
 * its errors are those of every processor it compiled to (`<nodeId>` and `<nodeId>-…`).
 *
 * Invariant: pure functions of the plan and one metrics reading; never throws on a processor the
 * plan does not know (it is simply not attributed).
 */
import type { NodeRunStats } from '../../api/dto.js';
import type { NodeTotals } from '../../streams/index.js';
import type { CompiledPlan } from '../compile/plan.js';

/** A processor's rates over the last sampling interval (the streams runtime's `metrics().rates`). */
export interface ProcessorRate {
  node: string;
  recordsInPerSec: number;
  recordsOutPerSec: number;
}

export interface StatsInput {
  nodes: readonly NodeTotals[];
  rates: readonly ProcessorRate[];
  /** Per source topic: records not yet read. */
  lagByTopic: ReadonlyMap<string, number>;
}

/** The pipeline node that owns processor `name`: the longest node id equal to it or prefixing `<id>-`. */
export function ownerOf(name: string, nodeIds: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const id of nodeIds) {
    if ((name === id || name.startsWith(`${id}-`)) && (best === undefined || id.length > best.length)) best = id;
  }
  return best;
}

interface ProcessorFigures {
  recordsIn: number;
  recordsOut: number;
  errors: number;
  inPerSec: number;
  outPerSec: number;
}

function figuresByProcessor(input: StatsInput): Map<string, ProcessorFigures> {
  const out = new Map<string, ProcessorFigures>();
  const get = (name: string) => {
    let f = out.get(name);
    if (f === undefined) out.set(name, (f = { recordsIn: 0, recordsOut: 0, errors: 0, inPerSec: 0, outPerSec: 0 }));
    return f;
  };
  for (const n of input.nodes) Object.assign(get(n.node), { recordsIn: n.recordsIn, recordsOut: n.recordsOut, errors: n.errors });
  for (const r of input.rates) Object.assign(get(r.node), { inPerSec: r.recordsInPerSec, outPerSec: r.recordsOutPerSec });
  return out;
}

function sourceTopicsByNode(plan: CompiledPlan): Map<string, string[]> {
  const topics = new Map<string, string[]>();
  for (const s of plan.sources) topics.set(s.nodeId, [...(topics.get(s.nodeId) ?? []), s.topic]);
  for (const d of plan.datagen) topics.set(d.nodeId, d.outputs.map((o) => o.topic));
  return topics;
}

export function pipelineStats(plan: CompiledPlan, nodeIds: readonly string[], input: StatsInput): { nodes: NodeRunStats[]; edges: Array<{ edgeIndex: number; recordsPerSec: number }> } {
  const figures = figuresByProcessor(input);
  const zero: ProcessorFigures = { recordsIn: 0, recordsOut: 0, errors: 0, inPerSec: 0, outPerSec: 0 };
  const at = (processor: string) => figures.get(processor) ?? zero;
  const portProcessor = new Map(plan.tapPoints.filter((t) => t.port !== null).map((t) => [`${t.nodeId}\u0000${t.port}`, t.processor]));
  const edgeOut = plan.edges.map((e) => at(portProcessor.get(`${e.from}\u0000${e.fromPort}`) ?? ''));
  const errors = new Map<string, number>();
  for (const [name, f] of figures) {
    const owner = ownerOf(name, nodeIds);
    if (owner !== undefined) errors.set(owner, (errors.get(owner) ?? 0) + f.errors);
  }
  const sourceTopics = sourceTopicsByNode(plan);
  const nodes = nodeIds.map((nodeId): NodeRunStats => {
    const outputs = plan.tapPoints.filter((t) => t.nodeId === nodeId).map((t) => ({ port: t.port, f: at(t.processor) }));
    const inEdges = plan.edges.flatMap((e, i) => (e.to === nodeId ? [edgeOut[i] ?? zero] : []));
    const sink = outputs.find((o) => o.port === null);
    const recordsOut = sink ? sink.f.recordsIn : outputs.reduce((sum, o) => sum + o.f.recordsOut, 0);
    const recordsOutPerSec = sink ? sink.f.inPerSec : outputs.reduce((sum, o) => sum + o.f.outPerSec, 0);
    const isSource = inEdges.length === 0;
    const recordsIn = isSource ? outputs.reduce((sum, o) => sum + o.f.recordsIn, 0) : inEdges.reduce((sum, f) => sum + f.recordsOut, 0);
    const recordsInPerSec = isSource ? outputs.reduce((sum, o) => sum + o.f.inPerSec, 0) : inEdges.reduce((sum, f) => sum + f.outPerSec, 0);
    const topics = sourceTopics.get(nodeId);
    const lag = topics?.reduce((sum, t) => sum + (input.lagByTopic.get(t) ?? 0), 0);
    return { nodeId, recordsIn, recordsOut, recordsInPerSec, recordsOutPerSec, errors: errors.get(nodeId) ?? 0, ...(lag === undefined ? {} : { lag }) };
  });
  const edges = edgeOut.map((f, edgeIndex) => ({ edgeIndex, recordsPerSec: f.outPerSec }));
  return { nodes, edges };
}
