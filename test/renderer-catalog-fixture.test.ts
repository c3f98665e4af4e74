/**
 * The renderer's tests run against renderer/testing/catalog.fixture.json (the renderer may not
 * import the engine). This keeps that fixture equal to what `catalog.list` really returns.
 * Regenerate: `npx tsx -e "import('./engine/host/catalog.ts').then(m => console.log(JSON.stringify(m.listCatalog(), null, 1)))" > renderer/testing/catalog.fixture.json`
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listCatalog } from '../engine/host/catalog.js';

describe('renderer catalog fixture', () => {
  it('equals the catalog the engine serves', () => {
    const fixture: unknown = JSON.parse(readFileSync(new URL('../renderer/testing/catalog.fixture.json', import.meta.url), 'utf8'));
    expect(fixture).toEqual(JSON.parse(JSON.stringify(listCatalog())));
  });
});
