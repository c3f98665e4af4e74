/**
 * Errors of the code-node sandbox. All are EngineErrors whose `code` is stable (UIs and tests match
 * on it) and whose `nodeId` names the code node:
 *
 * - CODE_NODE_UNTRUSTED: the pipeline file is not trusted, so its code does not run (DESIGN.md §3).
 * - CODE_NODE_COMPILE: transpiling, the static checks (no imports) or evaluating the module failed;
 *   `line`/`column` (1-based, in the user's TypeScript) are set when esbuild gave a position.
 * - CODE_NODE_TIMEOUT: a batch (or the module's top level) ran past the time budget. The message is
 *   exactly `code node "<id>" exceeded <budget> ms`.
 * - CODE_NODE_RECORD_FAILED: one record made the transform throw or return a bad shape. runBatch
 *   reports these as data; callers that apply the error policy by throwing use this class, so the
 *   dead-letter headers carry the same message.
 * - CODE_NODE_PROTOCOL / CODE_NODE_FAILED / CODE_NODE_DISPOSED: the sandbox answered something it
 *   never should, failed outside any record, or was used after dispose().
 */
import { EngineError, type ErrorDomain } from '../../api/errors.js';

export type CodeNodeErrorCode =
  | 'CODE_NODE_UNTRUSTED'
  | 'CODE_NODE_COMPILE'
  | 'CODE_NODE_TIMEOUT'
  | 'CODE_NODE_RECORD_FAILED'
  | 'CODE_NODE_PROTOCOL'
  | 'CODE_NODE_FAILED'
  | 'CODE_NODE_DISPOSED'
  | 'CODE_NODE_INVALID_OPTIONS';

export class CodeNodeError extends EngineError {
  override readonly code: CodeNodeErrorCode;
  override readonly nodeId: string;

  constructor(code: CodeNodeErrorCode, nodeId: string, message: string, domain: ErrorDomain = 'user', cause?: unknown) {
    super(code, message, { domain, nodeId, ...(cause === undefined ? {} : { cause }) });
    this.name = 'CodeNodeError';
    this.code = code;
    this.nodeId = nodeId;
  }
}

/** A batch ran past the node's time budget; the whole batch is lost and the node should be failed. */
export class CodeNodeTimeoutError extends CodeNodeError {
  readonly budgetMs: number;

  constructor(nodeId: string, budgetMs: number) {
    super('CODE_NODE_TIMEOUT', nodeId, `code node "${nodeId}" exceeded ${budgetMs} ms`);
    this.name = 'CodeNodeTimeoutError';
    this.budgetMs = budgetMs;
  }
}

/** The source does not compile or load; `line` and `column` are 1-based positions in the TypeScript. */
export class CodeNodeCompileError extends CodeNodeError {
  readonly line?: number;
  readonly column?: number;

  constructor(nodeId: string, message: string, position?: { line: number; column: number }) {
    super('CODE_NODE_COMPILE', nodeId, message);
    this.name = 'CodeNodeCompileError';
    if (position !== undefined) {
      this.line = position.line;
      this.column = position.column;
    }
  }
}

export function untrustedError(nodeId: string): CodeNodeError {
  return new CodeNodeError(
    'CODE_NODE_UNTRUSTED',
    nodeId,
    `code node "${nodeId}" does not run: the pipeline file is not trusted (trust it to run its code nodes)`,
  );
}

/** For callers that apply the error policy by throwing: the record's failure as an EngineError. */
export function recordFailedError(nodeId: string, message: string): CodeNodeError {
  return new CodeNodeError('CODE_NODE_RECORD_FAILED', nodeId, message);
}
