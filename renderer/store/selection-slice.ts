/**
 * Selection slice: selected nodes and edges (multi-select), the clipboard (copy, paste with fresh
 * ids and an offset, edges between copied nodes kept) and delete; it also derives what the record
 * inspector taps.
 *
 * Invariants: selected ids always exist in the document; `tapTarget` keeps its identity while it
 * means the same output (so panels subscribed to it do not resubscribe); a paste is one undo step.
 */
import type { StateCreator } from 'zustand';
import type { PipelineEdge, PipelineNode, TapTarget } from '../../engine/api/index.js';
import { edgeId } from './graph.js';
import { copyId } from './ids.js';
import type { SelectionSlice, StudioState } from './types.js';

export const PASTE_OFFSET = 40;

const sameTarget = (a: TapTarget | null, b: TapTarget | null): boolean => a?.nodeId === b?.nodeId && a?.port === b?.port;

function tapTargetOf(state: StudioState, nodeIds: readonly string[], edgeIds: readonly string[]): TapTarget | null {
  if (edgeIds.length === 1 && nodeIds.length === 0) {
    const edge = state.doc.edges.find((e) => edgeId(e) === edgeIds[0]);
    if (edge !== undefined) return edge.fromPort === undefined ? { nodeId: edge.from } : { nodeId: edge.from, port: edge.fromPort };
  }
  const only = nodeIds.length === 1 ? nodeIds[0] : undefined;
  return only === undefined ? null : { nodeId: only };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

export const createSelectionSlice: StateCreator<StudioState, [], [], SelectionSlice> = (set, get) => ({
  selectedNodeIds: [],
  selectedEdgeIds: [],
  clipboard: null,
  pasteCount: 0,
  tapTarget: null,

  select(nodeIds, edgeIds) {
    const state = get();
    const nodes = new Set(state.doc.nodes.map((n) => n.id));
    const edges = new Set(state.doc.edges.map(edgeId));
    const selectedNodeIds = [...new Set(nodeIds)].filter((id) => nodes.has(id));
    const selectedEdgeIds = [...new Set(edgeIds)].filter((id) => edges.has(id));
    const target = tapTargetOf(state, selectedNodeIds, selectedEdgeIds);
    set({
      selectedNodeIds: sameList(selectedNodeIds, state.selectedNodeIds) ? state.selectedNodeIds : selectedNodeIds,
      selectedEdgeIds: sameList(selectedEdgeIds, state.selectedEdgeIds) ? state.selectedEdgeIds : selectedEdgeIds,
      tapTarget: sameTarget(target, state.tapTarget) ? state.tapTarget : target,
    });
  },

  selectAll() {
    const { doc } = get();
    get().select(
      doc.nodes.map((n) => n.id),
      doc.edges.map(edgeId),
    );
  },

  clearSelection() {
    get().select([], []);
  },

  copySelection() {
    const { doc, selectedNodeIds } = get();
    const ids = new Set(selectedNodeIds);
    if (ids.size === 0) return 0;
    const nodes = doc.nodes.filter((n) => ids.has(n.id));
    const edges = doc.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
    set({ clipboard: structuredClone({ nodes, edges }), pasteCount: 0 });
    return nodes.length;
  },

  paste() {
    const { clipboard, doc, pasteCount } = get();
    if (clipboard === null || clipboard.nodes.length === 0) return [];
    const taken = new Set(doc.nodes.map((n) => n.id));
    const renamed = new Map<string, string>();
    const offset = PASTE_OFFSET * (pasteCount + 1);
    const nodes: PipelineNode[] = clipboard.nodes.map((node) => {
      const id = copyId(node.id, taken);
      taken.add(id);
      renamed.set(node.id, id);
      const position = { x: (node.position?.x ?? 0) + offset, y: (node.position?.y ?? 0) + offset };
      return { ...structuredClone(node), id, position };
    });
    const edges: PipelineEdge[] = clipboard.edges.map((edge) => ({ ...edge, from: renamed.get(edge.from) ?? edge.from, to: renamed.get(edge.to) ?? edge.to }));
    get().commit({ ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] });
    set({ pasteCount: pasteCount + 1 });
    const ids = nodes.map((n) => n.id);
    get().select(ids, []);
    return ids;
  },

  deleteSelection() {
    const { doc, selectedNodeIds, selectedEdgeIds } = get();
    if (selectedNodeIds.length === 0 && selectedEdgeIds.length === 0) return;
    const nodes = new Set(selectedNodeIds);
    const edges = new Set(selectedEdgeIds);
    get().commit({
      ...doc,
      nodes: doc.nodes.filter((n) => !nodes.has(n.id)),
      edges: doc.edges.filter((e) => !nodes.has(e.from) && !nodes.has(e.to) && !edges.has(edgeId(e))),
    });
    get().select([], []);
  },
});
