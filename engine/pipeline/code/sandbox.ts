/**
 * The vm side of a code node: one fresh context per node, one timed vm call per batch.
 *
 * Security model, and its limits:
 * - The context is created from a null-prototype object, with string code generation (eval,
 *   new Function) and WebAssembly disabled, and microtasks run inside each timed call
 *   (`microtaskMode: 'afterEvaluate'`), so a promise chain cannot outlive the time budget.
 * - The context holds only the ECMAScript built-ins plus what the bootstrap defines (console, the
 *   two entry points). No process, require, module, timers, fetch, Buffer or file system.
 * - No host object or host function is ever reachable from user code: input crosses as one JSON
 *   string, output comes back as one JSON string, and the only host callbacks (take the input, log
 *   a line) are held in the strict-mode bootstrap's closure, take/return primitives and never throw.
 *   The host never reads a property of a context object (a getter or a Proxy trap would run user
 *   code outside the timeout) and classifies thrown values without invoking user code.
 * - node:vm is NOT a security boundary against a determined attacker: it shares the process, the
 *   heap and the event loop, V8 bugs can break out of it, and memory exhaustion is not bounded
 *   (only time is). It keeps honest mistakes from reaching ambient authority and stops runaway
 *   loops. That is why a pipeline file from elsewhere does not run its code nodes until the user
 *   trusts it (the caller passes `trusted`). Stronger isolation (a worker with resource limits, or
 *   a separate process) would be the next step.
 */
import vm from 'node:vm';
import { types } from 'node:util';
import type { Logger } from '../../util/logger.js';
import { BOOTSTRAP_SOURCE, RUN_SOURCE, wrapModule } from './bootstrap.js';
import { CodeNodeCompileError, CodeNodeError, CodeNodeTimeoutError } from './errors.js';

const MAX_LOG_CHARS = 4096;

export interface SandboxOptions {
  nodeId: string;
  js: string;
  timeBudgetMs: number;
  logger?: Logger;
}

export class Sandbox {
  private readonly nodeId: string;
  private readonly timeBudgetMs: number;
  private context: vm.Context | undefined;
  private readonly runScript: vm.Script;
  private pendingInput = '[]';

  constructor(options: SandboxOptions) {
    this.nodeId = options.nodeId;
    this.timeBudgetMs = options.timeBudgetMs;
    const context = vm.createContext(Object.create(null) as object, {
      name: `code node ${options.nodeId}`,
      codeGeneration: { strings: false, wasm: false },
      microtaskMode: 'afterEvaluate',
    });
    const install: unknown = vm.runInContext(BOOTSTRAP_SOURCE, context, { filename: 'sluice-bootstrap.js' });
    if (typeof install !== 'function') throw new CodeNodeError('CODE_NODE_FAILED', this.nodeId, 'the code-node bootstrap did not load', 'internal');
    // Our own strict-mode function, called before any user code exists in the context.
    install(this.takeInput, hostLogger(options.nodeId, options.logger), options.nodeId);
    this.context = context;
    this.runScript = new vm.Script(RUN_SOURCE, { filename: `${options.nodeId}.run.js` });
    const loaded = this.call(new vm.Script(wrapModule(options.js), { filename: `${options.nodeId}.js` }));
    const answer = parseAnswer(this.nodeId, loaded) as { ok?: unknown; error?: unknown };
    if (answer.ok !== true) {
      this.dispose();
      const reason = typeof answer.error === 'string' ? answer.error : 'the module did not load';
      throw new CodeNodeCompileError(this.nodeId, `code node "${this.nodeId}": ${reason}`);
    }
  }

  /** Runs the batch (a JSON array of input records) and returns the parsed JSON answer. */
  runJson(inputJson: string): unknown {
    this.pendingInput = inputJson;
    try {
      return parseAnswer(this.nodeId, this.call(this.runScript));
    } finally {
      this.pendingInput = '[]';
    }
  }

  dispose(): void {
    this.context = undefined;
  }

  get disposed(): boolean {
    return this.context === undefined;
  }

  /** Host callback held by the bootstrap: hands over the current batch as a primitive string. */
  private readonly takeInput = (): string => this.pendingInput;

  private call(script: vm.Script): string {
    if (this.context === undefined) throw new CodeNodeError('CODE_NODE_DISPOSED', this.nodeId, `code node "${this.nodeId}" was disposed`, 'internal');
    let answer: unknown;
    try {
      answer = script.runInContext(this.context, { timeout: this.timeBudgetMs, displayErrors: false });
    } catch (thrown) {
      if (isTimeout(thrown)) throw new CodeNodeTimeoutError(this.nodeId, this.timeBudgetMs);
      throw new CodeNodeError('CODE_NODE_FAILED', this.nodeId, `code node "${this.nodeId}" failed outside any record: ${describeThrown(thrown)}`);
    }
    if (typeof answer !== 'string') {
      throw new CodeNodeError('CODE_NODE_PROTOCOL', this.nodeId, `code node "${this.nodeId}": the sandbox answered a ${typeof answer}, not JSON text`, 'internal');
    }
    return answer;
  }
}

function parseAnswer(nodeId: string, text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CodeNodeError('CODE_NODE_PROTOCOL', nodeId, `code node "${nodeId}": the sandbox answered text that is not JSON`, 'internal', error);
  }
  if (parsed !== null && typeof parsed === 'object' && 'fatal' in parsed) {
    const fatal = (parsed as { fatal: unknown }).fatal;
    throw new CodeNodeError('CODE_NODE_FAILED', nodeId, `code node "${nodeId}" failed: ${String(fatal)}`);
  }
  return parsed;
}

/** The log callback handed to the bootstrap: two strings in, nothing out, never throws. */
function hostLogger(nodeId: string, logger: Logger | undefined): (level: unknown, text: unknown) => void {
  return (level, text) => {
    if (logger === undefined || typeof text !== 'string') return;
    const line = `code node "${nodeId}": ${text.length > MAX_LOG_CHARS ? `${text.slice(0, MAX_LOG_CHARS)}…` : text}`;
    try {
      if (level === 'warn') logger.warn(line);
      else if (level === 'error') logger.error(line);
      else logger.info(line);
    } catch (error) {
      // A throw here would carry a host-realm Error into the sandbox: report it on the host side only.
      process.emitWarning(`the logger of code node "${nodeId}" threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/**
 * Whether runInContext threw Node's timeout error, decided without running user code: only
 * non-Proxy native errors are inspected, through own data-property descriptors.
 */
function isTimeout(thrown: unknown): boolean {
  if (!types.isNativeError(thrown) || types.isProxy(thrown)) return false;
  const code = Object.getOwnPropertyDescriptor(thrown, 'code');
  return code !== undefined && 'value' in code && code.value === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/** A message for a value thrown out of the context, read without triggering getters or traps. */
function describeThrown(thrown: unknown): string {
  if (typeof thrown !== 'object' || thrown === null) return typeof thrown === 'function' ? 'a function was thrown' : String(thrown);
  if (types.isProxy(thrown)) return 'a Proxy was thrown';
  const message = Object.getOwnPropertyDescriptor(thrown, 'message');
  return message !== undefined && typeof message.value === 'string' ? message.value : 'a non-error value was thrown';
}
