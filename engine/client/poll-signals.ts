/**
 * Small waiting primitives for the pull-based group consumers: a Signal that wakes a waiting
 * poll() (a rebalance was detected, a seek, new records, close) and a clock-bounded wait, so
 * nothing ever sleeps for a fixed time and every wait ends at its deadline.
 */
import type { Clock } from '../util/clock.js';

export class Signal {
  private waiters: Array<() => void> = [];

  /** Resolves at the next `fire()`. */
  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  fire(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Waits for `promise` or `ms`, whichever comes first; true when the promise settled first. */
export async function settledWithin(clock: Clock, promise: Promise<unknown>, ms: number): Promise<boolean> {
  if (ms <= 0) return false;
  let timer: { dispose(): void } | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = clock.schedule(ms, () => resolve(false));
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    timer?.dispose();
  }
}
