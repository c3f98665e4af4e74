/**
 * React access to the studio store: `<StoreProvider store>` and `useStudio(selector)`. Selectors
 * should return one field or a primitive (zustand re-renders when the selected value changes by
 * Object.is), so a component only re-renders for what it shows.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StudioStore } from './store.js';
import type { StudioState } from './types.js';

const StoreContext = createContext<StudioStore | null>(null);

export function StoreProvider({ store, children }: { store: StudioStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useStudioStore(): StudioStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('useStudio() outside <StoreProvider>');
  return store;
}

export function useStudio<T>(selector: (state: StudioState) => T): T {
  return useStore(useStudioStore(), selector);
}
