/**
 * Compiler golden tests: every `compiler/<case>/pipeline.sluice.json` compiles to exactly
 * `topology.txt` (the topology description, then the plan summary); every
 * `compiler/errors/<case>/pipeline.sluice.json` is refused with exactly `diagnostics.json`
 * (code, severity, nodeId, field of each diagnostic). An optional `options.json` holds compile
 * options. Regenerate with UPDATE_GOLDEN=1.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePipeline, formatPlan, type CompileOptions } from '../../engine/pipeline/compile/index.js';

const ROOT = join(import.meta.dirname, 'compiler');
const ERRORS = join(ROOT, 'errors');
const update = process.env.UPDATE_GOLDEN === '1';

const cases = (dir: string) => readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'errors').map((d) => d.name).sort();
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const optionsOf = (dir: string): CompileOptions => (existsSync(join(dir, 'options.json')) ? (readJson(join(dir, 'options.json')) as CompileOptions) : { trusted: true });

function golden(path: string, actual: string): void {
  if (update || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('compiler golden files', () => {
  it('has the required cases', () => {
    expect(cases(ROOT).length).toBeGreaterThanOrEqual(8);
    expect(cases(ERRORS).length).toBeGreaterThanOrEqual(1);
  });

  for (const name of cases(ROOT)) {
    it(name, () => {
      const dir = join(ROOT, name);
      const result = compilePipeline(readJson(join(dir, 'pipeline.sluice.json')), optionsOf(dir));
      if (!result.ok) throw new Error(`expected ${name} to compile: ${JSON.stringify(result.diagnostics, null, 2)}`);
      const text = `${result.topology.describe().toString(result.plan.applicationId)}\n${formatPlan(result.plan)}`;
      golden(join(dir, 'topology.txt'), text);
      // Pure: compiling again gives the same text.
      const again = compilePipeline(readJson(join(dir, 'pipeline.sluice.json')), optionsOf(dir));
      expect(again.ok && `${again.topology.describe().toString(again.plan.applicationId)}\n${formatPlan(again.plan)}`).toBe(text);
    });
  }

  for (const name of cases(ERRORS)) {
    it(`errors/${name}`, () => {
      const dir = join(ERRORS, name);
      const result = compilePipeline(readJson(join(dir, 'pipeline.sluice.json')), optionsOf(dir));
      expect(result.ok).toBe(false);
      const diagnostics = result.ok
        ? []
        : result.diagnostics.map((d) => ({ code: d.code, severity: d.severity, ...(d.nodeId === undefined ? {} : { nodeId: d.nodeId }), ...(d.field === undefined ? {} : { field: d.field }) }));
      golden(join(dir, 'diagnostics.json'), `${JSON.stringify(diagnostics, null, 2)}\n`);
    });
  }
});
