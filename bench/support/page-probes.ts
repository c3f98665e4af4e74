/**
 * In-page probes of the studio benchmark, as script text (a transpiler's helpers must not leak into
 * functions Playwright serializes into the page): frame intervals from requestAnimationFrame,
 * long tasks from a PerformanceObserver, and the renderer's main-thread time from the DevTools
 * protocol's Performance metrics.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface ProbeResult {
  /** requestAnimationFrame intervals (ms) while recording. */
  frames: number[];
  /** Durations (ms) of the long tasks (≥ 50 ms) the browser reported while recording. */
  longTasks: number[];
  /** Wall time recorded (ms). */
  elapsedMs: number;
  /** Renderer main-thread task time while recording (ms, from Performance.getMetrics). */
  mainThreadMs: number;
}

const START = `(() => {
  const probe = { frames: [], longTasks: [], recording: true, last: undefined, started: performance.now() };
  window.__sluiceProbe = probe;
  const tick = (t) => {
    if (!probe.recording) return;
    if (probe.last !== undefined) probe.frames.push(t - probe.last);
    probe.last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  probe.observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (probe.recording) probe.longTasks.push(entry.duration);
  });
  probe.observer.observe({ type: 'longtask' });
  return true;
})()`;

const STOP = `(() => {
  const probe = window.__sluiceProbe;
  probe.recording = false;
  for (const entry of probe.observer.takeRecords()) probe.longTasks.push(entry.duration);
  probe.observer.disconnect();
  return { frames: probe.frames, longTasks: probe.longTasks, elapsedMs: performance.now() - probe.started };
})()`;

export class PageProbe {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  static async attach(page: Page): Promise<PageProbe> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    return new PageProbe(page, cdp);
  }

  private async taskSeconds(): Promise<number> {
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  }

  /** Records while `during` runs. */
  async measure(during: () => Promise<void>): Promise<ProbeResult> {
    const taskBefore = await this.taskSeconds();
    await this.page.evaluate(START);
    await during();
    const result = (await this.page.evaluate(STOP)) as Omit<ProbeResult, 'mainThreadMs'>;
    const taskAfter = await this.taskSeconds();
    return { ...result, mainThreadMs: (taskAfter - taskBefore) * 1000 };
  }

  /** Records for `ms` of wall time in the page (a measurement window, not a wait for something). */
  window(ms: number): Promise<ProbeResult> {
    return this.measure(() => this.page.evaluate(`new Promise((resolve) => setTimeout(resolve, ${Number(ms)}))`) as Promise<void>);
  }
}

/** A point inside `box` where the canvas pane itself (not a node, edge or control) is hit. */
export async function emptyPanePoint(page: Page, box: { x: number; y: number; width: number; height: number }): Promise<{ x: number; y: number }> {
  const found = (await page.evaluate(`(() => {
    const box = ${JSON.stringify(box)};
    for (let fy = 0.15; fy < 0.9; fy += 0.01) {
      for (let fx = 0.1; fx < 0.9; fx += 0.01) {
        const x = box.x + box.width * fx, y = box.y + box.height * fy;
        const hit = document.elementFromPoint(x, y);
        if (hit && hit.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return null;
  })()`)) as { x: number; y: number } | null;
  if (found === null) throw new Error('no empty spot of the canvas pane to drag');
  return found;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
