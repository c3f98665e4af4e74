/**
 * Reads pipeline text into a document. Never throws: bad JSON or a document that does not have
 * the `sluice.pipeline/v1` shape comes back as diagnostics (PIP_JSON_INVALID, PIP_FORMAT_UNSUPPORTED,
 * PIP_DOCUMENT_INVALID). Parsing checks structure only; `validate` checks meaning (kinds, configs,
 * ports, graph).
 */
import type { Diagnostic } from './diagnostic.js';
import { formatPath } from './diagnostic.js';
import { PIPELINE_FORMAT, pipelineDocumentSchema } from './schema.js';
import type { PipelineDocument } from './schema.js';

export type ParseResult = { ok: true; doc: PipelineDocument } | { ok: false; diagnostics: Diagnostic[] };

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function jsonError(text: string, error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const diagnostic: Diagnostic = { code: 'PIP_JSON_INVALID', severity: 'error', message: `not valid JSON: ${message}` };
  const match = /position (\d+)/.exec(message);
  if (match?.[1] !== undefined) {
    const position = Number(match[1]);
    Object.assign(diagnostic, { position, ...lineColumn(text, position), length: 1 });
  }
  return diagnostic;
}

/** Checks an already-parsed JSON value against the document structure. */
export function parsePipelineValue(value: unknown): ParseResult {
  const format = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { format?: unknown }).format : undefined;
  if (format !== PIPELINE_FORMAT) {
    const found = format === undefined ? 'no "format"' : `format ${JSON.stringify(format)}`;
    return {
      ok: false,
      diagnostics: [{ code: 'PIP_FORMAT_UNSUPPORTED', severity: 'error', field: 'format', message: `expected a "${PIPELINE_FORMAT}" document, found ${found}` }],
    };
  }
  const result = pipelineDocumentSchema.safeParse(value);
  if (result.success) return { ok: true, doc: result.data };
  return {
    ok: false,
    diagnostics: result.error.issues.map((issue) => {
      const field = formatPath(issue.path);
      return { code: 'PIP_DOCUMENT_INVALID', severity: 'error', field, message: field === '' ? issue.message : `${field}: ${issue.message}` };
    }),
  };
}

/** Parses pipeline text; never throws. */
export function parsePipeline(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, diagnostics: [jsonError(text, error)] };
  }
  return parsePipelineValue(value);
}
