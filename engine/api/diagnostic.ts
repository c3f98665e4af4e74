/**
 * Diagnostics: what validation and parsing report about a pipeline document (DESIGN.md §3). Part of
 * the EngineApi contract: the studio draws them on nodes and in its problems panel.
 *
 * Invariants: `code` is a stable `PIP_…` string that UIs and tests match on (never the message);
 * `field` is a config path such as `window.sizeMs` or `aggregations[0].fn` (or a document path such
 * as `edges[2].to` when no node owns the problem); `position`, `line`, `column` and `length` locate
 * an error inside an expression string (offset 0-based, line and column 1-based).
 */
import { z } from 'zod';

export const diagnosticSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  nodeId: z.string().optional(),
  field: z.string().optional(),
  port: z.string().optional(),
  edgeIndex: z.number().int().optional(),
  position: z.number().int().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  length: z.number().int().optional(),
});

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  code: string;
  severity: DiagnosticSeverity;
  message: string;
  nodeId?: string;
  field?: string;
  /** The node port concerned (`in`, `left`, a branch name…), for port and edge problems. */
  port?: string;
  /** Index into `doc.edges` for edge problems. */
  edgeIndex?: number;
  /** 0-based character offset into the expression (or into the JSON text, for parse errors). */
  position?: number;
  line?: number;
  column?: number;
  length?: number;
}
