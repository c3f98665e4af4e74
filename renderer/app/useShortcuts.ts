/**
 * Keyboard shortcuts of the studio: undo (Ctrl/Cmd+Z), redo (Ctrl/Cmd+Shift+Z, Ctrl+Y), copy,
 * paste, delete (Delete/Backspace), save (Ctrl/Cmd+S, download), select all, fit view (F) and
 * auto-layout (L). None fires while the user types in a field or in an editor, and copy leaves
 * selected page text (a problem's message, say) to the browser.
 */
import { useEffect } from 'react';
import { useStudioStore } from '../store/StoreProvider.js';
import { useActions } from './ActionsContext.js';

/** Whether keys go to text entry (inputs, selects, editable content, Monaco). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .monaco-editor') !== null) return true;
  return false;
}

export function useShortcuts(): void {
  const store = useStudioStore();
  const actions = useActions();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTyping(event.target)) return;
      if (store.getState().galleryOpen || store.getState().trustPrompt !== null) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const s = store.getState();
      let handled = true;
      if (mod && key === 'z' && !event.shiftKey) s.undo();
      else if ((mod && key === 'z' && event.shiftKey) || (event.ctrlKey && key === 'y')) s.redo();
      else if (mod && key === 'c' && (window.getSelection()?.toString() ?? '') === '') s.copySelection();
      else if (mod && key === 'v') s.paste();
      else if (mod && key === 's') void actions.download();
      else if (mod && key === 'a') s.selectAll();
      else if (!mod && !event.altKey && (event.key === 'Delete' || event.key === 'Backspace')) s.deleteSelection();
      else if (!mod && !event.altKey && key === 'f') s.requestFit();
      else if (!mod && !event.altKey && key === 'l') actions.autoLayout();
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, actions]);
}
