/**
 * The browser tab title (`● name — Sluice` while there are unsaved changes) and the beforeunload
 * prompt that guards unsaved changes.
 */
import { useEffect } from 'react';
import { useStudio } from '../store/StoreProvider.js';

export function useDocumentTitle(): void {
  const name = useStudio((s) => s.doc.name);
  const dirty = useStudio((s) => s.dirty);

  useEffect(() => {
    document.title = `${dirty ? '● ' : ''}${name} — Sluice`;
  }, [name, dirty]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}
