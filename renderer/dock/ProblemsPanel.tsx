/**
 * The problems list: diagnostics of the last validation (and of a file that failed to open), errors
 * first; a click selects the node (or edge) concerned and centres the canvas on it.
 */
import { useMemo } from 'react';
import type { Diagnostic } from '../../engine/api/index.js';
import { edgeId } from '../store/graph.js';
import { useStudio, useStudioStore } from '../store/StoreProvider.js';

const ICONS: Record<Diagnostic['severity'], string> = { error: '✖', warning: '▲', info: 'ℹ' };
const RANK: Record<Diagnostic['severity'], number> = { error: 0, warning: 1, info: 2 };

function where(d: Diagnostic): string {
  const parts: string[] = [];
  if (d.field !== undefined) parts.push(d.field);
  if (d.port !== undefined) parts.push(`port ${d.port}`);
  if (d.line !== undefined) parts.push(`line ${d.line}${d.column !== undefined ? `, col ${d.column}` : ''}`);
  else if (d.column !== undefined) parts.push(`col ${d.column}`);
  return parts.join(' · ');
}

export function ProblemsPanel() {
  const store = useStudioStore();
  const diagnostics = useStudio((s) => s.diagnostics);
  const openDiagnostics = useStudio((s) => s.openDiagnostics);
  const rows = useMemo(
    () => [...openDiagnostics, ...diagnostics].map((d, i) => ({ d, i })).sort((a, b) => RANK[a.d.severity] - RANK[b.d.severity] || a.i - b.i),
    [diagnostics, openDiagnostics],
  );

  const reveal = (d: Diagnostic) => {
    const state = store.getState();
    if (d.nodeId !== undefined && state.doc.nodes.some((n) => n.id === d.nodeId)) {
      state.select([d.nodeId], []);
      state.focusNode(d.nodeId);
      return;
    }
    const edge = d.edgeIndex === undefined ? undefined : state.doc.edges[d.edgeIndex];
    if (edge !== undefined) {
      state.select([], [edgeId(edge)]);
      if (state.doc.nodes.some((n) => n.id === edge.to)) state.focusNode(edge.to);
    }
  };

  if (rows.length === 0) {
    return (
      <div data-testid="problems" className="empty">
        No problems.
      </div>
    );
  }
  return (
    <table className="problems" data-testid="problems">
      <thead>
        <tr>
          <th />
          <th>Code</th>
          <th>Message</th>
          <th>Node</th>
          <th>Field</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ d, i }) => (
          <tr key={i} className="problem-row" data-testid="problem-row" data-severity={d.severity} onClick={() => reveal(d)} title={d.nodeId !== undefined ? 'Show the node' : d.edgeIndex !== undefined ? 'Show the edge' : undefined}>
            <td className={`sev sev-${d.severity}`} aria-label={d.severity}>
              {ICONS[d.severity]}
            </td>
            <td>{d.code}</td>
            <td>{d.message}</td>
            <td>{d.nodeId ?? ''}</td>
            <td>{where(d)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
