/**
 * Reads a pipeline file for a command that runs or exports it: parse, validate, and either return
 * the document or throw a user error whose message lists every error diagnostic in the
 * `sluice validate` format (warnings are printed and do not stop it).
 */
import { readFile } from 'node:fs/promises';
import { EngineError } from '../api/errors.js';
import { hasErrors, parsePipeline, type PipelineDocument } from '../pipeline/document/index.js';
import { validate } from '../pipeline/validate/index.js';
import { formatDiagnostic } from './validate-command.js';

export async function loadPipelineFile(file: string, warn: (line: string) => void): Promise<PipelineDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new EngineError('CLI_FILE_UNREADABLE', `cannot read ${file}: ${reason}`, { domain: 'user' });
  }
  const parsed = parsePipeline(text);
  const diagnostics = parsed.ok ? validate(parsed.doc) : parsed.diagnostics;
  for (const d of diagnostics) if (d.severity !== 'error') warn(formatDiagnostic(file, d));
  if (!parsed.ok || hasErrors(diagnostics)) {
    const lines = diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(file, d));
    throw new EngineError('PIP_INVALID', `${file} has errors:\n${lines.join('\n')}`, { domain: 'user' });
  }
  return parsed.doc;
}
