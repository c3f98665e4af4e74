/**
 * The document as React Flow nodes and edges, built incrementally: a flow node object is reused
 * while its document node, selection and measured size are unchanged, so React Flow (and the
 * memoized node components) only redo the nodes that changed — what keeps a 300-node canvas fluid
 * while one node is dragged.
 */
import type { Edge, Node } from '@xyflow/react';
import type { NodePortsDto, PipelineEdge, PipelineNode } from '../../engine/api/index.js';
import { edgeId, resolvePort } from '../store/graph.js';

export interface Size {
  width: number;
  height: number;
}

export type StudioNodeData = { node: PipelineNode };
export type StudioFlowNode = Node<StudioNodeData, 'studio'>;
export type StudioEdgeData = { from: string; to: string; portType: 'stream' | 'table' };
export type StudioFlowEdge = Edge<StudioEdgeData, 'rate'>;

interface NodeEntry {
  source: PipelineNode;
  selected: boolean;
  measured: Size | undefined;
  flow: StudioFlowNode;
}

export class FlowNodeCache {
  private entries = new Map<string, NodeEntry>();

  build(nodes: readonly PipelineNode[], selected: ReadonlySet<string>, measured: ReadonlyMap<string, Size>): StudioFlowNode[] {
    const next = new Map<string, NodeEntry>();
    const flow = nodes.map((source) => {
      const isSelected = selected.has(source.id);
      const size = measured.get(source.id);
      const old = this.entries.get(source.id);
      const entry =
        old !== undefined && old.source === source && old.selected === isSelected && old.measured === size
          ? old
          : {
              source,
              selected: isSelected,
              measured: size,
              flow: {
                id: source.id,
                type: 'studio' as const,
                position: source.position ?? { x: 0, y: 0 },
                data: { node: source },
                selected: isSelected,
                ...(size === undefined ? {} : { measured: size }),
              },
            };
      next.set(source.id, entry);
      return entry.flow;
    });
    this.entries = next;
    return flow;
  }
}

interface EdgeEntry {
  source: PipelineEdge;
  selected: boolean;
  portType: 'stream' | 'table';
  flow: StudioFlowEdge;
}

export class FlowEdgeCache {
  private entries = new Map<string, EdgeEntry>();

  build(edges: readonly PipelineEdge[], selected: ReadonlySet<string>, portsFor: (nodeId: string) => NodePortsDto | undefined): StudioFlowEdge[] {
    const next = new Map<string, EdgeEntry>();
    const flow: StudioFlowEdge[] = [];
    for (const source of edges) {
      const id = edgeId(source);
      if (next.has(id)) continue; // a duplicate edge is a validation problem; draw it once
      const fromPorts = portsFor(source.from);
      const toPorts = portsFor(source.to);
      const output = fromPorts === undefined ? undefined : resolvePort(fromPorts.outputs, source.fromPort);
      const input = toPorts === undefined ? undefined : resolvePort(toPorts.inputs, source.toPort);
      const portType = output?.type ?? 'stream';
      const isSelected = selected.has(id);
      const old = this.entries.get(id);
      const entry =
        old !== undefined && old.source === source && old.selected === isSelected && old.portType === portType && old.flow.sourceHandle === (output?.name ?? null)
          ? old
          : {
              source,
              selected: isSelected,
              portType,
              flow: {
                id,
                type: 'rate' as const,
                source: source.from,
                target: source.to,
                sourceHandle: output?.name ?? null,
                targetHandle: input?.name ?? null,
                selected: isSelected,
                data: { from: source.from, to: source.to, portType },
              },
            };
      next.set(id, entry);
      flow.push(entry.flow);
    }
    this.entries = next;
    return flow;
  }
}
