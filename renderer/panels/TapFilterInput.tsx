/**
 * TapFilterInput: the engine-side filter of the record inspector. Enter (or Apply) sends the text
 * through `apply`; an error comes back as diagnostics and is shown inline with the spot it points
 * at, while the previous filter stays active (the engine keeps it). Escape restores the active one.
 */
import { useState } from 'react';
import type { Diagnostic } from '../../engine/api/index.js';
import { firstError, locateDiagnostic } from './filter-diagnostics.js';

export interface TapFilterInputProps {
  /** The filter the engine is applying ('' for none). */
  active: string;
  disabled: boolean;
  /** Sends a filter; resolves to its diagnostics (empty when accepted). */
  apply(filter: string): Promise<Diagnostic[]>;
}

interface Rejected {
  text: string;
  diagnostic: Diagnostic;
}

export function TapFilterInput({ active, disabled, apply }: TapFilterInputProps) {
  const [text, setText] = useState(active);
  const [rejected, setRejected] = useState<Rejected | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    try {
      const diagnostics = await apply(text);
      const problem = firstError(diagnostics.filter((d) => d.severity === 'error'));
      setRejected(problem === undefined ? null : { text, diagnostic: problem });
    } catch (error) {
      setRejected({ text, diagnostic: { code: 'TAP_FILTER_FAILED', severity: 'error', message: error instanceof Error ? error.message : String(error) } });
    } finally {
      setBusy(false);
    }
  };

  const located = rejected === null ? null : locateDiagnostic(rejected.text, rejected.diagnostic);
  const dirty = text.trim() !== active.trim();
  return (
    <>
      <input
        className="sl-filter"
        data-testid="tap-filter"
        placeholder="filter, e.g. value.amount > 100 — Enter to apply"
        spellCheck={false}
        value={text}
        disabled={disabled}
        aria-invalid={rejected !== null}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') void submit();
          if (event.key === 'Escape') {
            setText(active);
            setRejected(null);
          }
        }}
      />
      <button type="button" disabled={disabled || busy || !dirty} onClick={() => void submit()}>
        Apply
      </button>
      {active.trim() === '' ? null : (
        <span className="sl-muted" title="The filter the engine applies">
          active: <code>{active}</code>
        </span>
      )}
      {located === null ? null : (
        <div className="sl-error sl-filter-error" data-testid="tap-filter-error" role="alert" style={{ flexBasis: '100%' }}>
          <code>
            {located.before}
            {located.marked === '' ? <span className="sl-caret" /> : <mark>{located.marked}</mark>}
            {located.after}
          </code>
          {' — '}
          {located.message}
          {active.trim() === '' ? ' (no filter active)' : ' (the previous filter stays active)'}
        </div>
      )}
    </>
  );
}
