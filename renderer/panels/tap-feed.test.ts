/** TapFeed: the record inspector's ring, pause and counters. */
import { describe, expect, it } from 'vitest';
import type { RecordDto, TapCounters } from '../../engine/api/index.js';
import { TapFeed } from './tap-feed.js';

const counters = (records: number): TapCounters => ({ records, recordsPerSec: 10, bytesPerSec: 100, matched: records, dropped: 0, errors: 0 });
const record = (offset: number): RecordDto => ({ offset, partition: 0, timestamp: offset, key: `k${offset}`, value: `{"n":${offset}}`, valueBytes: 8, truncated: false, headers: [] });
const batch = (from: number, count: number) => ({ records: Array.from({ length: count }, (_, i) => record(from + i)), counters: counters(from + count) });

describe('TapFeed', () => {
  it('shows records newest first and keeps only the last capacity of them', () => {
    const feed = new TapFeed(5);
    feed.accept(batch(0, 3));
    feed.accept(batch(3, 4));
    expect(feed.rows().map((r) => r.offset)).toEqual([6, 5, 4, 3, 2]);
    expect(feed.received).toBe(7);
    expect(feed.counters?.records).toBe(7);
  });

  it('returns the same rows array until something changes', () => {
    const feed = new TapFeed(5);
    feed.accept(batch(0, 2));
    const rows = feed.rows();
    expect(feed.rows()).toBe(rows);
    feed.accept(batch(2, 1));
    expect(feed.rows()).not.toBe(rows);
  });

  it('holds records while paused, counts them, and shows them on resume', () => {
    const feed = new TapFeed(10);
    feed.accept(batch(0, 2));
    feed.pause();
    const before = feed.rows();
    feed.accept(batch(2, 3));
    expect(feed.rows()).toBe(before);
    expect(feed.newWhilePaused).toBe(3);
    expect(feed.counters?.records).toBe(5);
    feed.resume();
    expect(feed.newWhilePaused).toBe(0);
    expect(feed.rows().map((r) => r.offset)).toEqual([4, 3, 2, 1, 0]);
  });

  it('forgets everything on reset but stays paused', () => {
    const feed = new TapFeed(10);
    feed.pause();
    feed.accept(batch(0, 2));
    feed.reset();
    expect(feed.rows()).toEqual([]);
    expect(feed.newWhilePaused).toBe(0);
    expect(feed.counters).toBeUndefined();
    expect(feed.paused).toBe(true);
  });
});
