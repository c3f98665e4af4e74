import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../util/logger.js';
import { compileCodeNode, type CodeNode, type CodeNodeOptions, type CodeRecordIn } from './index.js';

const nodes: CodeNode[] = [];
afterEach(() => nodes.splice(0).forEach((node) => node.dispose()));

function node(source: string, options: Partial<CodeNodeOptions> = {}): CodeNode {
  const compiled = compileCodeNode({ nodeId: 'enrich', source, trusted: true, ...options });
  nodes.push(compiled);
  return compiled;
}

function record(value: CodeRecordIn['value'], offset = 0): CodeRecordIn {
  return { key: `k${offset}`, value, headers: { source: 'test' }, timestamp: 1_000 + offset, topic: 'orders', partition: 0, offset };
}

function compileError(source: string, options: Partial<CodeNodeOptions> = {}): { code: string; message: string; line?: number; column?: number } {
  try {
    node(source, options);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected the code node not to compile');
}

describe('code node', () => {
  it('compiles TypeScript with types and interfaces and maps records', () => {
    const enrich = node(`
      interface Order { amount: number; currency: string }
      type Rec = { key: string; value: Order; headers: Record<string, string>; timestamp: number };
      const rate: Record<string, number> = { EUR: 2 };
      export default function (record: Rec, ctx: { nodeId: string }): Rec {
        const value: Order & { usd: number; by: string } = { ...record.value, usd: record.value.amount * (rate[record.value.currency] ?? 1), by: ctx.nodeId };
        return { ...record, key: record.key.toUpperCase(), value };
      }
    `);
    const [first, second] = enrich.runBatch([record({ amount: 10, currency: 'EUR' }, 1), record({ amount: 3, currency: 'USD' }, 2)]);
    expect(first).toEqual({
      ok: true,
      outputs: [{ key: 'K1', value: { amount: 10, currency: 'EUR', usd: 20, by: 'enrich' }, headers: { source: 'test' }, timestamp: 1_001 }],
    });
    expect(second).toMatchObject({ ok: true, outputs: [{ value: { usd: 3 } }] });
  });

  it('accepts a named transform export and defaults headers and timestamp to the input record', () => {
    const named = node(`export function transform(r: { value: number }) { return { key: null, value: r.value + 1 }; }`);
    expect(named.runBatch([record(1, 7)])).toEqual([{ ok: true, outputs: [{ key: null, value: 2, headers: { source: 'test' }, timestamp: 1_007 }] }]);
  });

  it('fans out arrays and drops on null', () => {
    const split = node(`export default (r: any) => r.value.length === 0 ? null : r.value.map((v: number, i: number) => ({ key: String(i), value: v, headers: { i: String(i) }, timestamp: 5 }))`);
    const [fanned, dropped] = split.runBatch([record([1, 2, 3]), record([])]);
    expect(fanned).toEqual({
      ok: true,
      outputs: [0, 1, 2].map((i) => ({ key: String(i), value: i + 1, headers: { i: String(i) }, timestamp: 5 })),
    });
    expect(dropped).toEqual({ ok: true, outputs: [] });
  });

  it('isolates a per-record exception and keeps the rest of the batch', () => {
    const picky = node(`export default (r: any) => { if (r.value === 'bad') throw new TypeError('bad record ' + r.offset); return r; }`);
    const results = picky.runBatch([record('ok', 0), record('bad', 1), record('ok', 2)]);
    expect(results.map((result) => result.ok)).toEqual([true, false, true]);
    expect(results[1]).toEqual({ ok: false, error: 'code node "enrich" threw TypeError: bad record 1' });
  });

  it('keeps state in the module between batches', () => {
    const counter = node(`let seen = 0; export default (r: any) => ({ key: r.key, value: ++seen })`);
    counter.runBatch([record(0), record(0)]);
    expect(counter.runBatch([record(0)])).toMatchObject([{ ok: true, outputs: [{ value: 3 }] }]);
  });

  it('stops an infinite loop with the exact message, and a new node still runs', () => {
    const loop = node(`export default (r: any) => { if (r.value === 'spin') { while (true) {} } return r; }`, { timeBudgetMs: 100 });
    expect(loop.runBatch([record('fine')])).toMatchObject([{ ok: true }]);
    let thrown: unknown;
    try {
      loop.runBatch([record('fine'), record('spin')]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'CodeNodeTimeoutError', code: 'CODE_NODE_TIMEOUT', nodeId: 'enrich', domain: 'user' });
    expect((thrown as Error).message).toBe('code node "enrich" exceeded 100 ms');
    const next = node(`export default (r: any) => r`, { nodeId: 'next', timeBudgetMs: 100 });
    expect(next.runBatch([record('after')])).toMatchObject([{ ok: true, outputs: [{ value: 'after' }] }]);
  });

  it('stops a loop in the module top level and in a promise chain', () => {
    expect(compileError(`for (;;) {} export default (r: any) => r`, { timeBudgetMs: 50 })).toMatchObject({ code: 'CODE_NODE_TIMEOUT', message: 'code node "enrich" exceeded 50 ms' });
    const micro = node(`export default (r: any) => { Promise.resolve().then(() => { for (;;) {} }); return r; }`, { timeBudgetMs: 50 });
    expect(() => micro.runBatch([record(1)])).toThrow('code node "enrich" exceeded 50 ms');
  });

  it('reports a returned Promise and refuses an async transform', () => {
    const promised = node(`export default (r: any) => Promise.resolve(r)`);
    expect(promised.runBatch([record(1)])).toEqual([{ ok: false, error: 'code node "enrich" returned a Promise: the transform must be synchronous' }]);
    expect(compileError(`export default async (r: any) => r`)).toMatchObject({ code: 'CODE_NODE_COMPILE', message: expect.stringContaining('is async') });
  });

  it('names the field of a bad output', () => {
    const bad = node(`export default (r: any) => {
      switch (r.value) {
        case 1: return { value: 1 };
        case 2: return { key: 'k' };
        case 3: return { key: 'k', value: () => 1 };
        case 4: return [{ key: 'k', value: 1 }, { key: 'k', value: 1, headers: { n: 5 } }];
        case 5: return { key: 'k', value: 1, timestamp: 'soon' };
        case 6: return 'text';
        case 7: return undefined;
        case 8: { const v: any = {}; v.self = v; return { key: 'k', value: v }; }
        default: return { key: 'k', value: 10n };
      }
    }`);
    const errors = bad.runBatch([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => record(n))).map((result) => (result.ok ? '' : result.error));
    expect(errors).toEqual([
      'code node "enrich" output.key is missing (use null for no key)',
      'code node "enrich" output.value is missing (use null for a tombstone)',
      'code node "enrich" output.value must be a JSON value or a string, got function',
      'code node "enrich" output[1].headers["n"] must be a string, got number',
      'code node "enrich" output.timestamp must be a non-negative number of ms, got string',
      'code node "enrich" output must be a record object { key, value, headers?, timestamp? }, got string',
      'code node "enrich" returned undefined (return null to drop the record)',
      expect.stringMatching(/^code node "enrich" returned an output that is not JSON-serializable: TypeError: .*circular/i),
      'code node "enrich" output.value must be a JSON value or a string, got bigint',
    ]);
  });

  it('refuses untrusted code before compiling it', () => {
    expect(compileError(`this is not TypeScript`, { trusted: false })).toMatchObject({
      code: 'CODE_NODE_UNTRUSTED',
      message: 'code node "enrich" does not run: the pipeline file is not trusted (trust it to run its code nodes)',
    });
  });

  it('reports transpile errors with line and column in the TypeScript source', () => {
    const error = compileError(`export default (r: any) => {\n  const x: number = ;\n  return r;\n}`);
    expect(error).toMatchObject({ code: 'CODE_NODE_COMPILE', line: 2, column: 21 });
    expect(error.message).toMatch(/^code node "enrich" does not compile at line 2, column 21: Unexpected ";"/);
  });

  it('reports a module without an exported function', () => {
    expect(compileError(`export const x = 1;`).message).toContain('no exported function');
    expect(compileError(`export default 42;`).message).toContain('is not a function (got number)');
    expect(compileError(`throw new Error('boom'); export default (r: any) => r`).message).toBe('code node "enrich": its module threw while loading: Error: boom');
  });

  it('forwards console and ctx.log to the logger with the node id', () => {
    const logger = memoryLogger();
    const chatty = node(`export default (r: any, ctx: any) => { console.log('saw', r.value); console.warn({ a: 1 }); ctx.log('via ctx'); return null; }`, { logger });
    chatty.runBatch([record(5)]);
    expect(logger.lines).toEqual(['info code node "enrich": saw 5', 'warn code node "enrich": {"a":1}', 'info code node "enrich": via ctx']);
  });

  it('refuses a non-positive time budget and use after dispose', () => {
    expect(compileError(`export default (r: any) => r`, { timeBudgetMs: 0 })).toMatchObject({ code: 'CODE_NODE_INVALID_OPTIONS' });
    const disposed = node(`export default (r: any) => r`);
    disposed.dispose();
    expect(() => disposed.runBatch([record(1)])).toThrow(expect.objectContaining({ code: 'CODE_NODE_DISPOSED' }));
  });

  it('runs a batch of 100,000 small records (speed is reported, not asserted)', () => {
    const fast = node(`export default (r: { key: string; value: { n: number } }) => ({ key: r.key, value: { n: r.value.n * 2 } })`);
    const batch = Array.from({ length: 100_000 }, (_, i) => record({ n: i }, i));
    fast.runBatch(batch.slice(0, 1_000));
    const started = performance.now();
    const results = fast.runBatch(batch);
    const elapsedMs = performance.now() - started;
    expect(results).toHaveLength(100_000);
    expect(results[99_999]).toMatchObject({ ok: true, outputs: [{ value: { n: 199_998 } }] });
    console.info(`code node: 100,000 records in ${elapsedMs.toFixed(1)} ms (${Math.round(100_000 / (elapsedMs / 1000)).toLocaleString('en')} records/s)`);
  });
});
