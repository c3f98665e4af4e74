/**
 * `sluice validate FILE…`: parses and validates pipeline documents and prints every diagnostic as
 * `FILE: severity CODE at node "id" field "x": message` (plus the expression column where there is
 * one). Exits 1 when any file has an error; warnings and infos alone exit 0.
 */
import { readFile } from 'node:fs/promises';
import { parsePipeline, type Diagnostic } from '../pipeline/document/index.js';
import { validate } from '../pipeline/validate/index.js';
import { EngineError } from '../api/errors.js';
import type { Command } from './command.js';

const HELP = `Usage: sluice validate FILE...

Checks pipeline documents (*.sluice.json) without running them: the format, every node's kind
and config, expressions, topic names, edges and port types, cycles, joins' windows. Prints one
line per problem and exits 1 if any file has an error.`;

export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = [d.nodeId === undefined ? '' : ` at node "${d.nodeId}"`, d.field === undefined ? '' : ` field "${d.field}"`].join('');
  const column = d.column === undefined ? '' : ` (line ${d.line ?? 1}, column ${d.column})`;
  return `${file}: ${d.severity} ${d.code}${where}${column}: ${d.message}`;
}

async function diagnosticsOf(file: string): Promise<Diagnostic[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return [{ code: 'PIP_FILE_UNREADABLE', severity: 'error', message: `cannot read the file: ${reason}` }];
  }
  const parsed = parsePipeline(text);
  return parsed.ok ? validate(parsed.doc) : parsed.diagnostics;
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check pipeline files and print their diagnostics',
  help: HELP,
  async run(args) {
    const files = args.filter((a) => !a.startsWith('-'));
    const unknown = args.filter((a) => a.startsWith('-'));
    if (unknown.length > 0) throw new EngineError('CLI_BAD_OPTION', `unknown option ${unknown[0]}`, { domain: 'user' });
    if (files.length === 0) throw new EngineError('CLI_BAD_OPTION', 'give at least one pipeline file', { domain: 'user' });
    let errors = 0;
    for (const file of files) {
      const diagnostics = await diagnosticsOf(file);
      for (const d of diagnostics) console.log(formatDiagnostic(file, d));
      const fileErrors = diagnostics.filter((d) => d.severity === 'error').length;
      if (diagnostics.length === 0) console.log(`${file}: ok`);
      errors += fileErrors;
    }
    return errors > 0 ? 1 : 0;
  },
};
