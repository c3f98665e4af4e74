/** RingBuffer: bounded, ordered, counts what it evicted. */
import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps items in order until it is full', () => {
    const ring = new RingBuffer<number>(3);
    ring.push(1);
    ring.push(2);
    expect(ring.size).toBe(2);
    expect(ring.toArray()).toEqual([1, 2]);
    expect(ring.newestFirst()).toEqual([2, 1]);
    expect(ring.at(0)).toBe(1);
    expect(ring.at(2)).toBeUndefined();
  });

  it('overwrites the oldest items past its capacity', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 7; i++) ring.push(i);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect(ring.newestFirst()).toEqual([7, 6, 5]);
    expect(ring.pushed).toBe(7);
  });

  it('pushAll keeps only the last capacity items and counts all of them', () => {
    const ring = new RingBuffer<number>(4);
    ring.push(0);
    ring.pushAll(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(ring.toArray()).toEqual([7, 8, 9, 10]);
    expect(ring.pushed).toBe(11);
  });

  it('changes its version on every mutation and empties on clear', () => {
    const ring = new RingBuffer<string>(2);
    const v0 = ring.version;
    ring.push('a');
    expect(ring.version).not.toBe(v0);
    const v1 = ring.version;
    ring.clear();
    expect(ring.version).not.toBe(v1);
    expect(ring.size).toBe(0);
    expect(ring.toArray()).toEqual([]);
    ring.push('b');
    expect(ring.toArray()).toEqual(['b']);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
  });
});
