import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pipelineJsonSchema } from './json-schema.js';

// Regenerate with: UPDATE_GOLDEN=1 npx vitest run engine/pipeline/document/json-schema.test.ts
const GOLDEN = fileURLToPath(new URL('../../../schemas/sluice.pipeline.v1.json', import.meta.url));

describe('pipelineJsonSchema', () => {
  const text = `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`;

  it('matches the committed schemas/sluice.pipeline.v1.json', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('describes every node kind with its config defaults', () => {
    expect(text).toContain('"const": "aggregate.window@1"');
    expect(text).toContain('"const": "source.datagen@1"');
    expect(text).toContain('"default": 1000');
    expect(text).toContain('"pattern": "^[a-zA-Z0-9._-]+$"');
  });
});
