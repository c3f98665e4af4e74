import { describe, expect, it } from 'vitest';
import { ManualClock, type Clock } from '../../util/clock.js';
import { startDatagen, UNPACED_BATCH } from './emitter.js';
import { generate } from './generators.js';
import type { GeneratedRecord } from './types.js';

function collector() {
  const batches: GeneratedRecord[][] = [];
  return { batches, sink: (records: GeneratedRecord[]) => void batches.push(records), all: () => batches.flat() };
}

describe('startDatagen', () => {
  it.each([10, 100, 2_500])('emits rate × seconds records (± one batch) at %i/s, in small batches', (rate) => {
    const clock = new ManualClock(1_000_000);
    const out = collector();
    const emitter = startDatagen({ generator: 'orders', ratePerSec: rate }, clock, out.sink);
    const batch = Math.max(1, Math.ceil(rate / 10));
    for (let s = 1; s <= 10; s++) {
      clock.advance(1_000);
      expect(Math.abs(emitter.emitted - rate * s)).toBeLessThanOrEqual(batch);
    }
    expect(out.all()).toHaveLength(emitter.emitted);
    expect(Math.max(...out.batches.map((b) => b.length))).toBeLessThanOrEqual(batch);
    expect(out.all()).toEqual(generate({ generator: 'orders', ratePerSec: rate }, emitter.emitted));
    emitter.dispose();
    expect(clock.pendingCount).toBe(0);
  });

  it('stops at maxRecords and resolves finished', async () => {
    const clock = new ManualClock();
    const out = collector();
    const emitter = startDatagen({ generator: 'iot', ratePerSec: 100, maxRecords: 250 }, clock, out.sink);
    clock.advance(10_000);
    expect(emitter.emitted).toBe(250);
    expect(out.all()).toEqual(generate({ generator: 'iot', ratePerSec: 100 }, 250));
    expect(emitter.stopped).toBe(true);
    expect(clock.pendingCount).toBe(0);
    await emitter.finished;
  });

  it('emits as fast as possible when the rate is 0, in batches', () => {
    const clock = new ManualClock();
    const out = collector();
    const emitter = startDatagen({ generator: 'nexmark', ratePerSec: 0, maxRecords: 1_234 }, clock, out.sink);
    clock.advance(0);
    expect(emitter.emitted).toBe(1_234);
    expect(out.batches.map((b) => b.length)).toEqual([UNPACED_BATCH, UNPACED_BATCH, 234]);
  });

  it('dispose stops it: nothing more reaches the sink and no timer is left', () => {
    const clock = new ManualClock();
    const out = collector();
    const emitter = startDatagen({ generator: 'clickstream', ratePerSec: 50 }, clock, out.sink);
    clock.advance(2_000);
    const before = emitter.emitted;
    expect(before).toBeGreaterThan(90);
    emitter.dispose();
    emitter.dispose();
    clock.advance(10_000);
    expect(emitter.emitted).toBe(before);
    expect(out.all()).toHaveLength(before);
    expect(emitter.stopped).toBe(true);
    expect(clock.pendingCount).toBe(0);
  });

  it('catches up after a stall without bursting more than ~100 ms worth per batch, and forgives debt beyond 1 s', () => {
    const clock = new ManualClock();
    // A clock whose timers can be held back, as if the event loop were blocked.
    let held: (() => void)[] | undefined;
    const stallable: Clock = {
      now: () => clock.now(),
      schedule(delayMs, fn) {
        if (!held) return clock.schedule(delayMs, fn);
        held.push(fn);
        return { dispose: () => undefined };
      },
    };
    const sizes: number[] = [];
    const emitter = startDatagen({ generator: 'iot', ratePerSec: 1_000 }, stallable, (records) => void sizes.push(records.length));
    clock.advance(1_000);
    expect(Math.abs(emitter.emitted - 1_000)).toBeLessThanOrEqual(100);
    held = [];
    clock.advance(100); // the pending timer fires; the next one is held
    const atStall = emitter.emitted;
    clock.advance(5_000); // blocked for 5 s
    expect(emitter.emitted).toBe(atStall);
    const release = held;
    held = undefined;
    for (const fn of release) clock.schedule(0, fn);
    clock.advance(3_000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    // 5 s behind, but only 1 s of debt is kept: it catches that up, then runs at rate.
    expect(emitter.emitted).toBeGreaterThan(atStall + 1_000 + 3_000 - 100);
    expect(emitter.emitted).toBeLessThan(atStall + 1_000 + 3_000 + 100);
    emitter.dispose();
  });

  it('waits for an async sink before the next batch (back-pressure)', async () => {
    const clock = new ManualClock();
    const pending: (() => void)[] = [];
    const emitter = startDatagen({ generator: 'orders', ratePerSec: 100 }, clock, () => new Promise<void>((resolve) => pending.push(resolve)));
    clock.advance(1_000);
    expect(pending).toHaveLength(1);
    const first = emitter.emitted;
    clock.advance(1_000);
    expect(emitter.emitted).toBe(first);
    pending[0]!();
    await Promise.resolve();
    await Promise.resolve();
    clock.advance(50);
    expect(emitter.emitted).toBeGreaterThan(first);
    emitter.dispose();
  });

  it('stops when the sink fails and reports the error', async () => {
    const clock = new ManualClock();
    const errors: unknown[] = [];
    const boom = new Error('sink down');
    const emitter = startDatagen({ generator: 'iot', ratePerSec: 100 }, clock, () => Promise.reject(boom), { onError: (e) => errors.push(e) });
    clock.advance(200);
    await emitter.finished;
    expect(emitter.stopped).toBe(true);
    expect(emitter.error).toBe(boom);
    expect(errors).toEqual([boom]);
    clock.advance(1_000);
    expect(clock.pendingCount).toBe(0);

    const sync = startDatagen({ generator: 'iot', ratePerSec: 100 }, clock, () => {
      throw boom;
    });
    clock.advance(200);
    expect(sync.stopped).toBe(true);
    expect(sync.error).toBe(boom);
  });
});
