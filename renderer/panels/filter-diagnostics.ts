/**
 * Where a tap filter's diagnostic points: splits the filter text around the diagnostic's position
 * (0-based offset, `length` characters, at least one) so the inspector can underline it, and
 * writes a one-line message with the column.
 */
import type { Diagnostic } from '../../engine/api/index.js';

export interface LocatedDiagnostic {
  before: string;
  marked: string;
  after: string;
  message: string;
}

export function locateDiagnostic(filter: string, diagnostic: Diagnostic): LocatedDiagnostic {
  const where = diagnostic.column !== undefined ? ` (column ${diagnostic.column})` : diagnostic.position !== undefined ? ` (column ${diagnostic.position + 1})` : '';
  const message = `${diagnostic.message}${where}`;
  if (diagnostic.position === undefined) return { before: filter, marked: '', after: '', message };
  const start = Math.min(Math.max(0, diagnostic.position), filter.length);
  const end = Math.min(filter.length, start + Math.max(1, diagnostic.length ?? 1));
  // A position at the very end (a missing operand) marks an empty spot the view draws as a caret.
  return { before: filter.slice(0, start), marked: filter.slice(start, end), after: filter.slice(end), message };
}

/** The diagnostics worth showing first: errors, then warnings, then the rest. */
export function firstError(diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  return diagnostics.find((d) => d.severity === 'error') ?? diagnostics.find((d) => d.severity === 'warning') ?? diagnostics[0];
}
