/**
 * Diagnostics slice: the last `pipelines.validate` result for the document (diagnostics and each
 * node's actual ports), indexed by node and by edge for the canvas, plus the problems of a file that
 * could not be opened. The debounced call itself lives in validation.ts.
 *
 * Invariants: a result is only accepted for the structureVersion it was asked for or a later
 * request's (stale answers are dropped); `diagnosticsByNode[id]` and `validation.ports[id]` keep
 * their identity when that node's diagnostics or ports did not change, so only affected nodes
 * re-render.
 */
import type { StateCreator } from 'zustand';
import type { Diagnostic, PipelineEdge, ValidationResult } from '../../engine/api/index.js';
import { edgeId } from './graph.js';
import type { DiagnosticsSlice, StudioState } from './types.js';

const sameDiagnostics = (a: readonly Diagnostic[] | undefined, b: readonly Diagnostic[]): boolean =>
  a !== undefined && a.length === b.length && a.every((d, i) => JSON.stringify(d) === JSON.stringify(b[i]));

export function indexByNode(diagnostics: readonly Diagnostic[], previous: Readonly<Record<string, Diagnostic[]>>): Record<string, Diagnostic[]> {
  const grouped: Record<string, Diagnostic[]> = {};
  for (const diagnostic of diagnostics) {
    if (diagnostic.nodeId === undefined) continue;
    (grouped[diagnostic.nodeId] ??= []).push(diagnostic);
  }
  for (const [nodeId, list] of Object.entries(grouped)) {
    const old = previous[nodeId];
    if (old !== undefined && sameDiagnostics(old, list)) grouped[nodeId] = old;
  }
  return grouped;
}

/** Edge diagnostics by edge id; `edges` must be the validated document's (edge indexes refer to it). */
export function indexByEdge(diagnostics: readonly Diagnostic[], edges: readonly PipelineEdge[], previous: Readonly<Record<string, Diagnostic[]>>): Record<string, Diagnostic[]> {
  const grouped: Record<string, Diagnostic[]> = {};
  for (const diagnostic of diagnostics) {
    const edge = diagnostic.edgeIndex === undefined ? undefined : edges[diagnostic.edgeIndex];
    if (edge !== undefined) (grouped[edgeId(edge)] ??= []).push(diagnostic);
  }
  for (const [id, list] of Object.entries(grouped)) {
    const old = previous[id];
    if (old !== undefined && sameDiagnostics(old, list)) grouped[id] = old;
  }
  return grouped;
}

export const createDiagnosticsSlice: StateCreator<StudioState, [], [], DiagnosticsSlice> = (set, get) => ({
  validation: null,
  validatedVersion: -1,
  diagnostics: [],
  diagnosticsByNode: {},
  diagnosticsByEdge: {},
  openDiagnostics: [],

  setValidation(result, version) {
    const state = get();
    if (version < state.validatedVersion) return;
    const previousPorts = state.validation?.ports ?? {};
    const ports: ValidationResult['ports'] = {};
    for (const [nodeId, nodePorts] of Object.entries(result.ports)) {
      const old = previousPorts[nodeId];
      ports[nodeId] = old !== undefined && JSON.stringify(old) === JSON.stringify(nodePorts) ? old : nodePorts;
    }
    set({
      validation: { ...result, ports },
      validatedVersion: version,
      diagnostics: result.diagnostics,
      diagnosticsByNode: indexByNode(result.diagnostics, state.diagnosticsByNode),
      diagnosticsByEdge: version === state.structureVersion ? indexByEdge(result.diagnostics, state.doc.edges, state.diagnosticsByEdge) : {},
    });
  },

  setOpenDiagnostics(openDiagnostics) {
    set({ openDiagnostics });
  },
});
