/**
 * File slice: where the document came from and whether it has unsaved changes. The dirty mark
 * compares a canonical text of the document with the one at the last save or open, so undoing
 * back to the saved state clears it. Trust: documents made in this session (new, from a template)
 * may run their code nodes; an opened document that has code nodes may not until the user says so.
 *
 * Invariants: `loadDocument` starts a fresh history and selection; `dirty` is true exactly when the
 * document's fingerprint differs from `savedFingerprint`.
 */
import type { StateCreator } from 'zustand';
import type { NodeKindDto, PipelineDocument } from '../../engine/api/index.js';
import { fingerprint } from './fingerprint.js';
import type { FileSlice, StudioState } from './types.js';

/** Ids of the document's code nodes (kinds with code fields). */
export function codeNodeIds(doc: PipelineDocument, kinds: Readonly<Record<string, NodeKindDto>>): string[] {
  return doc.nodes.filter((node) => (kinds[node.kind]?.codeFields.length ?? 0) > 0 || node.kind.startsWith('transform.code@')).map((node) => node.id);
}

export const createFileSlice: StateCreator<StudioState, [], [], FileSlice> = (set, get) => ({
  path: null,
  origin: 'new',
  trusted: true,
  savedFingerprint: '',
  savedText: null,
  dirty: false,

  loadDocument(doc, options) {
    const state = get();
    const made = options.origin === 'new' || options.origin === 'template';
    const savedFingerprint = options.clean === false ? '' : fingerprint(doc);
    set({
      doc,
      path: options.path ?? null,
      origin: options.origin,
      trusted: made || codeNodeIds(doc, state.kinds).length === 0,
      savedFingerprint,
      savedText: options.savedText ?? null,
      dirty: fingerprint(doc) !== savedFingerprint,
      past: [],
      future: [],
      lastCoalesce: null,
      structureVersion: state.structureVersion + 1,
      validation: null,
      diagnostics: [],
      diagnosticsByNode: {},
      diagnosticsByEdge: {},
      // A run still going is of the previous document: its counters stay off this one until a
      // status shows it runs this document (run-slice) or this document is run.
      runDoc: null,
      runIsOpenDocument: false,
      edgeRates: {},
      openDiagnostics: [],
      selectedNodeIds: [],
      selectedEdgeIds: [],
      tapTarget: null,
      pasteCount: 0,
    });
  },

  markSaved({ path, text, doc }) {
    const savedFingerprint = fingerprint(doc);
    set({
      savedFingerprint,
      savedText: text,
      dirty: fingerprint(get().doc) !== savedFingerprint,
      ...(path === undefined ? {} : { path }),
    });
  },

  setTrusted(trusted) {
    set({ trusted });
  },
});
