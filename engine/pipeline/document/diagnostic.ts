/**
 * Diagnostics: what validation and parsing report about a pipeline document (DESIGN.md §3).
 *
 * Invariants: producing diagnostics never throws; `code` is a stable `PIP_…` string that UIs and
 * tests match on (never the message); `field` is a config path such as `window.sizeMs` or
 * `aggregations[0].fn` (or a document path such as `edges[2].to` when no node owns the problem);
 * `position`, `line`, `column` and `length` locate an error inside an expression string, exactly
 * as the expression compiler reports it (offset 0-based, line and column 1-based).
 */
import type { Diagnostic } from '../../api/diagnostic.js';
export type { Diagnostic, DiagnosticSeverity } from '../../api/diagnostic.js';

/** Renders a zod-style path (`['window', 'sizeMs']`, `['aggregations', 0, 'fn']`) as `window.sizeMs` / `aggregations[0].fn`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean => diagnostics.some((d) => d.severity === 'error');
