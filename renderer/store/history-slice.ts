/**
 * History slice: undo and redo of document changes. `commit` is the one way the document changes
 * (file loads aside): it records the previous document, clears redo, bumps the validation version
 * and refreshes the dirty mark.
 *
 * Invariants: at most HISTORY_LIMIT undo steps are kept (the oldest drop off); commits with the
 * same coalescing key less than COALESCE_WINDOW_MS apart make one step (a drag, typing in one
 * field), and `breakCoalescing` ends such a run; undo/redo never leave a selected id that is gone.
 */
import type { StateCreator } from 'zustand';
import type { PipelineDocument } from '../../engine/api/index.js';
import { fingerprint } from './fingerprint.js';
import type { HistorySlice, StudioDeps, StudioState } from './types.js';

export const HISTORY_LIMIT = 200;
export const COALESCE_WINDOW_MS = 1500;

/** Fields of the other slices that follow a document swap (undo, redo). */
export function afterDocumentSwap(state: StudioState, doc: PipelineDocument): Partial<StudioState> {
  const nodeIds = new Set(doc.nodes.map((n) => n.id));
  const selectedNodeIds = state.selectedNodeIds.filter((id) => nodeIds.has(id));
  return {
    doc,
    structureVersion: state.structureVersion + 1,
    dirty: fingerprint(doc) !== state.savedFingerprint,
    ...(selectedNodeIds.length === state.selectedNodeIds.length ? {} : { selectedNodeIds }),
  };
}

export const createHistorySlice =
  (deps: StudioDeps): StateCreator<StudioState, [], [], HistorySlice> =>
  (set, get) => ({
    past: [],
    future: [],
    lastCoalesce: null,

    commit(next, options = {}) {
      const state = get();
      const previous = state.doc;
      if (next === previous) return;
      const now = deps.now();
      const key = options.coalesce;
      const coalesced = key !== undefined && state.lastCoalesce?.key === key && now - state.lastCoalesce.atMs < COALESCE_WINDOW_MS;
      const past = coalesced ? state.past : [...state.past, previous].slice(-HISTORY_LIMIT);
      set({
        doc: next,
        past,
        future: [],
        lastCoalesce: key === undefined ? null : { key, atMs: now },
        structureVersion: options.layoutOnly === true ? state.structureVersion : state.structureVersion + 1,
        // A move of an already changed document leaves it changed (skips a canonical text per drag frame).
        dirty: options.layoutOnly === true && state.dirty ? true : fingerprint(next) !== state.savedFingerprint,
      });
    },

    breakCoalescing() {
      if (get().lastCoalesce !== null) set({ lastCoalesce: null });
    },

    undo() {
      const state = get();
      const doc = state.past[state.past.length - 1];
      if (doc === undefined) return;
      set({ ...afterDocumentSwap(state, doc), past: state.past.slice(0, -1), future: [state.doc, ...state.future], lastCoalesce: null });
      get().select(get().selectedNodeIds, get().selectedEdgeIds);
    },

    redo() {
      const state = get();
      const doc = state.future[0];
      if (doc === undefined) return;
      set({ ...afterDocumentSwap(state, doc), past: [...state.past, state.doc], future: state.future.slice(1), lastCoalesce: null });
      get().select(get().selectedNodeIds, get().selectedEdgeIds);
    },
  });
