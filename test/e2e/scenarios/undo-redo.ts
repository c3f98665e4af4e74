/**
 * Scenario (c): undo and redo — by the toolbar buttons and by Ctrl+Z / Ctrl+Shift+Z — restore and
 * re-apply the deletion of a node (with its edges).
 */
import { describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDocument, selectNode } from '../support/canvas.js';
import { smallPipeline } from '../support/documents.js';
import { useStudio } from '../support/studio-page.js';

export function undoRedoScenario(getBrowser: () => Browser): void {
  describe('(c) undo and redo', () => {
    const session = useStudio(getBrowser, 'undo-redo');

    const gone = async (page: Page) => {
      await page.getByTestId('node-keep').waitFor({ state: 'detached' });
      await page.getByTestId('edge-gen-keep').waitFor({ state: 'detached' });
    };
    const back = async (page: Page) => {
      await page.getByTestId('node-keep').waitFor();
      await page.getByTestId('edge-gen-keep').waitFor();
      await page.getByTestId('edge-keep-out').waitFor();
    };

    it('deletes a node and restores it with the buttons', async () => {
      const { page } = session();
      await openDocument(page, smallPipeline({ name: 'e2e-undo', topic: 'e2e-undo' }));
      await selectNode(page, 'keep');
      await page.getByTestId('node-keep').press('Delete');
      await gone(page);
      await page.getByTestId('btn-undo').click();
      await back(page);
      await page.getByTestId('btn-redo').click();
      await gone(page);
      await page.getByTestId('btn-undo').click();
      await back(page);
    });

    it('does the same with Ctrl+Z and Ctrl+Shift+Z', async () => {
      const { page } = session();
      await selectNode(page, 'keep');
      await page.getByTestId('node-keep').press('Delete');
      await gone(page);
      await page.getByTestId('canvas').click({ position: { x: 40, y: 40 } });
      await page.keyboard.press('ControlOrMeta+Z');
      await back(page);
      await page.keyboard.press('ControlOrMeta+Shift+Z');
      await gone(page);
      await page.keyboard.press('ControlOrMeta+Z');
      await back(page);
    });
  });
}
