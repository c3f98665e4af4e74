/**
 * Scenario (f): the topic browser reads a pipeline's sink topic from the beginning, produces a
 * record (with a header) and reads it back from its offset.
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { screenshot } from '../support/browser.js';
import { openDocument, openTab, runPipeline, stopPipeline, waitForNumberAbove } from '../support/canvas.js';
import { smallPipeline } from '../support/documents.js';
import { useStudio } from '../support/studio-page.js';

const TOPIC = 'e2e-sink';

export function topicBrowserScenario(getBrowser: () => Browser): void {
  describe('(f) the topic browser', () => {
    const session = useStudio(getBrowser, 'topics');

    it('reads the sink topic from the beginning', async () => {
      const { page } = session();
      await openDocument(page, smallPipeline({ name: 'e2e-topics', topic: TOPIC, ratePerSec: 100 }));
      await runPipeline(page);
      await waitForNumberAbove(page.getByTestId('node-rate-out'), 0);
      await stopPipeline(page);

      await openTab(page, 'topics');
      const browser = page.getByTestId('topic-browser');
      await browser.getByTestId('btn-refresh-topics').click();
      await browser.getByTestId(`topic-${TOPIC}`).click();
      await browser.getByTestId('consume-from').selectOption('beginning');
      await browser.getByTestId('btn-consume').click();
      await browser.getByTestId('topic-record-row').first().waitFor();
      await browser.getByTestId('topic-record-row').first().click();
      expect(await browser.getByTestId('record-json').textContent()).toContain('amount');
      await screenshot(page, 'topic-browser');
    });

    it('produces a record and reads it back', async () => {
      const { page } = session();
      const browser = page.getByTestId('topic-browser');
      await browser.getByTestId('produce-key').fill('e2e-key');
      await browser.getByTestId('produce-value').fill('{"hello": "e2e", "n": 1}');
      await browser.getByTestId('produce-headers').fill('source=e2e\ntrace=a=b');
      await browser.getByTestId('btn-produce').click();
      const result = browser.getByTestId('produce-result');
      await result.filter({ hasText: /offset \d+/ }).waitFor();
      const [, partition, offset] = /partition (\d+) at offset (\d+)/.exec((await result.textContent()) ?? '') ?? [];
      expect(offset).toBeDefined();

      await browser.getByTestId('consume-from').selectOption('offset');
      await browser.getByTestId('consume-offset').fill(offset!);
      await browser.getByTestId('consume-partition').selectOption(partition!);
      await browser.getByTestId('btn-consume').click();
      const row = browser.getByTestId('topic-record-row').filter({ hasText: 'e2e-key' });
      await row.first().waitFor();
      await row.first().click();
      const detail = browser.getByTestId('record-detail');
      expect(await detail.getByTestId('record-json').textContent()).toContain('hello');
      expect(await detail.textContent()).toContain('trace');
      expect(await detail.textContent()).toContain('a=b');
    });
  });
}
