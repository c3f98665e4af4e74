import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  readInt64,
  readUnsignedVarint,
  readVarint,
  sizeOfUnsignedVarint,
  sizeOfVarint,
  writeInt64,
  writeUnsignedVarint,
  writeVarint,
} from './varint.js';
import { crc32c } from './crc32c.js';

describe('varints', () => {
  it('round-trip every signed integer below 2^52 through zigzag varlong', () => {
    const limit = 2 ** 52 - 1;
    fc.assert(
      fc.property(fc.integer({ min: -limit, max: limit }).chain((v) => fc.constantFrom(v, limit, -limit, 0)), (value) => {
        const buf = Buffer.alloc(10);
        const end = writeVarint(buf, 0, value);
        expect(end).toBe(sizeOfVarint(value));
        const cursor = { pos: 0 };
        expect(readVarint(buf, cursor)).toBe(value);
        expect(cursor.pos).toBe(end);
      }),
    );
  });

  it('round-trip unsigned varints', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (value) => {
        const buf = Buffer.alloc(10);
        const end = writeUnsignedVarint(buf, 0, value);
        expect(end).toBe(sizeOfUnsignedVarint(value));
        expect(readUnsignedVarint(buf, { pos: 0 })).toBe(value);
      }),
    );
  });

  it('size unsigned varints exactly at every 7-bit boundary', () => {
    for (let k = 1; k <= 7; k++) {
      expect(sizeOfUnsignedVarint(2 ** (7 * k) - 1)).toBe(k);
      expect(sizeOfUnsignedVarint(2 ** (7 * k))).toBe(k + 1);
    }
    expect(sizeOfUnsignedVarint(Number.MAX_SAFE_INTEGER)).toBe(8);
  });

  it('match the zigzag encodings of the protobuf spec', () => {
    const cases: Array<[number, number[]]> = [
      [0, [0x00]],
      [-1, [0x01]],
      [1, [0x02]],
      [-2, [0x03]],
      [63, [0x7e]],
      [-64, [0x7f]],
      [64, [0x80, 0x01]],
      [2147483647, [0xfe, 0xff, 0xff, 0xff, 0x0f]],
      [-2147483648, [0xff, 0xff, 0xff, 0xff, 0x0f]],
    ];
    for (const [value, bytes] of cases) {
      const buf = Buffer.alloc(10);
      const end = writeVarint(buf, 0, value);
      expect([...buf.subarray(0, end)]).toEqual(bytes);
    }
  });

  it('reject a varint cut off by the end of the buffer', () => {
    expect(() => readVarint(Buffer.from([0x80, 0x80]), { pos: 0 })).toThrow(/past the end/);
    expect(() => readVarint(Buffer.from([0x80]), { pos: 0 })).toThrow(/past the end/);
    expect(() => readVarint(Buffer.from([0x01, 0x80]), { pos: 1 })).toThrow(/past the end/);
  });

  it('read every two-byte varint (minimal or not) as zigzag of its unsigned value', () => {
    for (let b0 = 0x80; b0 <= 0xff; b0++) {
      for (let b1 = 0; b1 < 0x80; b1++) {
        const unsigned = (b0 & 0x7f) + b1 * 128;
        const cursor = { pos: 1 };
        expect(readVarint(Buffer.from([0xff, b0, b1, 0xff]), cursor)).toBe(unsigned % 2 === 0 ? unsigned / 2 : -(unsigned + 1) / 2);
        expect(cursor.pos).toBe(3);
      }
    }
  });

  it('round-trip int64 values including negatives', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (value) => {
        const buf = Buffer.alloc(8);
        writeInt64(buf, 0, value);
        expect(buf.readBigInt64BE(0)).toBe(BigInt(value));
        expect(readInt64(buf, 0)).toBe(value);
      }),
    );
  });
});

describe('crc32c', () => {
  it('matches the published check values', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(0x46dd794e);
  });
});
