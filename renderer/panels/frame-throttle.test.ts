/** createFrameThrottle with a manual clock and manual frames. */
import { describe, expect, it } from 'vitest';
import { createFrameThrottle, type FrameScheduler } from './frame-throttle.js';

function manualFrames() {
  let nowMs = 0;
  let nextHandle = 1;
  const queued = new Map<number, () => void>();
  const scheduler: FrameScheduler = {
    now: () => nowMs,
    requestFrame: (callback) => {
      const handle = nextHandle++;
      queued.set(handle, callback);
      return handle;
    },
    cancelFrame: (handle) => queued.delete(handle),
  };
  /** Advances the clock by one 16 ms frame and runs the callbacks queued before it. */
  const frame = () => {
    nowMs += 16;
    const due = [...queued.values()];
    queued.clear();
    for (const callback of due) callback();
  };
  return { scheduler, frame, pending: () => queued.size };
}

describe('createFrameThrottle', () => {
  it('runs once per frame however often it is scheduled', () => {
    const frames = manualFrames();
    let runs = 0;
    const throttle = createFrameThrottle(() => runs++, 0, frames.scheduler);
    for (let i = 0; i < 100; i++) throttle.schedule();
    expect(runs).toBe(0);
    frames.frame();
    expect(runs).toBe(1);
    frames.frame();
    expect(runs).toBe(1);
  });

  it('waits out the minimum interval without losing the schedule', () => {
    const frames = manualFrames();
    let runs = 0;
    const throttle = createFrameThrottle(() => runs++, 100, frames.scheduler);
    // 60 frames (~1 s) with a schedule on every one: about ten runs, never two within 100 ms.
    for (let i = 0; i < 60; i++) {
      throttle.schedule();
      frames.frame();
    }
    expect(runs).toBeGreaterThanOrEqual(8);
    expect(runs).toBeLessThanOrEqual(10);
    throttle.schedule();
    for (let i = 0; i < 10; i++) frames.frame();
    expect(frames.pending()).toBe(0);
  });

  it('fires nothing after dispose', () => {
    const frames = manualFrames();
    let runs = 0;
    const throttle = createFrameThrottle(() => runs++, 0, frames.scheduler);
    throttle.schedule();
    throttle.dispose();
    frames.frame();
    throttle.schedule();
    frames.frame();
    expect(runs).toBe(0);
    expect(frames.pending()).toBe(0);
  });
});
