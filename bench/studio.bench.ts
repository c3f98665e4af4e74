/**
 * Studio benchmark, in headless Chromium against a real `sluice studio`:
 *  (i)  frames while panning a 300-node pipeline (mouse drags on the canvas pane), beside the same
 *       drags on an empty canvas (baseline). Headless Chromium draws at most 60 frames a second, so
 *       the requestAnimationFrame interval cannot go below one vsync (16.7 ms); the main-thread time
 *       per frame (DevTools Performance metrics) shows the headroom. Goal: frame time <= 16 ms.
 *  (ii) the longest main-thread task while the record inspector follows an edge carrying 50,000
 *       records/s, beside the same running pipeline with the inspector closed (baseline).
 *       Goal: <= 100 ms. Long tasks come from a PerformanceObserver; the longest gap between
 *       animation frames is our own bound on them.
 */
import type { Page } from 'playwright-core';
import { PIPELINE_FORMAT } from '../engine/api/index.js';
import { chromiumMissing, launchChromium, openStudio, SKIP_REASON } from '../test/e2e/support/browser.js';
import { clickEdge, firstNumber, openDocument, openTab, runPipeline, stopPipeline, waitForNumberAbove } from '../test/e2e/support/canvas.js';
import { gridPipeline } from '../test/e2e/support/documents.js';
import { ensureRendererBuilt, startStudio } from '../test/e2e/support/studio-process.js';
import { fmt, verdict } from './bench-util.js';
import { emptyPanePoint, PageProbe, percentile, type ProbeResult } from './support/page-probes.js';

const DRAGS = 8;
const STEPS_PER_DRAG = 40;
const WINDOW_MS = 6000;
const FAST_RATE = 50_000;

if (chromiumMissing) {
  console.log(`studio bench skipped: ${SKIP_REASON}`);
  process.exit(0);
}

/** Drags the canvas pane back and forth; each drag starts where the previous one left the pane. */
async function pan(page: Page, probe: PageProbe): Promise<ProbeResult> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (box === null) throw new Error('the canvas has no box');
  const start = await emptyPanePoint(page, box);
  const away = { x: start.x + 320, y: start.y + 120 };
  return probe.measure(async () => {
    for (let i = 0; i < DRAGS; i++) {
      const [from, to] = i % 2 === 0 ? [start, away] : [away, start];
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: STEPS_PER_DRAG });
      await page.mouse.up();
    }
  });
}

function frameLine(label: string, r: ProbeResult): string {
  const work = r.mainThreadMs / Math.max(1, r.frames.length);
  return `${label.padEnd(34)} frame interval median ${fmt(percentile(r.frames, 50), 1).padStart(5)} ms, p95 ${fmt(percentile(r.frames, 95), 1).padStart(5)} ms; main thread ${fmt(work, 2).padStart(6)} ms/frame (${r.frames.length} frames)`;
}

function taskLine(label: string, r: ProbeResult): string {
  const longest = Math.max(0, ...r.longTasks);
  return `${label.padEnd(34)} longest task ${fmt(longest, 0).padStart(4)} ms (${r.longTasks.length} long tasks), longest frame gap ${fmt(Math.max(0, ...r.frames), 0).padStart(4)} ms, main thread busy ${fmt((r.mainThreadMs / r.elapsedMs) * 100, 0)} %`;
}

async function panning(): Promise<void> {
  const studio = await startStudio('bench-studio-pan');
  const browser = await launchChromium();
  try {
    const { page } = await openStudio(browser, studio);
    const probe = await PageProbe.attach(page);
    await pan(page, probe); // warm-up: JIT, layers, fonts
    const empty = await pan(page, probe);

    const doc = gridPipeline();
    await openDocument(page, doc);
    await page.getByTestId('btn-fit').click();
    const rendered = await page.locator('.react-flow__node').count();
    await pan(page, probe);
    const full = await pan(page, probe);

    console.log(`(i) panning, ${DRAGS} drags of ${STEPS_PER_DRAG} mouse moves; ${doc.nodes.length} nodes in the document, ${rendered} rendered after "fit"`);
    console.log(frameLine('baseline: empty canvas', empty));
    console.log(frameLine(`${doc.nodes.length}-node pipeline`, full));
    const workEmpty = empty.mainThreadMs / Math.max(1, empty.frames.length);
    const workFull = full.mainThreadMs / Math.max(1, full.frames.length);
    const median = percentile(full.frames, 50);
    console.log(`ratio to baseline: frame interval ×${fmt(median / percentile(empty.frames, 50), 2)}, main thread per frame ×${fmt(workFull / Math.max(0.01, workEmpty), 2)}`);
    console.log(verdict('frame time <= 16 ms (main-thread work per frame)', workFull <= 16, `${fmt(workFull, 2)} ms`));
    console.log(verdict('every frame at 60 Hz (median interval <= one 16.7 ms vsync)', median <= 1000 / 60 + 0.5, `median ${fmt(median, 1)} ms, p95 ${fmt(percentile(full.frames, 95), 1)} ms`));
  } finally {
    await browser.close();
    await studio.stop();
  }
}

async function followingFastEdge(): Promise<void> {
  const studio = await startStudio('bench-studio-tap');
  const browser = await launchChromium();
  try {
    const { page } = await openStudio(browser, studio);
    const probe = await PageProbe.attach(page);
    await openDocument(page, {
      format: PIPELINE_FORMAT,
      name: 'bench-fast-edge',
      nodes: [
        { id: 'gen', kind: 'source.datagen@1', config: { generator: 'iot', ratePerSec: FAST_RATE }, position: { x: 0, y: 0 } },
        { id: 'out', kind: 'sink.topic@1', config: { topic: 'bench-fast-edge' }, position: { x: 320, y: 0 } },
      ],
      edges: [{ from: 'gen', to: 'out' }],
    });
    await runPipeline(page);
    await waitForNumberAbove(page.getByTestId('node-rate-gen'), 1000);
    const closed = await probe.window(WINDOW_MS);
    const sourceRate = firstNumber((await page.getByTestId('node-rate-gen').textContent()) ?? '');

    await clickEdge(page, 'gen', 'out');
    await openTab(page, 'records');
    const inspector = page.getByTestId('record-inspector');
    await inspector.getByTestId('record-row').first().waitFor();
    const open = await probe.window(WINDOW_MS);
    const tapRate = (await inspector.getByTestId('tap-rate').textContent()) ?? '';
    const tapTotal = (await inspector.getByTestId('tap-total').textContent()) ?? '';
    await stopPipeline(page);

    console.log(`(ii) a datagen at ${fmt(FAST_RATE)} rec/s → sink (source node shows ${fmt(sourceRate)} rec/s); ${fmt(WINDOW_MS / 1000)} s windows`);
    console.log(taskLine('baseline: inspector closed', closed));
    console.log(taskLine('inspector following the edge', open));
    console.log(`  inspector: ${tapRate}; ${tapTotal}`);
    const longest = Math.max(0, ...open.longTasks);
    const longestBase = Math.max(0, ...closed.longTasks);
    console.log(`ratio to baseline: longest task ${longestBase === 0 ? `${fmt(longest)} ms vs none` : `×${fmt(longest / longestBase, 2)}`}, longest frame gap ×${fmt(Math.max(...open.frames) / Math.max(...closed.frames), 2)}`);
    console.log(verdict('longest main-thread task <= 100 ms', longest <= 100, `${fmt(longest)} ms (longest frame gap ${fmt(Math.max(0, ...open.frames))} ms)`));
  } finally {
    await browser.close();
    await studio.stop();
  }
}

await ensureRendererBuilt();
await panning();
await followingFastEdge();
