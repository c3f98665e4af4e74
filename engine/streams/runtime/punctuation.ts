/**
 * Punctuation schedules (Kafka's PunctuationQueue / PunctuationSchedule). Stream-time schedules
 * are aligned to 0 and fire as soon as there is data; wall-clock schedules first fire `interval`
 * after scheduling. A punctuator is called with the current time (not the scheduled time); after
 * a gap of several intervals it fires once and the next firing is the next aligned point.
 */
import type { Cancellable, PunctuationType } from '../processor/api.js';

export interface PunctuationSchedule {
  readonly owner: string;
  readonly intervalMs: number;
  readonly type: PunctuationType;
  readonly punctuator: (timestampMs: number) => void;
  nextMs: number;
  cancelled: boolean;
}

export class PunctuationQueue {
  private schedules: PunctuationSchedule[] = [];

  add(owner: string, intervalMs: number, type: PunctuationType, firstMs: number, punctuator: (ts: number) => void): Cancellable {
    if (!(intervalMs >= 1)) throw new Error(`The minimum supported scheduling interval is 1 millisecond (got ${intervalMs})`);
    const schedule: PunctuationSchedule = { owner, intervalMs, type, punctuator, nextMs: firstMs, cancelled: false };
    this.schedules.push(schedule);
    return { cancel: () => void (schedule.cancelled = true) };
  }

  /** Whether a schedule of `type` is due at `nowMs` (checked per record, so it allocates nothing). */
  hasDue(type: PunctuationType, nowMs: number): boolean {
    for (const s of this.schedules) if (!s.cancelled && s.type === type && s.nextMs <= nowMs) return true;
    return false;
  }

  /**
   * Fires every due schedule of `type` at `nowMs`, earliest due first, until none is due — also
   * one a punctuator scheduled (or moved) meanwhile, as Kafka's PunctuationQueue#maybePunctuate
   * loops; returns whether any fired.
   */
  mayPunctuate(type: PunctuationType, nowMs: number, run: (schedule: PunctuationSchedule) => void): boolean {
    let fired = false;
    for (let s = this.earliestDue(type, nowMs); s !== undefined; s = this.earliestDue(type, nowMs)) {
      const missed = Math.floor((nowMs - s.nextMs) / s.intervalMs);
      s.nextMs += (missed + 1) * s.intervalMs;
      fired = true;
      run(s);
    }
    this.schedules = this.schedules.filter((s) => !s.cancelled);
    return fired;
  }

  /** The live schedule of `type` due at `nowMs` with the earliest time (the first scheduled among equals). */
  private earliestDue(type: PunctuationType, nowMs: number): PunctuationSchedule | undefined {
    let earliest: PunctuationSchedule | undefined;
    for (const s of this.schedules) {
      if (s.cancelled || s.type !== type || s.nextMs > nowMs) continue;
      if (earliest === undefined || s.nextMs < earliest.nextMs) earliest = s;
    }
    return earliest;
  }

  clear(): void {
    this.schedules = [];
  }
}
