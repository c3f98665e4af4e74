/**
 * Tries the classic ways out of a node:vm sandbox and asserts each one fails. A pass here means the
 * known escapes are closed, not that node:vm is a security boundary (see sandbox.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compileCodeNode, type CodeNode, type CodeRecordIn } from './index.js';

const nodes: CodeNode[] = [];
afterEach(() => nodes.splice(0).forEach((node) => node.dispose()));

const input: CodeRecordIn = { key: 'k', value: 1, headers: {}, timestamp: 0, topic: 't', partition: 0, offset: 0 };

function node(source: string, timeBudgetMs = 1000): CodeNode {
  const compiled = compileCodeNode({ nodeId: 'evil', source, trusted: true, timeBudgetMs });
  nodes.push(compiled);
  return compiled;
}

/** Runs `expression` inside the transform and returns the record's error (or throws if it worked). */
function failureOf(expression: string): string {
  const [result] = node(`export default (r: any, ctx: any) => ({ key: null, value: String(${expression}) })`).runBatch([input]);
  if (result === undefined || result.ok) throw new Error(`expected ${expression} to fail, got ${JSON.stringify(result)}`);
  return result.error;
}

function compileFailure(source: string): { code: string; message: string } {
  try {
    node(source);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected the code node to be refused');
}

describe('code node sandbox escapes', () => {
  it.each([
    [`import fs from 'node:fs'; export default (r: any) => fs.readFileSync('/etc/passwd', 'utf8');`, 'may not import "node:fs" at line 1, column 16'],
    [`const fs = require('fs'); export default (r: any) => r;`, 'may not require "fs" at line 1, column 20'],
    [`export default (r: any) => import('node:child_process');`, 'may not import() "node:child_process"'],
    [`export * from 'node:os'; export default (r: any) => r;`, 'may not import "node:os"'],
  ])('refuses imports statically: %s', (source, message) => {
    const error = compileFailure(source);
    expect(error.code).toBe('CODE_NODE_COMPILE');
    expect(error.message).toContain(message);
    expect(error.message).toContain('code nodes run with no imports, require, file system or network');
  });

  it.each([
    ['require(["f", "s"].join(""))', 'ReferenceError: require is not defined'],
    ['process.exit(1)', 'ReferenceError: process is not defined'],
    ['(globalThis as any).process.exit(1)', "TypeError: Cannot read properties of undefined (reading 'exit')"],
    ['setTimeout(() => 1, 0)', 'ReferenceError: setTimeout is not defined'],
    ['fetch("http://example.com")', 'ReferenceError: fetch is not defined'],
    ['eval("1")', 'EvalError: Code generation from strings disallowed for this context'],
    ['new Function("return 1")()', 'EvalError: Code generation from strings disallowed for this context'],
    ['(this as any).constructor.constructor("return process")()', "TypeError: Cannot read properties of undefined (reading 'constructor')"],
    ['({}).constructor.constructor("return process")()', 'EvalError: Code generation from strings disallowed for this context'],
    ['(globalThis as any).constructor.constructor("return process")()', 'EvalError: Code generation from strings disallowed for this context'],
    ['ctx.log.constructor.constructor("return process")()', 'EvalError: Code generation from strings disallowed for this context'],
    ['console.log.constructor("return process")()', 'EvalError: Code generation from strings disallowed for this context'],
    ['r.constructor.constructor("return process")()', 'EvalError: Code generation from strings disallowed for this context'],
    ['Object.getPrototypeOf(async function () {}).constructor("return process")()', 'EvalError: Code generation from strings disallowed for this context'],
    ['(function (this: any) { return arguments.callee.caller; })()', "TypeError: 'caller', 'callee', and 'arguments' properties may not be accessed on strict mode functions or the arguments objects for calls to them"],
    ['new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))', 'ReferenceError: WebAssembly is not defined'],
    ['new FinalizationRegistry(() => { for (;;) {} })', 'ReferenceError: FinalizationRegistry is not defined'],
    ['Atomics.wait(new Int32Array(4), 0, 0)', 'ReferenceError: Atomics is not defined'],
  ])('%s fails', (expression, message) => {
    expect(failureOf(expression)).toBe(`code node "evil" threw ${message}`);
  });

  it('has no host globals', () => {
    const names = ['process', 'require', 'module', 'exports', 'global', 'Buffer', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'fetch', 'structuredClone', 'TextEncoder', '__filename', 'WebAssembly'];
    const [result] = node(`export default (r: any) => ({ key: null, value: ${JSON.stringify(names)}.filter((n) => typeof (globalThis as any)[n] !== 'undefined') })`).runBatch([input]);
    expect(result).toMatchObject({ ok: true, outputs: [{ value: [] }] });
  });

  it('a non-literal dynamic import fails inside the context and leaks no host object', () => {
    const sneaky = node(`
      let leaked = 'nothing';
      export default (r: any) => {
        if (r.value === 1) {
          const name = ['node', 'fs'].join(':');
          const attempt = import(name).catch((e: any) => { try { leaked = typeof e.constructor.constructor('return process')(); } catch (x: any) { leaked = x.name; } });
          void attempt;
          return null;
        }
        return { key: null, value: leaked };
      };
    `);
    sneaky.runBatch([input]);
    expect(sneaky.runBatch([{ ...input, value: 2 }])).toMatchObject([{ ok: true, outputs: [{ value: 'EvalError' }] }]);
  });

  it('stack-trace call sites expose no function and no host this', () => {
    const probe = node(`
      export default (r: any) => {
        const E: any = Error;
        E.prepareStackTrace = (_: unknown, sites: any[]) => sites.map((s) => [typeof s.getFunction(), s.getThis() === undefined || s.getThis() === globalThis]);
        const frames = new Error('probe').stack as unknown as [string, boolean][];
        E.prepareStackTrace = undefined;
        return { key: null, value: frames };
      };
    `);
    const [result] = probe.runBatch([input]);
    if (result === undefined || !result.ok) throw new Error(`probe failed: ${JSON.stringify(result)}`);
    const frames = result.outputs[0]!.value as [string, boolean][];
    expect(frames.length).toBeGreaterThan(0);
    for (const [functionType, ownThis] of frames) {
      expect(functionType).toBe('undefined');
      expect(ownThis).toBe(true);
    }
  });

  it('cannot replace the bootstrap entry points', () => {
    expect(failureOf('Object.defineProperty(globalThis, "__sluice_run__", { value: () => "[]" })')).toMatch(/^code node "evil" threw TypeError: Cannot redefine property/);
  });

  it('getters and Proxies on outputs run inside the time budget, not on the host', () => {
    const getter = node(`export default (r: any) => ({ key: null, get value() { for (;;) {} } })`, 50);
    expect(() => getter.runBatch([input])).toThrow('code node "evil" exceeded 50 ms');
    const proxy = node(`export default (r: any) => { throw new Proxy({}, { get() { for (;;) {} } }); }`, 50);
    expect(() => proxy.runBatch([input])).toThrow('code node "evil" exceeded 50 ms');
  });

  it('patched intrinsics only corrupt the node itself', () => {
    const patched = node(`
      (JSON as any).stringify = () => '"pwned"';
      (Array.prototype as any).push = () => { throw new Error('no push'); };
      export default (r: any) => ({ key: r.key, value: [r.value] });
    `);
    expect(patched.runBatch([input])).toEqual([{ ok: true, outputs: [{ key: 'k', value: [1], headers: {}, timestamp: 0 }] }]);
  });
});
