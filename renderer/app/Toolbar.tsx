/**
 * The toolbar: new from template, open (upload of a .sluice.json), save (download) and save to the
 * workspace, undo/redo, auto-layout, fit view, theme, run/stop and the run state, with the
 * pipeline's name and unsaved-changes mark.
 */
import { useRef, type ChangeEvent } from 'react';
import { useStudio } from '../store/StoreProvider.js';
import { runStateLabel } from '../store/run-slice.js';
import { useActions } from './ActionsContext.js';

export function Toolbar() {
  const actions = useActions();
  const fileInput = useRef<HTMLInputElement>(null);
  const name = useStudio((s) => s.doc.name);
  const path = useStudio((s) => s.path);
  const dirty = useStudio((s) => s.dirty);
  const canUndo = useStudio((s) => s.past.length > 0);
  const canRedo = useStudio((s) => s.future.length > 0);
  const theme = useStudio((s) => s.theme);
  const runState = useStudio((s) => s.runState);
  const runLabel = useStudio(runStateLabel);
  const runError = useStudio((s) => s.runError);
  const hasNodes = useStudio((s) => s.doc.nodes.length > 0);
  const setGalleryOpen = useStudio((s) => s.setGalleryOpen);
  const undo = useStudio((s) => s.undo);
  const redo = useStudio((s) => s.redo);
  const toggleTheme = useStudio((s) => s.toggleTheme);
  const requestFit = useStudio((s) => s.requestFit);

  const busy = runState === 'starting' || runState === 'running' || runState === 'stopping';

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (file !== undefined) await actions.openText(await file.text(), file.name);
  };

  return (
    <div className="toolbar" role="toolbar">
      <span className="title" title={path ?? 'not saved to the workspace'}>
        {dirty && (
          <span className="dirty" data-testid="dirty-mark" title="Unsaved changes">
            ●
          </span>
        )}
        <span>{name}</span>
        {path !== null && <span className="path">{path}</span>}
      </span>
      <button data-testid="btn-new-from-template" onClick={() => setGalleryOpen(true)} title="New pipeline from a template">
        New…
      </button>
      <button data-testid="btn-open" onClick={() => fileInput.current?.click()} title="Open a .sluice.json file">
        Open…
      </button>
      <input ref={fileInput} type="file" accept=".json,application/json" hidden data-testid="file-open-input" onChange={(e) => void onFile(e)} />
      <button data-testid="btn-save" onClick={() => void actions.download()} title="Download the pipeline as .sluice.json (Ctrl+S)">
        Save
      </button>
      <button data-testid="btn-save-workspace" onClick={() => void actions.saveToWorkspace()} title="Save into the engine's workspace">
        Save to workspace
      </button>
      <span className="sep" />
      <button data-testid="btn-undo" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button data-testid="btn-redo" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <button data-testid="btn-layout" onClick={actions.autoLayout} disabled={!hasNodes} title="Arrange left to right (L)">
        Layout
      </button>
      <button data-testid="btn-fit" onClick={requestFit} title="Fit the pipeline in view (F)">
        Fit
      </button>
      <button data-testid="btn-theme" onClick={toggleTheme} title="Switch between dark and light">
        {theme === 'dark' ? 'Light theme' : 'Dark theme'}
      </button>
      <span className="spacer" />
      {runState === 'failed' && runError != null && (
        <span className="run-error" title={runError.message}>
          {runError.nodeId !== undefined ? `${runError.nodeId}: ` : ''}
          {runError.message}
        </span>
      )}
      <span className="run-state" data-testid="run-state" data-state={runState}>
        {runLabel}
      </span>
      <button className="primary" data-testid="btn-run" onClick={() => void actions.run()} disabled={busy || !hasNodes} title="Run on the embedded broker">
        Run
      </button>
      <button data-testid="btn-stop" onClick={() => void actions.stop()} disabled={runState !== 'running' && runState !== 'starting'} title="Stop the run">
        Stop
      </button>
    </div>
  );
}
