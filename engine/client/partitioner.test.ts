// Partitioner: Kafka's murmur2 vectors, Java's toPositive mapping, and KIP-794 stickiness for null keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StickyPartitioner, murmur2, murmur2Text, partitionForKey, partitionForTextKey } from './partitioner.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A random source that replays `values` in a loop. */
function replay(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

describe('murmur2', () => {
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('matches Kafka UtilsTest for %j', (key, expected) => {
    expect(murmur2(utf8(key))).toBe(expected);
  });

  it('hashes a view into a larger buffer the same as a copy of it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(7), (bytes, offset) => {
        const backing = new Uint8Array(offset + bytes.length + 3);
        backing.set(bytes, offset);
        expect(murmur2(backing.subarray(offset, offset + bytes.length))).toBe(
          murmur2(Uint8Array.from(bytes)),
        );
      }),
    );
  });
});

describe('murmur2Text', () => {
  it('hashes a string as murmur2 hashes its UTF-8 bytes: ASCII, other text, lone surrogates, every length', () => {
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('', 'a', 'ab', 'abc', 'abcd', 'é', 'a😀', '\ud800x', 'x'.repeat(300) + 'é'));
    fc.assert(
      fc.property(text, (key) => {
        const bytes = Buffer.from(key, 'utf8');
        expect(murmur2Text(key)).toBe(murmur2(bytes));
        expect(partitionForTextKey(key, 7)).toBe(partitionForKey(bytes, 7));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches Kafka UtilsTest vectors', () => {
    expect(murmur2Text('a-little-bit-longer-string')).toBe(-1486304829);
    expect(murmur2Text('21')).toBe(-973932308);
  });
});

describe('partitionForKey', () => {
  it('maps a negative hash with & 0x7fffffff, not Math.abs or >>> 0', () => {
    const key = utf8('21'); // murmur2 = -973932308
    expect(partitionForKey(key, 7)).toBe((-973932308 & 0x7fffffff) % 7);
    expect(partitionForKey(key, 7)).toBe(3);
    expect(Math.abs(-973932308) % 7).toBe(6);
    expect((-973932308 >>> 0) % 7).toBe(5);
  });

  it('is always a partition in range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.integer({ min: 1, max: 10_000 }), (key, n) => {
        const p = partitionForKey(key, n);
        expect(Number.isInteger(p) && p >= 0 && p < n).toBe(true);
      }),
    );
  });

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => partitionForKey(utf8('k'), 0)).toThrow(RangeError);
    expect(() => partitionForKey(utf8('k'), 2.5)).toThrow(/positive integer/);
  });
});

describe('StickyPartitioner', () => {
  it('sticks to one partition until batchSizeBytes were produced, then switches', () => {
    const partitioner = new StickyPartitioner({ batchSizeBytes: 100, random: replay(0.5, 0.0) });
    // First pick: floor(0.5 * 4) = 2. Records of 30 bytes: the 4th reaches 120 ≥ 100 and is the last on 2.
    const seen = Array.from({ length: 8 }, () => partitioner.partition('t', 4, null, 30));
    // Next pick among the 3 others: floor(0.0 * 3) = 0 → partition 0.
    expect(seen).toEqual([2, 2, 2, 2, 0, 0, 0, 0]);
  });

  it('defaults to Kafka’s batch.size of 16384 bytes', () => {
    const partitioner = new StickyPartitioner({ random: replay(0.1, 0.9) });
    expect(partitioner.batchSizeBytes).toBe(16384);
    expect(partitioner.partition('t', 3, null, 16383)).toBe(0);
    expect(partitioner.partition('t', 3, null, 1)).toBe(0);
    expect(partitioner.partition('t', 3, null, 1)).toBe(2);
  });

  it('switches to a different partition whenever there is more than one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 50 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 20,
        }),
        (n, randoms) => {
          const partitioner = new StickyPartitioner({ batchSizeBytes: 10, random: replay(...randoms) });
          let previous = partitioner.partition('t', n, null, 10);
          for (let i = 0; i < 30; i++) {
            const next = partitioner.partition('t', n, null, 10);
            expect(next).not.toBe(previous);
            previous = next;
          }
        },
      ),
    );
    const single = new StickyPartitioner({ batchSizeBytes: 1 });
    expect([1, 2, 3].map(() => single.partition('t', 1, null, 5))).toEqual([0, 0, 0]);
  });

  it('lets keyed records ignore and not disturb the sticky partition', () => {
    const partitioner = new StickyPartitioner({ batchSizeBytes: 100, random: replay(0.5, 0.0) });
    expect(partitioner.partition('t', 4, null, 60)).toBe(2);
    for (let i = 0; i < 20; i++) {
      const key = utf8(`key-${i}`);
      expect(partitioner.partition('t', 4, key, 1000)).toBe(partitionForKey(key, 4));
    }
    expect(partitioner.partition('t', 4, null, 30)).toBe(2); // 90 bytes so far: still below 100
    expect(partitioner.partition('t', 4, null, 30)).toBe(2); // reaches 120: the last one on 2
    expect(partitioner.partition('t', 4, null, 30)).toBe(0);
  });

  it('keeps separate state per topic and re-picks when the partition count shrinks', () => {
    const partitioner = new StickyPartitioner({ batchSizeBytes: 1000, random: replay(0.9, 0.1, 0.3) });
    expect(partitioner.partition('a', 10, null, 1)).toBe(9);
    expect(partitioner.partition('b', 10, null, 1)).toBe(1);
    expect(partitioner.partition('a', 10, null, 1)).toBe(9);
    expect(partitioner.partition('a', 5, null, 1)).toBe(1); // 9 is gone: floor(0.3 * 5)
  });

  it('always answers a partition in range, even with a misbehaving random source', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.tuple(fc.option(fc.uint8Array({ maxLength: 16 })), fc.nat(40_000)), { maxLength: 50 }),
        fc.double(),
        (n, records, r) => {
          const partitioner = new StickyPartitioner({ random: () => r });
          for (const [key, bytes] of records) {
            const p = partitioner.partition('t', n, key, bytes);
            expect(Number.isInteger(p) && p >= 0 && p < n).toBe(true);
          }
        },
      ),
    );
  });
});
