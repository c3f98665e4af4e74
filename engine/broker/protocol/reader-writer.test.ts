/**
 * Primitives: every Writer encoding reads back through the Reader; classic vs compact length
 * prefixes; uvarint boundaries; int64 as safe numbers (clamped beyond int64); uuid text form;
 * the writer's chunking (no copy on growth, large buffers by reference, one copy to join).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EncodeError } from './codec-errors.js';
import { Reader } from './reader.js';
import { BY_REFERENCE_MIN_BYTES, Writer } from './writer.js';

function roundTrip<T>(write: (w: Writer, v: T) => void, read: (r: Reader) => T, value: T): void {
  const w = new Writer(16);
  write(w, value);
  const buf = w.toBuffer();
  const r = new Reader(buf);
  expect(read(r)).toEqual(value);
  expect(r.remaining).toBe(0);
}

describe('Reader/Writer primitives', () => {
  it('round-trip fixed-width integers, floats and booleans', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -128, max: 127 }),
        fc.integer({ min: -32768, max: 32767 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.maxSafeInteger(),
        fc.double({ noNaN: true }),
        fc.boolean(),
        (i8, i16, u16, i32, u32, i64, f64, b) => {
          const w = new Writer(8);
          w.int8(i8);
          w.int16(i16);
          w.uint16(u16);
          w.int32(i32);
          w.uint32(u32);
          w.int64(i64);
          w.float64(f64);
          w.bool(b);
          const r = new Reader(w.toBuffer());
          expect([
            r.int8(),
            r.int16(),
            r.uint16(),
            r.int32(),
            r.uint32(),
            r.int64(),
            r.float64(),
            r.bool(),
          ]).toEqual([i8, i16, u16, i32, u32, i64, f64, b]);
          expect(r.remaining).toBe(0);
        },
      ),
    );
  });

  it('round-trip unsigned and signed varints', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (v) =>
        roundTrip(
          (w, x) => w.uvarint(x),
          (r) => r.uvarint(),
          v,
        ),
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (v) =>
        roundTrip(
          (w, x) => w.varint(x),
          (r) => r.varint(),
          v,
        ),
      ),
    );
  });

  it('encodes uvarint boundaries as LEB128', () => {
    const enc = (v: number) => {
      const w = new Writer();
      w.uvarint(v);
      return [...w.toBuffer()];
    };
    expect(enc(0)).toEqual([0]);
    expect(enc(127)).toEqual([0x7f]);
    expect(enc(128)).toEqual([0x80, 0x01]);
    expect(enc(300)).toEqual([0xac, 0x02]);
    expect(enc(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => enc(2 ** 32)).toThrow(EncodeError);
    expect(() => enc(-1)).toThrow(EncodeError);
  });

  it('round-trip strings of every form, including multi-byte and long ones', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 50 }),
      fc.string({ unit: 'grapheme-ascii', minLength: 100, maxLength: 3000 }),
    );
    fc.assert(
      fc.property(text, fc.option(text, { nil: null }), (s, n) => {
        roundTrip(
          (w, v) => w.string(v),
          (r) => r.string(),
          s,
        );
        roundTrip(
          (w, v) => w.compactString(v),
          (r) => r.compactString(),
          s,
        );
        roundTrip(
          (w, v) => w.nullableString(v),
          (r) => r.nullableString(),
          n,
        );
        roundTrip(
          (w, v) => w.compactNullableString(v),
          (r) => r.compactNullableString(),
          n,
        );
      }),
    );
  });

  it('writes the exact length prefixes', () => {
    const w = new Writer();
    w.string('hé');
    w.compactString('hé');
    w.nullableString(null);
    w.compactNullableString(null);
    w.compactString('');
    expect([...w.toBuffer()]).toEqual([0, 3, 0x68, 0xc3, 0xa9, 4, 0x68, 0xc3, 0xa9, 0xff, 0xff, 0, 1]);
    const long = 'x'.repeat(200);
    const c = new Writer();
    c.compactString(long);
    expect([...c.toBuffer().subarray(0, 2)]).toEqual([0xc9, 0x01]); // 201 as uvarint
  });

  it('rejects strings longer than 32767 UTF-8 bytes', () => {
    expect(() => new Writer().string('é'.repeat(20000))).toThrow(EncodeError);
    expect(() => new Writer().compactString('x'.repeat(40000))).toThrow(EncodeError);
    expect(() => new Writer().string('x'.repeat(32767))).not.toThrow();
  });

  it('round-trip bytes and arrays in both encodings', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 20 }),
        (bytes, ints) => {
          const b: Buffer = Buffer.from(bytes);
          roundTrip<Buffer>(
            (w, v) => w.bytes(v),
            (r) => r.bytes(),
            b,
          );
          roundTrip<Buffer>(
            (w, v) => w.compactBytes(v),
            (r) => r.compactBytes(),
            b,
          );
          roundTrip<Buffer | null>(
            (w, v) => w.nullableBytes(v),
            (r) => r.nullableBytes(),
            null,
          );
          roundTrip<Buffer | null>(
            (w, v) => w.compactNullableBytes(v),
            (r) => r.compactNullableBytes(),
            null,
          );
          const writeInts = (compact: boolean) => (w: Writer, v: number[] | null) => {
            w.arrayCount(v === null ? null : v.length, compact);
            for (const x of v ?? []) w.int32(x);
          };
          roundTrip(writeInts(false), (r) => r.array((x) => x.int32(), 4), ints);
          roundTrip(writeInts(true), (r) => r.compactArray((x) => x.int32(), 4), ints);
          roundTrip(writeInts(false), (r) => r.nullableArray((x) => x.int32(), 4), null);
          roundTrip(writeInts(true), (r) => r.compactNullableArray((x) => x.int32(), 4), null);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('reads and skips tagged fields', () => {
    const w = new Writer();
    w.taggedFields([
      { tag: 0, data: Buffer.from([1, 2]) },
      { tag: 300, data: Buffer.alloc(0) },
    ]);
    w.int8(9);
    const r = new Reader(w.toBuffer());
    const seen: [number, number][] = [];
    r.taggedFields((tag, field) => seen.push([tag, field.remaining]));
    expect(seen).toEqual([
      [0, 2],
      [300, 0],
    ]);
    expect(r.int8()).toBe(9);
  });

  it('represents int64 as numbers; clamps values beyond the int64 range', () => {
    const w = new Writer();
    w.int64(-1);
    w.int64(Number.MAX_SAFE_INTEGER);
    w.int64(2 ** 63);
    w.int64(-(2 ** 64));
    const buf = w.toBuffer();
    expect(buf.subarray(0, 8)).toEqual(Buffer.alloc(8, 0xff));
    expect(buf.readBigInt64BE(8)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
    expect(buf.readBigInt64BE(16)).toBe(2n ** 63n - 1n);
    expect(buf.readBigInt64BE(24)).toBe(-(2n ** 63n));
    const r = new Reader(buf);
    expect(r.int64()).toBe(-1);
    expect(r.int64()).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => new Writer().int64(NaN)).toThrow(EncodeError);
  });

  it('reads uuids as lowercase RFC 4122 text and validates them on write', () => {
    fc.assert(
      fc.property(fc.uuid(), (u) =>
        roundTrip(
          (w, v) => w.uuid(v),
          (r) => r.uuid(),
          u,
        ),
      ),
    );
    const w = new Writer();
    w.uuid('0123ABCD-0000-0000-0000-00000000FFFF');
    expect(new Reader(w.toBuffer()).uuid()).toBe('0123abcd-0000-0000-0000-00000000ffff');
    expect(() => new Writer().uuid('not-a-uuid')).toThrow(EncodeError);
  });
});

describe('Writer chunking', () => {
  it('grows without copying and joins once', () => {
    const w = new Writer(16);
    for (let i = 0; i < 10_000; i++) w.int32(i);
    expect(w.length).toBe(40_000);
    expect(w.toChunks().length).toBeGreaterThan(1);
    const buf = w.toBuffer();
    for (let i = 0; i < 10_000; i += 997) expect(buf.readInt32BE(i * 4)).toBe(i);
  });

  it('appends large buffers by reference and small ones by copy', () => {
    const big = Buffer.alloc(BY_REFERENCE_MIN_BYTES, 7);
    const small = Buffer.alloc(BY_REFERENCE_MIN_BYTES - 1, 8);
    const w = new Writer();
    w.int8(1);
    w.raw(big);
    w.raw(small);
    w.int8(2);
    const chunks = w.toChunks();
    expect(chunks.includes(big)).toBe(true); // the same object: by reference
    expect(chunks.includes(small)).toBe(false); // copied into the scratch buffer
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat([Buffer.from([1]), big, small, Buffer.from([2])]));
  });

  it('a single-chunk writer returns its bytes without copying', () => {
    const w = new Writer(64);
    w.int32(5);
    const chunks = w.toChunks();
    expect(chunks).toHaveLength(1);
    expect(w.toBuffer()).toBe(chunks[0]);
  });
});
