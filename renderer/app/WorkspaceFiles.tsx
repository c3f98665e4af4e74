/** The gallery's "Your workspace" section: pipelines saved in the engine's workspace (`pipelines.list`), newest first; a click opens one. */
import { useEffect, useState } from 'react';
import type { WorkspaceFile } from '../../engine/api/index.js';
import { useEngine } from '../connection/EngineProvider.js';
import { describeError } from './actions.js';
import { useActions } from './ActionsContext.js';

export function WorkspaceFiles() {
  const client = useEngine();
  const actions = useActions();
  const [files, setFiles] = useState<WorkspaceFile[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.api['pipelines.list']({}).then(
      (result) => live && setFiles([...result.files].sort((a, b) => b.modifiedMs - a.modifiedMs)),
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [client]);

  if (error !== null) return <p className="sev-error">Could not list the workspace: {error}</p>;
  if (files === null || files.length === 0) return null;
  return (
    <section>
      <h3 className="gallery-heading">Your workspace</h3>
      <div className="cards">
        {files.map((file) => (
          <button key={file.path} className="card" data-testid={`workspace-file-${file.path}`} onClick={() => void actions.openFromWorkspace(file.path)}>
            <span className="title">{file.name}</span>
            <span className="desc">
              {file.path} · saved {new Date(file.modifiedMs).toLocaleString()}
            </span>
          </button>
        ))}
      </div>
    </section>
  );
}
