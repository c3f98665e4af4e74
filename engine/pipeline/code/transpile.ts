/**
 * Transpiles a code node's TypeScript to a CommonJS-shaped script body with esbuild and refuses
 * imports. Pure: it runs none of the user's code and reads no file, so it is safe on untrusted
 * pipelines (the studio may show these diagnostics before the user trusts the file).
 *
 * - esbuild "bundles" with every import external and a metafile: the metafile lists each static
 *   import, `require('literal')` and `import('literal')`, which are all refused with their position.
 *   Nothing is resolved, so no file is read (a bundle that resolved paths could inline local files).
 * - `dynamic-import` is marked unsupported, so esbuild lowers every `import(x)` to `require(x)`. A
 *   real `import()` must never reach node:vm: its rejection is a host-realm error whose constructor
 *   chain leads to the host's Function (and so to `process`). As a second line, output that still
 *   contains `import(` is refused (this may refuse the text `import(` inside a string literal).
 * - A non-literal `require(x)` is not caught statically; the sandbox has no `require`, so it fails
 *   with a ReferenceError when it runs.
 * - `tsconfigRaw: {}` keeps the project's tsconfig out of the user's code.
 */
import { buildSync, type Message } from 'esbuild';
import { CodeNodeCompileError } from './errors.js';

export interface TranspiledCode {
  /** JavaScript that assigns the module's exports to `module.exports` (expects `module`, `exports`). */
  js: string;
}

export function transpileCodeNode(nodeId: string, source: string): TranspiledCode {
  let result;
  try {
    result = buildSync({
      stdin: { contents: source, loader: 'ts', sourcefile: `${nodeId}.ts` },
      bundle: true,
      external: ['*'],
      format: 'cjs',
      platform: 'neutral',
      target: 'es2022',
      supported: { 'dynamic-import': false },
      metafile: true,
      write: false,
      logLevel: 'silent',
      legalComments: 'none',
      tsconfigRaw: {},
    });
  } catch (error) {
    throw buildFailure(nodeId, error);
  }
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports);
  const refused = imports.find((entry) => entry.path !== '<runtime>');
  if (refused !== undefined) {
    const how = refused.kind === 'require-call' ? 'require' : refused.kind === 'dynamic-import' ? 'import()' : 'import';
    const position = findLiteral(source, refused.path);
    throw new CodeNodeCompileError(
      nodeId,
      `code node "${nodeId}" may not ${how} "${refused.path}"${at(position)}: code nodes run with no imports, require, file system or network`,
      position,
    );
  }
  const js = result.outputFiles[0]?.text ?? '';
  if (/\bimport\s*\(/.test(js)) {
    throw new CodeNodeCompileError(nodeId, `code node "${nodeId}" may not use dynamic import()`);
  }
  return { js };
}

function buildFailure(nodeId: string, error: unknown): CodeNodeCompileError {
  const errors = (error as { errors?: Message[] }).errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  if (first === undefined) {
    return new CodeNodeCompileError(nodeId, `code node "${nodeId}" does not compile: ${String(error)}`);
  }
  const position = first.location ? { line: first.location.line, column: first.location.column + 1 } : undefined;
  const more = errors !== undefined && errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new CodeNodeCompileError(nodeId, `code node "${nodeId}" does not compile${at(position)}: ${first.text}${more}`, position);
}

function at(position: { line: number; column: number } | undefined): string {
  return position === undefined ? '' : ` at line ${position.line}, column ${position.column}`;
}

/** The 1-based position of the first quoted occurrence of `text` in the source, if any. */
function findLiteral(source: string, text: string): { line: number; column: number } | undefined {
  const candidates = [`'${text}'`, `"${text}"`, `\`${text}\``].map((quoted) => source.indexOf(quoted)).filter((i) => i >= 0);
  if (candidates.length === 0) return undefined;
  const index = Math.min(...candidates);
  const before = source.slice(0, index).split('\n');
  return { line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}
