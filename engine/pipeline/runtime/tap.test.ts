// Tap: what a batch holds around a filter change (records buffered under the old filter must pass
// the new one), and that a filter that does not compile leaves the old one in place.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../util/clock.js';
import { silentLogger } from '../../util/logger.js';
import type { RecordLike } from './record-dto.js';
import { TAP_INTERVAL_MS, Tap } from './tap.js';

function tapWith(capacity: number) {
  const clock = new ManualClock(1_000);
  let emit: (record: RecordLike) => void = () => undefined;
  const batches: number[][] = [];
  const tap = new Tap({
    observe: (listener) => {
      emit = listener;
      return { dispose: () => undefined };
    },
    maxRecordsPerBatch: capacity,
    clock,
    logger: silentLogger,
    nodeId: 'orders',
    onBatch: (batch) => batches.push(batch.records.map((r) => (JSON.parse(r.value ?? 'null') as { amount: number }).amount)),
  });
  const send = (...amounts: number[]) => {
    for (const amount of amounts) emit({ key: null, value: { amount }, timestamp: clock.now(), headers: [] });
  };
  return { tap, clock, batches, send };
}

describe('Tap filter changes', () => {
  it('keeps only the buffered records that pass a new filter, oldest first', () => {
    const { tap, clock, batches, send } = tapWith(10);
    send(50, 150, 90, 300);
    expect(tap.setFilter('value.amount > 100')).toEqual([]);
    send(20, 120);
    clock.advance(TAP_INTERVAL_MS);
    expect(batches).toEqual([[150, 300, 120]]);
    tap.dispose();
  });

  it('re-filters a full ring in arrival order', () => {
    const { tap, clock, batches, send } = tapWith(3);
    send(500, 10, 200, 400, 20); // the ring keeps the newest three: 200, 400, 20
    tap.setFilter('value.amount >= 100');
    clock.advance(TAP_INTERVAL_MS);
    expect(batches).toEqual([[200, 400]]);
    tap.dispose();
  });

  it('keeps the old filter and the buffered records when the new one does not compile', () => {
    const { tap, clock, batches, send } = tapWith(10);
    tap.setFilter('value.amount > 100');
    send(50, 150);
    expect(tap.setFilter('value.amount >')[0]).toMatchObject({ code: 'PIP_TAP_BAD_FILTER' });
    send(60, 160);
    clock.advance(TAP_INTERVAL_MS);
    expect(batches).toEqual([[150, 160]]);
    tap.dispose();
  });
});
