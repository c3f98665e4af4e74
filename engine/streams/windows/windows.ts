/**
 * Window specifications, as Kafka's TimeWindows, SlidingWindows, SessionWindows and JoinWindows
 * (the KIP-633 factories: grace is always explicit).
 *
 * - TimeWindows: epoch-aligned [start, end); tumbling (advance = size) or hopping (advanceBy).
 * - SlidingWindows: windows of `timeDifferenceMs` aligned to record timestamps, both bounds inclusive.
 * - SessionWindows: per-key sessions closed by `inactivityGapMs`, both bounds inclusive.
 * - JoinWindows: a record joins other-side records with ts in [t − before, t + after].
 */
import type { Window } from './windowed.js';

function requireNonNegative(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${what} must not be negative (got ${value})`);
}

export class TimeWindows {
  readonly type = 'time';

  private constructor(
    readonly sizeMs: number,
    readonly advanceMs: number,
    readonly graceMs: number,
  ) {}

  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    return TimeWindows.ofSizeAndGrace(sizeMs, 0);
  }

  static ofSizeAndGrace(sizeMs: number, graceMs: number): TimeWindows {
    if (!(sizeMs > 0)) throw new Error(`Window size (sizeMs) must be larger than zero (got ${sizeMs})`);
    requireNonNegative(graceMs, 'Grace period (graceMs)');
    return new TimeWindows(sizeMs, sizeMs, graceMs);
  }

  /** A hopping window: every `advanceMs` a window of `sizeMs` starts (0 < advance <= size). */
  advanceBy(advanceMs: number): TimeWindows {
    if (!(advanceMs > 0) || advanceMs > this.sizeMs) {
      throw new Error(`Window advancement interval should be more than zero and less than window duration which is ${this.sizeMs} ms, but given advancement interval is: ${advanceMs} ms`);
    }
    return new TimeWindows(this.sizeMs, advanceMs, this.graceMs);
  }

  size(): number {
    return this.sizeMs;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }

  /** The start of the first (oldest) window containing `timestamp`. */
  firstWindowStartFor(timestamp: number): number {
    return Math.floor(Math.max(0, timestamp - this.sizeMs + this.advanceMs) / this.advanceMs) * this.advanceMs;
  }

  /** Every window containing `timestamp`, by start (Kafka's TimeWindows#windowsFor). */
  windowsFor(timestamp: number): Window[] {
    let start = this.firstWindowStartFor(timestamp);
    const out: Window[] = [];
    while (start <= timestamp) {
      out.push({ start, end: start + this.sizeMs });
      start += this.advanceMs;
    }
    return out;
  }
}

export class SlidingWindows {
  readonly type = 'sliding';

  private constructor(
    readonly timeDifferenceMs: number,
    readonly graceMs: number,
  ) {}

  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): SlidingWindows {
    return SlidingWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }

  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): SlidingWindows {
    requireNonNegative(timeDifferenceMs, 'Window time difference');
    requireNonNegative(graceMs, 'Grace period');
    return new SlidingWindows(timeDifferenceMs, graceMs);
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }
}

export class SessionWindows {
  readonly type = 'session';

  private constructor(
    readonly inactivityGapMs: number,
    readonly graceMs: number,
  ) {}

  static ofInactivityGapWithNoGrace(inactivityGapMs: number): SessionWindows {
    return SessionWindows.ofInactivityGapAndGrace(inactivityGapMs, 0);
  }

  static ofInactivityGapAndGrace(inactivityGapMs: number, graceMs: number): SessionWindows {
    if (!(inactivityGapMs > 0)) throw new Error(`Gap time cannot be zero or negative (got ${inactivityGapMs})`);
    requireNonNegative(graceMs, 'Grace period');
    return new SessionWindows(inactivityGapMs, graceMs);
  }

  inactivityGap(): number {
    return this.inactivityGapMs;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }
}

export class JoinWindows {
  readonly type = 'join';

  private constructor(
    readonly beforeMs: number,
    readonly afterMs: number,
    readonly graceMs: number,
  ) {}

  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): JoinWindows {
    return JoinWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }

  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): JoinWindows {
    requireNonNegative(timeDifferenceMs, 'Join time difference');
    requireNonNegative(graceMs, 'Grace period');
    return new JoinWindows(timeDifferenceMs, timeDifferenceMs, graceMs);
  }

  /** Other-side records up to `timeDifferenceMs` earlier join (the after bound is kept). */
  before(timeDifferenceMs: number): JoinWindows {
    if (timeDifferenceMs + this.afterMs < 0) throw new Error('Window interval (ie, beforeMs+afterMs) must not be negative.');
    return new JoinWindows(timeDifferenceMs, this.afterMs, this.graceMs);
  }

  /** Other-side records up to `timeDifferenceMs` later join (the before bound is kept). */
  after(timeDifferenceMs: number): JoinWindows {
    if (timeDifferenceMs + this.beforeMs < 0) throw new Error('Window interval (ie, beforeMs+afterMs) must not be negative.');
    return new JoinWindows(this.beforeMs, timeDifferenceMs, this.graceMs);
  }

  size(): number {
    return this.beforeMs + this.afterMs;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }
}
