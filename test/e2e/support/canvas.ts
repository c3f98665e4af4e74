/**
 * Driving the studio canvas like a user: drop nodes from the palette, connect handles by dragging,
 * edit fields in the inspector (plain inputs and Monaco editors), run and stop, open a document
 * through the hidden file input. Everything waits on selectors, never on time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { PipelineDocument } from '../../../engine/api/index.js';

const NOT_NODES = /^node-(id-input|diagnostics-|rate-)/;

/** Ids of the nodes on the canvas (from their `node-<id>` test ids). */
export async function nodeIds(page: Page): Promise<string[]> {
  const testIds = await page.getByTestId('canvas').locator('[data-testid^="node-"]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-testid') ?? ''));
  return [...new Set(testIds.filter((id) => !NOT_NODES.test(id)).map((id) => id.slice('node-'.length)))];
}

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  await locator.waitFor();
  const box = await locator.boundingBox();
  if (box === null) throw new Error(`${locator.toString()} has no box`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The bits of the browser's globals the in-page functions below use (this project has no DOM lib). */
export interface PageGlobals {
  document: {
    querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null; textContent: string | null }>;
  };
}

/** Drags a palette item onto the canvas at `at` (canvas coordinates); returns the new node's id. */
export async function dropFromPalette(page: Page, kind: string, at: { x: number; y: number }): Promise<string> {
  const before = await nodeIds(page);
  await page.getByTestId(`palette-item-${kind}`).dragTo(page.getByTestId('canvas'), { targetPosition: at });
  await page.waitForFunction(
    ({ known, skip }) => {
      const { document } = globalThis as unknown as PageGlobals;
      const found = Array.from(document.querySelectorAll('[data-testid="canvas"] [data-testid^="node-"]'), (element) => element.getAttribute('data-testid') ?? '');
      return found.some((testId) => !new RegExp(skip).test(testId) && !known.includes(testId.slice('node-'.length)));
    },
    { known: before, skip: NOT_NODES.source },
  );
  const added = (await nodeIds(page)).find((id) => !before.includes(id));
  if (added === undefined) throw new Error(`no node appeared after dropping ${kind}`);
  return added;
}

/** Drags from one node's output handle to another's input handle with the mouse. */
export async function connect(page: Page, from: string, fromPort: string, to: string, toPort: string): Promise<void> {
  const start = await center(page.getByTestId(`handle-${from}-out-${fromPort}`));
  const end = await center(page.getByTestId(`handle-${to}-in-${toPort}`));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
  // An edge drawn as a horizontal line has a box of height 0, which Playwright counts as hidden.
  await page.getByTestId(`edge-${from}-${to}`).waitFor({ state: 'attached' });
}

/** Clicks an edge in the middle of its box (which lies on the curve: React Flow's curves are symmetric). */
export async function clickEdge(page: Page, from: string, to: string): Promise<void> {
  const edge = page.getByTestId(`edge-${from}-${to}`);
  await edge.waitFor({ state: 'attached' });
  const box = await edge.boundingBox();
  if (box === null) throw new Error(`edge ${from} → ${to} has no box`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Selects a node by clicking it (unless the inspector already shows it) and waits for the inspector. */
export async function selectNode(page: Page, id: string): Promise<void> {
  const shown = page.getByTestId('node-id-input').and(page.locator(`[value="${id}"]`));
  // Clicking again could land while the view still glides to a node the problems panel revealed.
  if ((await shown.count()) === 0) await page.getByTestId(`node-${id}`).click();
  await shown.waitFor();
}

/** Sets a plain inspector field (input or select) of the selected node. */
export async function setField(page: Page, path: string, value: string): Promise<void> {
  const field = page.getByTestId(`field-${path}`);
  const tag = await field.evaluate((element) => element.tagName.toLowerCase());
  if (tag === 'select') await field.selectOption(value);
  else {
    await field.fill(value);
    await field.press('Tab');
  }
}

/** Replaces the text of a Monaco-backed field: click the wrapper, select all, type. */
export async function setCode(page: Page, path: string, text: string): Promise<void> {
  const wrapper = page.getByTestId(`field-${path}`);
  await wrapper.locator('.monaco-editor').waitFor();
  await wrapper.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

export async function waitRunState(page: Page, state: RegExp): Promise<void> {
  await page.getByTestId('run-state').filter({ hasText: state }).waitFor({ timeout: 60_000 });
}

export async function runPipeline(page: Page): Promise<void> {
  await page.getByTestId('btn-run').click();
  await waitRunState(page, /running/i);
}

export async function stopPipeline(page: Page): Promise<void> {
  await page.getByTestId('btn-stop').click();
  await waitRunState(page, /stopped|idle/i);
}

/** Opens a document through the hidden file input (as the Open button would). */
export async function openDocument(page: Page, doc: PipelineDocument, fileName = `${doc.name}.sluice.json`): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'sluice-e2e-doc-')), fileName);
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
  await page.getByTestId('file-open-input').setInputFiles(path);
  await page.getByTestId(`node-${doc.nodes[0]!.id}`).waitFor();
  return path;
}

/** Opens a dock tab (problems, records, topics). */
export async function openTab(page: Page, tab: 'problems' | 'records' | 'topics'): Promise<void> {
  await page.getByTestId(`tab-${tab}`).click();
}

/** Waits until a number shown in `locator` is above `floor`; returns it. */
export async function waitForNumberAbove(locator: Locator, floor: number): Promise<number> {
  const handle = await locator.elementHandle();
  if (handle === null) throw new Error(`${locator.toString()} is not on the page`);
  await handle.waitForElementState('visible');
  const read = async () => firstNumber((await locator.textContent()) ?? '');
  await locator.page().waitForFunction(
    ({ element, min }) => {
      const match = /\d[\d,]*(\.\d+)?\s*[kMG]?/.exec(element.textContent ?? '');
      if (match === null) return false;
      const text = match[0].replace(/,/g, '').trim();
      const scale = text.endsWith('k') ? 1e3 : text.endsWith('M') ? 1e6 : text.endsWith('G') ? 1e9 : 1;
      return parseFloat(text) * scale > min;
    },
    { element: handle, min: floor },
    { timeout: 60_000 },
  );
  return read();
}

/** The first number in a text ("1.2k rec/s" → 1200, "3,456 records" → 3456); NaN when none. */
export function firstNumber(text: string): number {
  const match = /\d[\d,]*(\.\d+)?\s*[kMG]?/.exec(text);
  if (match === null) return Number.NaN;
  const raw = match[0].replace(/,/g, '').trim();
  const scale = raw.endsWith('k') ? 1e3 : raw.endsWith('M') ? 1e6 : raw.endsWith('G') ? 1e9 : 1;
  return parseFloat(raw) * scale;
}
