/**
 * Scenario (a): build datagen → filter → sink by dragging from the palette and connecting handles,
 * set the sink topic in the inspector, run, follow the filter → sink edge in the record inspector
 * (records, rate, totals, a record's JSON, pause, the engine-side filter) and see the node rate
 * counters rise; stop.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { screenshot, VIEWPORT } from '../support/browser.js';
import { clickEdge, connect, dropFromPalette, firstNumber, openTab, runPipeline, selectNode, setCode, setField, stopPipeline, waitForNumberAbove } from '../support/canvas.js';
import { useStudio } from '../support/studio-page.js';

export function buildAndRunScenario(getBrowser: () => Browser): void {
  describe('(a) build, run and watch a pipeline', () => {
    const session = useStudio(getBrowser, 'build-and-run');
    const ids = { gen: '', filter: '', sink: '' };

    it('builds datagen → filter → sink by drag and drop and sets the sink topic', async () => {
      const { page } = session();
      ids.gen = await dropFromPalette(page, 'source.datagen@1', { x: 200, y: 250 });
      ids.filter = await dropFromPalette(page, 'transform.filter@1', { x: 550, y: 250 });
      ids.sink = await dropFromPalette(page, 'sink.topic@1', { x: 900, y: 250 });
      await connect(page, ids.gen, 'out', ids.filter, 'in');
      await connect(page, ids.filter, 'out', ids.sink, 'in');

      await selectNode(page, ids.gen);
      await setField(page, 'generator', 'orders');
      await setField(page, 'ratePerSec', '200');
      // The long datagen form scrolls inside the inspector; the workbench still ends at the window's bottom.
      const workbench = await page.locator('.workbench').boundingBox();
      expect(workbench === null ? null : workbench.y + workbench.height).toBe(VIEWPORT.height);
      await selectNode(page, ids.filter);
      await setCode(page, 'expr', 'value.amount != null');
      await selectNode(page, ids.sink);
      await setField(page, 'topic', 'e2e-built');
      expect(await page.getByTestId('field-topic').inputValue()).toBe('e2e-built');
    });

    it('runs, and the record inspector follows the filter → sink edge', async () => {
      const { page } = session();
      await runPipeline(page);
      await clickEdge(page, ids.filter, ids.sink);
      await openTab(page, 'records');
      const inspector = page.getByTestId('record-inspector');
      await inspector.getByTestId('record-row').first().waitFor();
      const total = await waitForNumberAbove(inspector.getByTestId('tap-total'), 0);
      await waitForNumberAbove(inspector.getByTestId('tap-total'), total);
      await waitForNumberAbove(inspector.getByTestId('tap-rate'), 0);
      await waitForNumberAbove(page.getByTestId(`node-rate-${ids.filter}`), 0);
      await waitForNumberAbove(page.getByTestId(`node-rate-${ids.sink}`), 0);

      await inspector.getByTestId('record-row').first().click();
      const json = inspector.getByTestId('record-json');
      await json.waitFor();
      expect(await json.getAttribute('data-kind')).toBe('json');
      expect(await json.textContent()).toContain('amount');
      await screenshot(page, 'record-inspector');
    });

    it('pauses the table while counting, and resumes', async () => {
      const { page } = session();
      const inspector = page.getByTestId('record-inspector');
      await inspector.getByTestId('btn-pause').click();
      await inspector.getByText(/paused — [1-9][\d,]* new/).waitFor();
      await inspector.getByTestId('btn-resume').click();
      await inspector.getByTestId('btn-pause').waitFor();
    });

    it('shows a bad tap filter inline and keeps the old one; a good filter applies', async () => {
      const { page } = session();
      const inspector = page.getByTestId('record-inspector');
      const filter = inspector.getByTestId('tap-filter');
      await filter.fill('value.amount >');
      await filter.press('Enter');
      const error = inspector.getByTestId('tap-filter-error');
      await error.waitFor();
      expect(await error.textContent()).toMatch(/column \d+/);
      await filter.fill('value.amount > 100');
      await filter.press('Enter');
      await error.waitFor({ state: 'detached' });
      await inspector.getByTestId('record-row').first().waitFor();
      expect(await amountOfFirstRow(inspector)).toBeGreaterThan(100);
    });

    it('stops', async () => {
      const { page } = session();
      await stopPipeline(page);
      await page.getByTestId('record-inspector').getByTestId('record-row').first().waitFor();
      expect(firstNumber((await page.getByTestId('record-inspector').getByTestId('tap-total').textContent()) ?? '')).toBeGreaterThan(0);
    });
  });
}

/** Opens the newest row and reads `amount` from its JSON view (the row preview may be cut). */
async function amountOfFirstRow(inspector: Locator): Promise<number> {
  await inspector.getByTestId('record-row').first().click();
  const amount = inspector.getByTestId('record-json').locator('[data-path="$.amount"]');
  await amount.waitFor();
  return Number(/:\s*(-?[\d.]+)/.exec((await amount.textContent()) ?? '')?.[1]);
}
