import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The studio will run the catalog, the document model and validation in the browser.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PARTS = ['catalog', 'document', 'validate'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('browser safety', () => {
  it('no module of catalog, document or validate imports node:* or a Node builtin', () => {
    for (const file of PARTS.flatMap((part) => sources(join(ROOT, part)))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from '(node:|fs|path|net|crypto|os)['/]/);
      expect(text.split('\n').length, `${file} stays small`).toBeLessThan(400);
    }
  });
});
