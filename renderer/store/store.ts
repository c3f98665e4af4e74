/**
 * The studio store: all slices in one vanilla zustand store, created per studio window. React
 * reads it through `useStudio(selector)` (store-context.tsx); tests drive it directly.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createDiagnosticsSlice } from './diagnostics-slice.js';
import { createDocumentSlice } from './document-slice.js';
import { createFileSlice } from './file-slice.js';
import { createHistorySlice } from './history-slice.js';
import { createRunSlice } from './run-slice.js';
import { createSamplesSlice } from './samples-slice.js';
import { createSelectionSlice } from './selection-slice.js';
import type { StudioDeps, StudioState } from './types.js';
import { createUiSlice } from './ui-slice.js';
import { fingerprint } from './fingerprint.js';

export type StudioStore = StoreApi<StudioState>;

export function createStudioStore(deps: Partial<StudioDeps> = {}): StudioStore {
  const full: StudioDeps = { now: deps.now ?? (() => Date.now()), storage: deps.storage ?? null };
  const store = createStore<StudioState>()((...a) => ({
    ...createDocumentSlice(...a),
    ...createHistorySlice(full)(...a),
    ...createSelectionSlice(...a),
    ...createDiagnosticsSlice(...a),
    ...createFileSlice(...a),
    ...createRunSlice(...a),
    ...createUiSlice(full)(...a),
    ...createSamplesSlice(...a),
  }));
  store.setState({ savedFingerprint: fingerprint(store.getState().doc) });
  return store;
}
