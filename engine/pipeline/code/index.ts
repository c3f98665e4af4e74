/**
 * Code nodes (`transform.code@1`, DESIGN.md §3): TypeScript that exports
 * `(record, ctx) => record | record[] | null`, transpiled with esbuild and run in a node:vm context
 * with no ambient authority and a time budget per batch.
 *
 * Contract:
 * - compileCodeNode refuses untrusted pipelines before anything else (CODE_NODE_UNTRUSTED); it
 *   transpiles, refuses imports, loads the module under the time budget and checks the export
 *   (default export, else a named `transform`; synchronous). Failures are CODE_NODE_COMPILE.
 * - runBatch returns one result per input record, in order. A record that throws, returns a Promise
 *   or returns a bad shape is `{ ok: false, error }` (the message names the node and the field);
 *   the caller applies the error policy (dead-letter or fail, see recordFailedError). A batch past
 *   the budget throws CodeNodeTimeoutError and loses the whole batch; the node should then be failed
 *   (its context may hold half-updated state). Other nodes and the engine are unaffected.
 * - The host validates every answer from the sandbox again; a malformed one is CODE_NODE_PROTOCOL.
 * - The security model and its limits are described in sandbox.ts: node:vm is not a security
 *   boundary against a determined attacker, which is why untrusted files do not run.
 */
import type { Logger } from '../../util/logger.js';
import { CodeNodeError, untrustedError } from './errors.js';
import { Sandbox } from './sandbox.js';
import { transpileCodeNode } from './transpile.js';
import type { CodeRecordIn, CodeRecordOut, CodeRecordResult, JsonValue } from './types.js';

export type { CodeRecordIn, CodeRecordOut, CodeRecordResult, JsonValue } from './types.js';
export { CodeNodeCompileError, CodeNodeError, CodeNodeTimeoutError, recordFailedError, type CodeNodeErrorCode } from './errors.js';
export { transpileCodeNode } from './transpile.js';

export const DEFAULT_TIME_BUDGET_MS = 1000;

export interface CodeNodeOptions {
  nodeId: string;
  /** The node's TypeScript source, as stored in the pipeline document. */
  source: string;
  /** Wall-clock budget for one batch (and for loading the module); default 1000 ms. */
  timeBudgetMs?: number;
  /** Whether the user trusts the pipeline file; untrusted code never runs. */
  trusted: boolean;
  /** Receives the node's console.* and ctx.log output, prefixed with the node id. */
  logger?: Logger;
}

export interface CodeNode {
  readonly nodeId: string;
  readonly timeBudgetMs: number;
  /** One result per input record; throws CodeNodeTimeoutError when the batch exceeds the budget. */
  runBatch(records: readonly CodeRecordIn[]): CodeRecordResult[];
  dispose(): void;
}

export function compileCodeNode(options: CodeNodeOptions): CodeNode {
  const { nodeId, source, trusted } = options;
  const timeBudgetMs = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  if (trusted !== true) throw untrustedError(nodeId);
  if (!Number.isInteger(timeBudgetMs) || timeBudgetMs <= 0) {
    throw new CodeNodeError('CODE_NODE_INVALID_OPTIONS', nodeId, `code node "${nodeId}": the time budget must be a positive whole number of ms, got ${timeBudgetMs}`);
  }
  const { js } = transpileCodeNode(nodeId, source);
  const sandbox = new Sandbox({ nodeId, js, timeBudgetMs, ...(options.logger ? { logger: options.logger } : {}) });
  return {
    nodeId,
    timeBudgetMs,
    runBatch: (records) => {
      if (records.length === 0) return [];
      const answer = sandbox.runJson(JSON.stringify(records));
      return readAnswer(nodeId, records, answer);
    },
    dispose: () => sandbox.dispose(),
  };
}

/** Turns the sandbox's parsed JSON answer into results, trusting nothing about its shape. */
function readAnswer(nodeId: string, records: readonly CodeRecordIn[], answer: unknown): CodeRecordResult[] {
  if (!Array.isArray(answer) || answer.length !== records.length) {
    throw protocolError(nodeId, `expected ${records.length} results`);
  }
  const results: CodeRecordResult[] = new Array<CodeRecordResult>(records.length);
  for (let i = 0; i < records.length; i++) {
    const entry: unknown = answer[i];
    const input = records[i] as CodeRecordIn;
    if (!isObject(entry)) throw protocolError(nodeId, `result ${i} is not an object`);
    if (typeof entry.e === 'string') {
      results[i] = { ok: false, error: `code node "${nodeId}" ${entry.e}` };
      continue;
    }
    if (!Array.isArray(entry.o)) throw protocolError(nodeId, `result ${i} has neither outputs nor an error`);
    results[i] = { ok: true, outputs: entry.o.map((output: unknown) => readOutput(nodeId, input, output)) };
  }
  return results;
}

function readOutput(nodeId: string, input: CodeRecordIn, output: unknown): CodeRecordOut {
  if (!isObject(output) || !('k' in output) || !('v' in output)) throw protocolError(nodeId, 'an output lacks key or value');
  const { h, t } = output;
  if (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t))) throw protocolError(nodeId, 'an output timestamp is not a number');
  if (h !== undefined && (!isObject(h) || Object.values(h).some((value) => typeof value !== 'string'))) {
    throw protocolError(nodeId, 'output headers are not strings');
  }
  return {
    key: output.k as JsonValue,
    value: output.v as JsonValue,
    headers: h === undefined ? { ...input.headers } : (h as Record<string, string>),
    timestamp: t === undefined ? input.timestamp : t,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function protocolError(nodeId: string, detail: string): CodeNodeError {
  return new CodeNodeError('CODE_NODE_PROTOCOL', nodeId, `code node "${nodeId}": malformed answer from the sandbox (${detail})`, 'internal');
}
