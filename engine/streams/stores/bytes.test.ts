import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { int64, readInt64, writeInt64 } from './bytes.js';

describe('store byte helpers', () => {
  it('write and read int64 exactly as BigInt does (safe integers, negatives, beyond 2^53), at any offset', () => {
    const values = fc.oneof(fc.maxSafeInteger(), fc.constantFrom(0, -1, 2 ** 32, -(2 ** 32), 2 ** 32 - 1, -(2 ** 31), 2 ** 31, 2 ** 60, -(2 ** 60)));
    fc.assert(
      fc.property(values, fc.nat({ max: 5 }), (value, offset) => {
        const out = Buffer.alloc(offset + 8, 0xaa);
        writeInt64(out, value, offset);
        const expected = Buffer.alloc(offset + 8, 0xaa);
        expected.writeBigInt64BE(BigInt(value), offset);
        expect(out).toEqual(expected);
        expect(readInt64(out, offset)).toBe(Number(expected.readBigInt64BE(offset)));
        expect(int64(value)).toEqual(expected.subarray(offset));
      }),
      { numRuns: 500 },
    );
  });
});
