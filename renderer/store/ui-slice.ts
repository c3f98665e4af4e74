/**
 * UI slice: theme (dark or light, remembered in localStorage), toasts, the bottom dock's tab, the
 * template gallery and requests to centre the canvas on a node.
 *
 * Invariants: toast ids are unique and increasing; the theme read from storage is validated (an
 * unknown value falls back to dark); storage failures (private mode, quota) never break the UI.
 */
import type { StateCreator } from 'zustand';
import type { StudioDeps, StudioState, Theme, UiSlice } from './types.js';

export const THEME_KEY = 'sluice.theme';
export const MAX_TOASTS = 5;

function readTheme(storage: StudioDeps['storage']): Theme {
  try {
    return storage?.getItem(THEME_KEY) === 'light' ? 'light' : 'dark';
  } catch (error) {
    console.warn('sluice: could not read the theme setting', error);
    return 'dark';
  }
}

export const createUiSlice =
  (deps: StudioDeps): StateCreator<StudioState, [], [], UiSlice> =>
  (set, get) => {
    let nextToastId = 1;
    let nonce = 0;
    return {
      theme: readTheme(deps.storage),
      toasts: [],
      dockTab: 'problems',
      galleryOpen: false,
      focusRequest: null,
      fitRequest: 0,
      trustPrompt: null,

      setTheme(theme) {
        set({ theme });
        try {
          deps.storage?.setItem(THEME_KEY, theme);
        } catch (error) {
          console.warn('sluice: could not store the theme setting', error);
        }
      },

      toggleTheme() {
        get().setTheme(get().theme === 'dark' ? 'light' : 'dark');
      },

      toast(kind, message) {
        const id = nextToastId++;
        set({ toasts: [...get().toasts, { id, kind, message }].slice(-MAX_TOASTS) });
        return id;
      },

      dismissToast(id) {
        set({ toasts: get().toasts.filter((t) => t.id !== id) });
      },

      setDockTab(dockTab) {
        set({ dockTab });
      },

      setGalleryOpen(galleryOpen) {
        set({ galleryOpen });
      },

      focusNode(nodeId) {
        set({ focusRequest: { nodeId, nonce: ++nonce } });
      },

      requestFit() {
        set({ fitRequest: get().fitRequest + 1 });
      },

      setTrustPrompt(trustPrompt) {
        set({ trustPrompt });
      },
    };
  };
