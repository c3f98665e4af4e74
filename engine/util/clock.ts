/**
 * Time as a dependency. Everything in the engine that reads the time or schedules work takes a
 * Clock, so tests drive timeouts with a ManualClock instead of sleeping. Every scheduled timer
 * returns a Disposable; disposing twice is harmless.
 */
export interface Disposable {
  dispose(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Run `fn` once after `delayMs`; dispose to cancel. */
  schedule(delayMs: number, fn: () => void): Disposable;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(delayMs, fn) {
    const timer = setTimeout(fn, Math.max(0, delayMs));
    timer.unref?.();
    return { dispose: () => clearTimeout(timer) };
  },
};

interface PendingTimer {
  dueMs: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A clock that moves only when told to; timers fire in due order during `advance`. */
export class ManualClock implements Clock {
  private nowMs: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  schedule(delayMs: number, fn: () => void): Disposable {
    const timer: PendingTimer = { dueMs: this.nowMs + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { dispose: () => void (timer.cancelled = true) };
  }

  /** Move time forward by `ms`, firing every timer that falls due, in order, at its due time. */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.nowMs = next.dueMs;
      next.fn();
    }
    this.nowMs = target;
  }

  /** Number of timers still waiting. */
  get pendingCount(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  private nextDue(limitMs: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (t.cancelled || t.dueMs > limitMs) continue;
      if (!best || t.dueMs < best.dueMs || (t.dueMs === best.dueMs && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
