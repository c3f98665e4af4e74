/**
 * Keeps diagnostics current: after each change of the document's structure (not mere moves), waits
 * VALIDATE_DEBOUNCE_MS of quiet, then asks the engine to validate and stores the answer.
 *
 * Invariants: at most one timer is pending; an answer for an older version than one already stored
 * is dropped (diagnostics-slice); a failed call is reported once per failure through `onError`
 * and retried on the next change; `dispose` stops the timer and the subscription.
 */
import type { EngineClient } from '../../engine/api/index.js';
import type { StudioStore } from './store.js';

export const VALIDATE_DEBOUNCE_MS = 200;

export interface Disposable {
  dispose(): void;
}

export function startValidation(store: StudioStore, client: EngineClient, onError: (error: unknown) => void, delayMs = VALIDATE_DEBOUNCE_MS): Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const run = async () => {
    timer = undefined;
    const { doc, structureVersion } = store.getState();
    try {
      const result = await client.api['pipelines.validate']({ doc });
      if (!disposed) store.getState().setValidation(result, structureVersion);
    } catch (error) {
      if (!disposed) onError(error);
    }
  };
  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void run(), delayMs);
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.structureVersion !== previous.structureVersion) schedule();
  });
  schedule();
  return {
    dispose() {
      disposed = true;
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
