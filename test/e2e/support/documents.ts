/**
 * Pipeline documents the studio tests and benchmarks open: a small datagen → filter → sink, and a
 * large valid grid of independent chains (300 nodes for the panning benchmark).
 */
import { PIPELINE_FORMAT, type PipelineDocument, type PipelineEdge, type PipelineNode } from '../../../engine/api/index.js';

export interface SmallPipelineOptions {
  name: string;
  topic: string;
  ratePerSec?: number;
  maxRecords?: number;
  expr?: string;
}

/** orders datagen → filter → sink.topic, laid out left to right on one row. */
export function smallPipeline({ name, topic, ratePerSec = 50, maxRecords, expr = 'value.amount != null' }: SmallPipelineOptions): PipelineDocument {
  return {
    format: PIPELINE_FORMAT,
    name,
    nodes: [
      { id: 'gen', kind: 'source.datagen@1', config: { generator: 'orders', seed: 7, ratePerSec, ...(maxRecords === undefined ? {} : { maxRecords }) }, position: { x: 0, y: 0 } },
      { id: 'keep', kind: 'transform.filter@1', config: { expr }, position: { x: 300, y: 0 } },
      { id: 'out', kind: 'sink.topic@1', config: { topic }, position: { x: 600, y: 0 } },
    ],
    edges: [
      { from: 'gen', to: 'keep' },
      { from: 'keep', to: 'out' },
    ],
  };
}

/**
 * `chains` independent chains of `chainLength` nodes (datagen → filters → sink), one per row:
 * valid, and as wide as a real pipeline. 60 × 5 = 300 nodes.
 */
export function gridPipeline(chains = 60, chainLength = 5): PipelineDocument {
  const nodes: PipelineNode[] = [];
  const edges: PipelineEdge[] = [];
  for (let c = 0; c < chains; c++) {
    for (let i = 0; i < chainLength; i++) {
      const id = `c${c}-n${i}`;
      const position = { x: i * 260, y: c * 120 };
      if (i === 0) nodes.push({ id, kind: 'source.datagen@1', config: { generator: 'orders', seed: c, ratePerSec: 1 }, position });
      else if (i === chainLength - 1) nodes.push({ id, kind: 'sink.topic@1', config: { topic: `grid-${c}` }, position });
      else nodes.push({ id, kind: 'transform.filter@1', config: { expr: `value.amount > ${i}` }, position });
      if (i > 0) edges.push({ from: `c${c}-n${i - 1}`, to: id });
    }
  }
  return { format: PIPELINE_FORMAT, name: `grid-${chains * chainLength}`, nodes, edges };
}
