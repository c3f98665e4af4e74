/**
 * Scenario (b): a bad filter expression typed into the Monaco field shows its diagnostic on the
 * node and in the problems panel; clicking the problem selects the node. Enter stays out of the
 * one-line expression editor but breaks lines in a code node's editor.
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { screenshot } from '../support/browser.js';
import { dropFromPalette, openDocument, openTab, selectNode, setCode } from '../support/canvas.js';
import { smallPipeline } from '../support/documents.js';
import { useStudio } from '../support/studio-page.js';

export function diagnosticsScenario(getBrowser: () => Browser): void {
  describe('(b) diagnostics of a bad expression', () => {
    const session = useStudio(getBrowser, 'diagnostics');

    it('shows the diagnostic on the node and in the problems panel, and the problem selects the node', async () => {
      const { page } = session();
      await openDocument(page, smallPipeline({ name: 'e2e-diagnostics', topic: 'e2e-diagnostics' }));
      await selectNode(page, 'keep');
      await setCode(page, 'expr', 'value.amount >> 1');

      const onNode = page.getByTestId('node-diagnostics-keep');
      await onNode.waitFor();
      await openTab(page, 'problems');
      const problem = page.getByTestId('problems').getByTestId('problem-row').filter({ hasText: 'keep' });
      await problem.first().waitFor();
      expect(await problem.first().textContent()).toMatch(/PIP_EXPRESSION_INVALID|expression/i);
      await screenshot(page, 'problems');

      await selectNode(page, 'gen');
      await problem.first().click();
      await page.getByTestId('node-id-input').and(page.locator('[value="keep"]')).waitFor();
    });

    it('clears the diagnostic once the expression is fixed', async () => {
      const { page } = session();
      await selectNode(page, 'keep');
      await setCode(page, 'expr', 'value.amount > 1');
      await page.getByTestId('node-diagnostics-keep').waitFor({ state: 'detached' });
      await page.getByTestId('problems').getByTestId('problem-row').filter({ hasText: 'keep' }).first().waitFor({ state: 'detached' });
    });

    it('keeps Enter out of the expression editor, and a code node editor (opened after it) takes Enter as a new line', async () => {
      const { page } = session();
      await selectNode(page, 'keep');
      await setCode(page, 'expr', 'value.amount > 1');
      await page.keyboard.press('Enter');
      await page.keyboard.type(' && true');
      await page.getByTestId('field-expr').locator('.view-line').filter({ hasText: 'true' }).waitFor();
      expect(await page.getByTestId('field-expr').locator('.view-line').count()).toBe(1);

      const code = await dropFromPalette(page, 'transform.code@1', { x: 300, y: 350 });
      await selectNode(page, code);
      const editor = page.getByTestId('field-source').locator('.monaco-editor');
      await editor.waitFor();
      await editor.click({ position: { x: 80, y: 40 } });
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('const a = 1;');
      await page.keyboard.press('Enter');
      await page.keyboard.type('const b = 2;');
      // Monaco draws spaces as no-break spaces, and redraws its lines a frame after the keys.
      const lines = async () => (await page.getByTestId('field-source').locator('.view-line').allTextContents()).map((line) => line.replace(/\u00a0/g, ' '));
      await expect.poll(lines).toEqual(['const a = 1;', 'const b = 2;']);
    });
  });
}
