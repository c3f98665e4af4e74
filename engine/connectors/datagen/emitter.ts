/**
 * The rate-driven emitter: runs a generator on a Clock and hands its records to a sink in small
 * batches, `ratePerSec` records per second of clock time (all outputs together).
 *
 * Invariants:
 *  - the records handed over are exactly `generate(config, emitted)`, in order, never skipped;
 *  - a batch holds at most ~100 ms worth of records (≥ 1), and batches come at most every
 *    `tickMs`, so an emitter that fell behind (slow sink, paused event loop) catches up at up to
 *    (100 ms / tickMs)× the rate; debt beyond one second worth is forgiven, not burst out later;
 *  - the next batch is only produced after the sink's promise (if any) settles: back-pressure;
 *  - `ratePerSec: 0` emits batches of UNPACED_BATCH back to back (delay 0) — with a ManualClock
 *    pair it with `maxRecords`, or `advance` never returns;
 *  - it stops at `maxRecords`, on dispose (idempotent; nothing reaches the sink afterwards, a batch
 *    already in the sink completes), or when the sink throws or rejects (the error is kept in
 *    `error` and passed to `onError`). `finished` resolves once it has stopped.
 */
import type { Clock, Disposable } from '../../util/clock.js';
import { parseDatagenConfig, type DatagenConfig, type DatagenConfigInput } from './config.js';
import { createGenerator } from './generators.js';
import type { GeneratedRecord } from './types.js';

export type DatagenSink = (records: GeneratedRecord[]) => Promise<void> | void;

export interface DatagenEmitterOptions {
  /** Shortest interval between batches, ms (default 50). */
  tickMs?: number;
  /** Called once if the sink throws or rejects; the emitter has stopped by then. */
  onError?: (error: unknown) => void;
}

export interface DatagenEmitter extends Disposable {
  /** Records handed to the sink so far. */
  readonly emitted: number;
  /** Whether it has stopped (maxRecords reached, disposed, or the sink failed). */
  readonly stopped: boolean;
  /** What the sink threw, if it did. */
  readonly error: unknown;
  /** Resolves once it has stopped (never rejects). */
  readonly finished: Promise<void>;
}

/** Batch size when `ratePerSec` is 0. */
export const UNPACED_BATCH = 500;
const DEFAULT_TICK_MS = 50;
const MAX_BATCH_MS = 100;
const MAX_DEBT_MS = 1_000;

function isPromiseLike(x: unknown): x is PromiseLike<void> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

export function startDatagen(
  config: DatagenConfigInput | DatagenConfig,
  clock: Clock,
  sink: DatagenSink,
  options: DatagenEmitterOptions = {},
): DatagenEmitter {
  const parsed = parseDatagenConfig(config);
  const generator = createGenerator(parsed);
  const limit = parsed.maxRecords ?? Infinity;
  const rate = parsed.ratePerSec;
  const tickMs = Math.max(1, options.tickMs ?? DEFAULT_TICK_MS);
  const maxBatch = rate > 0 ? Math.max(1, Math.ceil((rate * MAX_BATCH_MS) / 1000)) : UNPACED_BATCH;
  const maxDebt = Math.max(maxBatch, Math.ceil((rate * MAX_DEBT_MS) / 1000));
  const startMs = clock.now();

  let emitted = 0;
  /** Records the emitter no longer owes (debt beyond MAX_DEBT_MS). */
  let forgiven = 0;
  let stopped = false;
  let error: unknown;
  let timer: Disposable | undefined;
  let resolveFinished: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    timer?.dispose();
    timer = undefined;
    resolveFinished();
  };

  /** Records due by now, net of forgiven debt. */
  const due = (): number => Math.floor(((clock.now() - startMs) * rate) / 1000) - forgiven;

  const scheduleNext = (): void => {
    if (stopped) return;
    if (emitted >= limit) return stop();
    let delay = 0;
    if (rate > 0) {
      const behind = due() - emitted >= 1;
      const untilNext = Math.ceil(((emitted + forgiven + 1) * 1000) / rate) - (clock.now() - startMs);
      delay = behind ? tickMs : Math.max(tickMs, untilNext);
    }
    timer = clock.schedule(delay, tick);
  };

  const fail = (e: unknown): void => {
    error = e;
    stop();
    options.onError?.(e);
  };

  function tick(): void {
    timer = undefined;
    if (stopped) return;
    let n = Math.min(maxBatch, limit - emitted);
    if (rate > 0) {
      const owed = due() - emitted;
      if (owed > maxDebt) forgiven += owed - maxDebt;
      n = Math.min(n, Math.max(0, due() - emitted));
    }
    if (n <= 0) return scheduleNext();
    const batch: GeneratedRecord[] = [];
    for (let i = 0; i < n; i++) batch.push(generator.next());
    emitted += n;
    let result: Promise<void> | void;
    try {
      result = sink(batch);
    } catch (e) {
      return fail(e);
    }
    if (isPromiseLike(result)) result.then(scheduleNext, fail);
    else scheduleNext();
  }

  // The first batch goes out after one tick (rate × tickMs records are due by then).
  if (limit <= 0) stop();
  else timer = clock.schedule(rate > 0 ? Math.max(tickMs, Math.ceil(1000 / rate)) : 0, tick);

  return {
    get emitted() {
      return emitted;
    },
    get stopped() {
      return stopped;
    },
    get error() {
      return error;
    },
    finished,
    dispose: stop,
  };
}
