/**
 * Auto-layout: places the pipeline's nodes left to right with dagre (sources left, sinks right),
 * from each node's size. Pure: returns top-left positions by node id and changes nothing.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { NodeKindDto, PipelineDocument, PipelinePosition } from '../../engine/api/index.js';

export interface Size {
  width: number;
  height: number;
}

export const NODE_WIDTH = 220;

/** A node's size before it was drawn: header plus one row per port on its busier side. */
export function estimateSize(kind: NodeKindDto | undefined): Size {
  const rows = Math.max(1, kind?.ports.inputs.length ?? 1, kind?.ports.outputs.length ?? 1);
  return { width: NODE_WIDTH, height: 58 + rows * 22 };
}

export function layoutPositions(doc: PipelineDocument, sizeOf: (nodeId: string) => Size): Record<string, PipelinePosition> {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of doc.nodes) graph.setNode(node.id, { ...sizeOf(node.id) });
  doc.edges.forEach((edge, index) => {
    if (graph.hasNode(edge.from) && graph.hasNode(edge.to)) graph.setEdge(edge.from, edge.to, {}, String(index));
  });
  layout(graph);
  const positions: Record<string, PipelinePosition> = {};
  for (const node of doc.nodes) {
    const placed = graph.node(node.id);
    const size = sizeOf(node.id);
    positions[node.id] = { x: Math.round((placed.x ?? 0) - size.width / 2), y: Math.round((placed.y ?? 0) - size.height / 2) };
  }
  return positions;
}

/** The document with every node placed (used when a file comes without positions). */
export function withLayout(doc: PipelineDocument, kinds: Readonly<Record<string, NodeKindDto>>): PipelineDocument {
  const positions = layoutPositions(doc, (id) => estimateSize(kinds[doc.nodes.find((n) => n.id === id)?.kind ?? '']));
  return { ...doc, nodes: doc.nodes.map((node) => ({ ...node, position: positions[node.id] ?? { x: 0, y: 0 } })) };
}
