/**
 * Provides the studio actions (actions.ts) bound to the current store and engine client, and the
 * browser's download and confirm, to every component.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useEngine } from '../connection/EngineProvider.js';
import { useStudioStore } from '../store/StoreProvider.js';
import { createActions, type ActionEnv, type StudioActions } from './actions.js';

const ActionsContext = createContext<StudioActions | null>(null);

export const browserEnv: ActionEnv = {
  downloadText(fileName, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
  confirm: (message) => window.confirm(message),
};

export function ActionsProvider({ children, env = browserEnv }: { children: ReactNode; env?: ActionEnv }) {
  const store = useStudioStore();
  const client = useEngine();
  const actions = useMemo(() => createActions(store, client, env), [store, client, env]);
  return <ActionsContext.Provider value={actions}>{children}</ActionsContext.Provider>;
}

export function useActions(): StudioActions {
  const actions = useContext(ActionsContext);
  if (actions === null) throw new Error('useActions() outside <ActionsProvider>');
  return actions;
}
