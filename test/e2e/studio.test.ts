/**
 * The studio end to end (DESIGN.md §5): a real `sluice studio` per scenario, driven in headless
 * Chromium through the test ids of the canvas, inspector, dock and panels. Screenshots of the main
 * screens land in test-results/screenshots/. Skipped only when /usr/bin/chromium is absent (CI
 * installs it, so CI never skips).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumMissing, launchChromium, SKIP_REASON } from './support/browser.js';
import { ensureRendererBuilt } from './support/studio-process.js';
import { buildAndRunScenario } from './scenarios/build-and-run.js';
import { diagnosticsScenario } from './scenarios/diagnostics.js';
import { saveOpenScenario } from './scenarios/save-open.js';
import { templateScenario } from './scenarios/templates.js';
import { topicBrowserScenario } from './scenarios/topics.js';
import { undoRedoScenario } from './scenarios/undo-redo.js';

if (chromiumMissing) console.warn(`studio e2e tests skipped: ${SKIP_REASON}`);

describe.skipIf(chromiumMissing)(chromiumMissing ? `studio in Chromium (skipped: ${SKIP_REASON})` : 'studio in Chromium', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureRendererBuilt();
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
  });
  const getBrowser = (): Browser => {
    if (browser === undefined) throw new Error('Chromium did not start');
    return browser;
  };

  buildAndRunScenario(getBrowser);
  diagnosticsScenario(getBrowser);
  undoRedoScenario(getBrowser);
  saveOpenScenario(getBrowser);
  templateScenario(getBrowser);
  topicBrowserScenario(getBrowser);
});
