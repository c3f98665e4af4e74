/**
 * Shared shapes of the data generators and the event-time timeline they stamp records with.
 *
 * Invariants: record i's base event time is startTime + floor(i × 1000 / rate) (non-decreasing);
 * its timestamp is the base time minus a jitter in [0, maxOutOfOrderMs] drawn from a PRNG of its
 * own, so every timestamp is ≥ (the largest earlier timestamp − maxOutOfOrderMs) and the values a
 * generator produces do not depend on maxOutOfOrderMs.
 */
import { resolveStartTime, UNPACED_EVENT_RATE, type DatagenConfig } from './config.js';
import { Prng } from './prng.js';

/** One generated record; `value` is plain JSON. */
export interface GeneratedRecord {
  /** Which logical output of the generator, one of its `topics` (e.g. 'orders' | 'payments'). */
  stream: string;
  key: string;
  value: Record<string, unknown>;
  /** Event time, epoch ms. */
  timestamp: number;
}

/**
 * A stateful, reproducible record sequence: the n-th call to `next()` returns the same record for
 * the same config, on every machine.
 */
export interface Generator {
  readonly name: string;
  readonly description: string;
  /** Logical outputs, in a stable order; every record's `stream` is one of them. */
  readonly topics: readonly string[];
  /** Index of the record the next call returns (= records produced so far). */
  readonly index: number;
  next(): GeneratedRecord;
}

/** Salt of the jitter PRNG, so jitter draws never disturb the value draws. */
const JITTER_SALT = 0x6a09e667;

export class Timeline {
  readonly startMs: number;
  /** Event-time records per second. */
  readonly eventRate: number;
  private readonly maxOutOfOrderMs: number;
  private readonly jitter: Prng;

  constructor(config: DatagenConfig) {
    this.startMs = resolveStartTime(config);
    this.eventRate = config.ratePerSec > 0 ? config.ratePerSec : UNPACED_EVENT_RATE;
    this.maxOutOfOrderMs = config.maxOutOfOrderMs;
    this.jitter = new Prng(config.seed ^ JITTER_SALT);
  }

  /** In-order event time of record `index`. */
  baseTime(index: number): number {
    return this.startMs + Math.floor((index * 1000) / this.eventRate);
  }

  /** Event-time span of `records` records, in ms. */
  spanMs(records: number): number {
    return Math.floor((records * 1000) / this.eventRate);
  }

  /** Timestamp of record `index`: its base time, moved back by the bounded jitter. Call once per record, in order. */
  stamp(index: number): number {
    const base = this.baseTime(index);
    return this.maxOutOfOrderMs > 0 ? base - this.jitter.int(this.maxOutOfOrderMs + 1) : base;
  }
}
