/**
 * Asks before code nodes of an opened file run (DESIGN.md §3): lists them; "Trust and run" marks
 * the document trusted for this session and runs it.
 */
import { useStudio } from '../store/StoreProvider.js';
import { useActions } from './ActionsContext.js';

export function TrustPrompt({ codeNodeIds }: { codeNodeIds: string[] }) {
  const actions = useActions();
  const close = useStudio((s) => s.setTrustPrompt);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-label="Trust this pipeline?" data-testid="trust-prompt" style={{ width: 'min(520px, 92vw)' }}>
        <h2>Run code from this file?</h2>
        <p>
          This pipeline was opened from a file and contains code nodes: <b>{codeNodeIds.join(', ')}</b>. Their TypeScript runs sandboxed (no
          file system, network or process access, with a time budget), but only run code you trust.
        </p>
        <div className="actions">
          <button onClick={() => close(null)}>Cancel</button>
          <button className="primary" data-testid="btn-trust-run" onClick={() => void actions.trustAndRun()}>
            Trust and run
          </button>
        </div>
      </div>
    </div>
  );
}
