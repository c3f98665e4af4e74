/**
 * Ties the store to the engine for as long as the client lives: loads the catalog and the run
 * status, follows `run.status` events, and keeps diagnostics current (validation.ts). Runs again
 * with the new client after a reconnect.
 */
import { useEffect } from 'react';
import { useEngine } from '../connection/EngineProvider.js';
import { useStudioStore } from '../store/StoreProvider.js';
import { startValidation } from '../store/validation.js';
import { describeError, isDisconnected } from './actions.js';
import { useActions } from './ActionsContext.js';

export function useEngineSync(): void {
  const client = useEngine();
  const store = useStudioStore();
  const actions = useActions();

  useEffect(() => {
    void actions.loadCatalog();
    void actions.syncRunStatus();
    const status = client.on('run.status', (payload) => store.getState().applyRunStatus(payload));
    let lastError = '';
    const validation = startValidation(store, client, (error) => {
      if (isDisconnected(error)) return; // the connection banner says so
      const message = describeError(error);
      if (message !== lastError) store.getState().toast('error', `Validation failed: ${message}`);
      lastError = message;
    });
    return () => {
      status.dispose();
      validation.dispose();
    };
  }, [client, store, actions]);
}
