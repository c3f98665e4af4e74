/**
 * Headless Chromium for the studio tests and benchmarks: Debian's /usr/bin/chromium driven by
 * playwright-core (its own browsers cannot be downloaded here). `.ci/run` installs the package,
 * so CI never skips; a machine without it skips the studio tests with that reason.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, type StudioProcess } from './studio-process.js';

export const CHROMIUM_PATH = process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumMissing = !existsSync(CHROMIUM_PATH);
export const SKIP_REASON = `${CHROMIUM_PATH} is absent (install Debian's chromium package; .ci/run does)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

/** Saves a full-page screenshot as test-results/screenshots/<name>.png (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

export const VIEWPORT = { width: 1600, height: 1000 };

/**
 * Opens a studio in a fresh browser context (downloads accepted, a fixed viewport) and waits for
 * the canvas. Page errors and console errors are collected in `errors`; a confirmation dialog
 * ("discard unsaved changes?") is accepted, as the scenario's user would.
 */
export async function openStudio(browser: Browser, studio: StudioProcess): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: VIEWPORT });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => void dialog.accept());
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  try {
    await page.goto(studio.url);
    await page.getByTestId('canvas').waitFor();
  } catch (error) {
    await screenshot(page, `failed-open-${studio.process.name}`);
    const body = ((await page.locator('body').textContent({ timeout: 1000 }).catch(() => null)) ?? '').slice(0, 500);
    await context.close();
    throw new Error(`the studio page did not show its canvas: ${String(error)}\npage text: ${body}\nbrowser errors:\n${errors.join('\n')}\n${studio.process.describe()}`, { cause: error });
  }
  return { context, page, errors };
}
