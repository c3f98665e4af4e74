/**
 * Pipeline templates (templates/<slug>/): each is exactly one of the shipped slugs, has a README, is
 * a valid and canonically serialized `sluice.pipeline/v1` document named after its directory, and —
 * run over `fixtures/input.jsonl` in the TopologyTestDriver — writes exactly
 * `expected/output.jsonl` (sink and dead-letter records, in order).
 *
 * The expected outputs were checked by hand (see each README's "Fixtures" section): regenerate them
 * with UPDATE_TEMPLATES=1 only after a change to a template or its fixtures, and check them again.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePipeline, serializePipeline } from '../../engine/pipeline/document/index.js';
import { validate } from '../../engine/pipeline/validate/index.js';
import { readJsonLines, runTemplate, templatePath, templateSlugs, toJsonLines, type OutputRecord } from './run-template.js';

const TEMPLATES = ['clickstream-sessions', 'fraud-hopping', 'iot-averages', 'log-aggregation', 'nexmark-q5', 'orders-customers', 'orders-payments'];
const update = process.env.UPDATE_TEMPLATES === '1';

const pipelineText = (slug: string): string => readFileSync(templatePath(slug, 'pipeline.sluice.json'), 'utf8');

describe('pipeline templates', () => {
  it('are exactly the shipped templates', () => {
    expect(templateSlugs()).toEqual(TEMPLATES);
  });

  it('templates are valid', () => {
    for (const slug of TEMPLATES) {
      const parsed = parsePipeline(pipelineText(slug));
      const errors = parsed.ok ? validate(parsed.doc).filter((d) => d.severity === 'error') : parsed.diagnostics;
      expect({ slug, errors }).toEqual({ slug, errors: [] });
    }
  });

  for (const slug of TEMPLATES) {
    describe(slug, () => {
      it('has a README that says how to run it', () => {
        const readme = templatePath(slug, 'README.md');
        expect(existsSync(readme)).toBe(true);
        expect(readFileSync(readme, 'utf8')).toContain(`npx sluice run templates/${slug}/pipeline.sluice.json`);
      });

      it('is canonical, described and named after its directory', () => {
        const text = pipelineText(slug);
        const parsed = parsePipeline(text);
        if (!parsed.ok) throw new Error(`${slug}: ${JSON.stringify(parsed.diagnostics, null, 2)}`);
        expect(parsed.doc.name).toBe(slug);
        expect(parsed.doc.description).toBeTruthy();
        expect(serializePipeline(parsed.doc)).toBe(text);
      });

      it('turns its fixtures into the expected output', () => {
        const actual = runTemplate(slug);
        const path = templatePath(slug, 'expected', 'output.jsonl');
        if (update) writeFileSync(path, toJsonLines(actual));
        expect(actual).toStrictEqual(readJsonLines<OutputRecord>(path));
      });
    });
  }
});
