/**
 * Scenario (d): save the pipeline (a browser download), check the file is a valid
 * sluice.pipeline/v1 document with the nodes, reopen it through the file input; the dirty mark
 * clears on save and comes back with an edit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { pipelineDocumentSchema } from '../../../engine/api/index.js';
import { openDocument, selectNode, setField } from '../support/canvas.js';
import { smallPipeline } from '../support/documents.js';
import { useStudio } from '../support/studio-page.js';

export function saveOpenScenario(getBrowser: () => Browser): void {
  describe('(d) save and reopen a pipeline file', () => {
    const session = useStudio(getBrowser, 'save-open');
    let savedPath = '';

    it('marks an edit dirty, saves a valid document and clears the mark', async () => {
      const { page } = session();
      await openDocument(page, smallPipeline({ name: 'e2e-save', topic: 'e2e-save' }));
      await page.getByTestId('dirty-mark').waitFor({ state: 'hidden' });
      await selectNode(page, 'out');
      await setField(page, 'topic', 'e2e-saved-topic');
      await page.getByTestId('dirty-mark').waitFor();

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('btn-save').click()]);
      savedPath = await download.path();
      const doc = pipelineDocumentSchema.parse(JSON.parse(readFileSync(savedPath, 'utf8')));
      expect(doc.format).toBe('sluice.pipeline/v1');
      expect(doc.nodes.map((n) => n.id).sort()).toEqual(['gen', 'keep', 'out']);
      expect(doc.nodes.find((n) => n.id === 'out')?.config.topic).toBe('e2e-saved-topic');
      expect(doc.edges).toHaveLength(2);
      await page.getByTestId('dirty-mark').waitFor({ state: 'hidden' });
    });

    it('reopens the saved file through the file input', async () => {
      const { page } = session();
      await selectNode(page, 'keep');
      await page.getByTestId('node-keep').press('Delete');
      await page.getByTestId('node-keep').waitFor({ state: 'detached' });
      await page.getByTestId('dirty-mark').waitFor();
      await page.getByTestId('file-open-input').setInputFiles(savedPath);
      await page.getByTestId('node-keep').waitFor();
      await page.getByTestId('edge-keep-out').waitFor();
      await page.getByTestId('dirty-mark').waitFor({ state: 'hidden' });
      await selectNode(page, 'out');
      expect(await page.getByTestId('field-topic').inputValue()).toBe('e2e-saved-topic');
    });
  });
}
