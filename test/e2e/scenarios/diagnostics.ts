/**
 * Scenario (b): a bad filter expression typed into the Monaco field shows its diagnostic on the
 * node and in the problems panel; clicking the problem selects the node.
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { screenshot } from '../support/browser.js';
import { openDocument, openTab, selectNode, setCode } from '../support/canvas.js';
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
  });
}
