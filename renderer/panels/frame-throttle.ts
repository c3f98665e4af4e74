/**
 * Frame throttle: coalesces many `schedule()` calls into at most one `run` per `minIntervalMs`,
 * always on an animation frame. The record inspector calls `schedule()` for every tap batch and
 * re-renders only when this fires, so a busy edge costs about ten renders a second.
 *
 * Invariants: `run` never fires more than once per frame nor twice within `minIntervalMs`; a
 * `schedule()` is never lost (it fires on a later frame); nothing fires after `dispose()`.
 */
export interface FrameScheduler {
  now(): number;
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
}

export interface FrameThrottle {
  schedule(): void;
  dispose(): void;
}

/** The browser's clock and animation frames. */
export function browserScheduler(): FrameScheduler {
  return {
    now: () => performance.now(),
    requestFrame: (callback) => requestAnimationFrame(() => callback()),
    cancelFrame: (handle) => cancelAnimationFrame(handle),
  };
}

export function createFrameThrottle(run: () => void, minIntervalMs: number, scheduler: FrameScheduler = browserScheduler()): FrameThrottle {
  let lastRunMs = -Infinity;
  let frame: number | undefined;
  let wanted = false;
  let disposed = false;

  const onFrame = () => {
    frame = undefined;
    if (disposed || !wanted) return;
    if (scheduler.now() - lastRunMs < minIntervalMs) {
      frame = scheduler.requestFrame(onFrame);
      return;
    }
    wanted = false;
    lastRunMs = scheduler.now();
    run();
  };

  return {
    schedule() {
      if (disposed) return;
      wanted = true;
      frame ??= scheduler.requestFrame(onFrame);
    },
    dispose() {
      disposed = true;
      if (frame !== undefined) scheduler.cancelFrame(frame);
      frame = undefined;
    },
  };
}
