/**
 * Run slice: the engine's run state and its counters from `run.status` events — per node
 * (records in/out, rates, errors) and per edge (records/s), edges mapped from the running
 * document's indexes to the canvas's edge ids.
 *
 * Invariants: a node's stats object keeps its identity while its numbers are unchanged, so a node
 * badge re-renders only when its own numbers move; edge rates are cleared when the run is not
 * running, and only mapped onto the canvas when the running document is known to be the open one.
 */
import type { StateCreator } from 'zustand';
import type { NodeRunStats, PipelineDocument, RunStatus } from '../../engine/api/index.js';
import { edgeId } from './graph.js';
import type { RunSlice, StudioState } from './types.js';

const sameStats = (a: NodeRunStats | undefined, b: NodeRunStats): boolean =>
  a !== undefined &&
  a.recordsIn === b.recordsIn &&
  a.recordsOut === b.recordsOut &&
  a.recordsInPerSec === b.recordsInPerSec &&
  a.recordsOutPerSec === b.recordsOutPerSec &&
  a.errors === b.errors &&
  a.lag === b.lag;

/**
 * Whether a run this window did not start (the page was reloaded, or another window started it)
 * runs the open document: same name, its nodes all here. Only then are its edge indexes ours.
 */
function looksLikeRun(doc: PipelineDocument, status: RunStatus): boolean {
  if (status.pipelineName !== doc.name || status.nodes.length === 0) return false;
  const ids = new Set(doc.nodes.map((n) => n.id));
  return status.nodes.every((n) => ids.has(n.nodeId)) && status.edges.every((e) => e.edgeIndex < doc.edges.length);
}

export const createRunSlice: StateCreator<StudioState, [], [], RunSlice> = (set, get) => ({
  runState: 'idle',
  runId: null,
  runError: null,
  nodeStats: {},
  edgeRates: {},
  runDoc: null,
  runIsOpenDocument: false,

  runStarted(doc, runId) {
    set({ runDoc: doc, runId, runIsOpenDocument: true, nodeStats: {}, edgeRates: {}, runError: null, runState: get().runState === 'running' ? 'running' : 'starting' });
  },

  applyRunStatus(status) {
    const state = get();
    const nodeStats: Record<string, NodeRunStats> = {};
    for (const stats of status.nodes) {
      const old = state.nodeStats[stats.nodeId];
      nodeStats[stats.nodeId] = old !== undefined && sameStats(old, stats) ? old : stats;
    }
    const runDoc = state.runDoc !== null && status.runId === state.runId ? state.runDoc : looksLikeRun(state.doc, status) ? state.doc : null;
    const edges = runDoc?.edges ?? [];
    const edgeRates: Record<string, number> = {};
    if (status.state === 'running') {
      for (const { edgeIndex, recordsPerSec } of status.edges) {
        const edge = edges[edgeIndex];
        if (edge !== undefined) edgeRates[edgeId(edge)] = recordsPerSec;
      }
    }
    set({
      runIsOpenDocument: runDoc !== null,
      runState: status.state,
      runId: status.runId,
      runError: status.error ?? null,
      nodeStats: status.nodes.length === 0 && status.state !== 'running' ? state.nodeStats : nodeStats,
      edgeRates,
    });
  },
});

/**
 * What the toolbar says about the run: the run's own state when it runs the open document;
 * otherwise `idle` once it has ended, or its state marked as another pipeline's while it is alive.
 */
export function runStateLabel(state: Pick<StudioState, 'runState' | 'runIsOpenDocument'>): string {
  if (state.runIsOpenDocument || state.runState === 'idle') return state.runState;
  const alive = state.runState === 'starting' || state.runState === 'running' || state.runState === 'stopping';
  return alive ? `${state.runState} (another pipeline)` : 'idle';
}
