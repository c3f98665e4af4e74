/** Scenario (e): open a template from the gallery, run it, and see records on its first edge. */
import { describe, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { screenshot } from '../support/browser.js';
import { clickEdge, openTab, runPipeline, stopPipeline } from '../support/canvas.js';
import { useStudio } from '../support/studio-page.js';

export function templateScenario(getBrowser: () => Browser): void {
  describe('(e) a template from the gallery', () => {
    const session = useStudio(getBrowser, 'template');

    it('opens iot-averages, runs it and shows records', async () => {
      const { page } = session();
      await page.getByTestId('btn-new-from-template').click();
      await page.getByTestId('template-gallery').waitFor();
      await screenshot(page, 'template-gallery');
      await page.getByTestId('template-iot-averages').click();
      await page.getByTestId('node-sensors').waitFor();
      await page.getByTestId('template-gallery').waitFor({ state: 'hidden' });
      await runPipeline(page);
      await clickEdge(page, 'sensors', 'route');
      await openTab(page, 'records');
      await page.getByTestId('record-inspector').getByTestId('record-row').first().waitFor();
      await screenshot(page, 'template-running');
      await stopPipeline(page);
    });
  });
}
