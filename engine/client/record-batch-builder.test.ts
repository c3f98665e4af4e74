import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRecords, encodeBatch, type RecordInput } from '../broker/records/record-batch.js';
import { RecordBatchBuilder, type Payload } from './record-batch-builder.js';

const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ minLength: 60, maxLength: 9000 }));
/** An encoder that writes a Buffer value as it is, honouring the room it is given. */
const copyEncoder = (value: unknown, buf: Buffer, at: number): number => {
  const bytes = value as Buffer;
  if (at + bytes.length > buf.length) return -1;
  bytes.copy(buf, at);
  return at + bytes.length;
};
const payload: fc.Arbitrary<Payload> = fc.oneof(fc.constant(null), text, fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)));
/** A value for appendEncoded (bytes that copyEncoder writes), or undefined for append. */
const encodedValue = fc.option(fc.uint8Array({ maxLength: 9000 }).map((a) => Buffer.from(a)), { nil: undefined });
const header = fc.record({ key: text, value: fc.oneof(fc.constant(null), fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a))) });
const record = fc.record({
  key: payload,
  value: payload,
  encoded: encodedValue,
  encodedKey: encodedValue,
  headers: fc.option(fc.array(header, { maxLength: 3 }), { nil: undefined }),
  timestamp: fc.integer({ min: 0, max: 2 ** 45 }),
});

const bytes = (p: Payload): Buffer | null => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p);

describe('RecordBatchBuilder', () => {
  it('builds exactly the bytes encodeBatch gives for the same records (text payloads as their UTF-8, encoded keys and values as their encoding)', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 40 }), (records) => {
        const builder = new RecordBatchBuilder(64);
        for (const r of records) {
          if (r.encodedKey !== undefined) builder.appendEncodedKey(r.encodedKey, copyEncoder, r.value, r.headers, r.timestamp);
          else if (r.encoded !== undefined) builder.appendEncoded(r.key, r.encoded, copyEncoder, r.headers, r.timestamp);
          else builder.append(r.key, r.value, r.headers, r.timestamp);
        }
        const inputs: RecordInput[] = records.map((r) => ({
          key: r.encodedKey ?? bytes(r.key),
          value: r.encodedKey === undefined && r.encoded !== undefined ? r.encoded : bytes(r.value),
          ...(r.headers ? { headers: r.headers } : {}),
          timestamp: r.timestamp,
        }));
        expect(builder.recordCount).toBe(records.length);
        const built = builder.build();
        expect(built.equals(encodeBatch({ records: inputs }))).toBe(true);
        expect(builder.recordCount).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('writes an encoded-key record with its value bytes taken from an offset (a timestamped store value without its prefix)', () => {
    const values = [Buffer.alloc(8), Buffer.from('0123456789abcdef'), Buffer.alloc(8 + 200, 7)];
    const builder = new RecordBatchBuilder();
    for (const [i, v] of values.entries()) builder.appendEncodedKey(Buffer.from(`k${i}`), copyEncoder, v, undefined, 10 + i, 8);
    const inputs: RecordInput[] = values.map((v, i) => ({ key: Buffer.from(`k${i}`), value: v.subarray(8), timestamp: 10 + i }));
    expect(builder.build().equals(encodeBatch({ records: inputs }))).toBe(true);
  });

  it('writes short texts as their UTF-8 whether or not they are ASCII (a non-ASCII character anywhere, lone surrogates)', () => {
    const texts = ['', 'a', '\u0000\u007f', 'x'.repeat(24), 'x'.repeat(25), 'x'.repeat(23) + 'é', 'é' + 'x'.repeat(10), 'ab\ud800', '\udc00', '€uro', '😀'];
    const builder = new RecordBatchBuilder();
    for (const t of texts) builder.append(t, t, [{ key: t, value: null }], 1);
    const inputs: RecordInput[] = texts.map((t) => ({ key: Buffer.from(t, 'utf8'), value: Buffer.from(t, 'utf8'), headers: [{ key: t, value: null }], timestamp: 1 }));
    expect(builder.build().equals(encodeBatch({ records: inputs }))).toBe(true);
  });

  it('grows the batch while an encoder needs more room, from a guess of 1 length byte to 2 and back', () => {
    const builder = new RecordBatchBuilder(64);
    const sizes = [3, 5000, 70, 2, 130, 0, 64, 63];
    const values = sizes.map((n, i) => Buffer.alloc(n, i + 1));
    for (const [i, v] of values.entries()) builder.appendEncoded(`k${i}`, v, copyEncoder, [{ key: 'h', value: v }], 10 + i);
    const records = decodeRecords(builder.build());
    expect(records.map((r) => r.value)).toEqual(values);
    expect(records.map((r) => r.headers[0]!.value)).toEqual(values);
  });

  it('keeps the records appended before an encoder threw, and appends after it', () => {
    const builder = new RecordBatchBuilder(64);
    builder.appendEncoded('a', Buffer.from('1'), copyEncoder, undefined, 1);
    const failing = (_value: unknown, buf: Buffer, at: number): number => {
      copyEncoder(Buffer.alloc(Math.min(40, buf.length - at), 9), buf, at);
      throw new Error('cannot encode');
    };
    expect(() => builder.appendEncoded('b', Buffer.alloc(500), failing, undefined, 2)).toThrow('cannot encode');
    builder.append('c', 'three', undefined, 3);
    const records = decodeRecords(builder.build());
    expect(records.map((r) => [r.key?.toString(), r.value?.toString(), r.offset])).toEqual([
      ['a', '1', 0],
      ['c', 'three', 1],
    ]);
  });

  it('starts a fresh batch after build(), leaving the returned bytes untouched', () => {
    const builder = new RecordBatchBuilder();
    builder.append('k1', 'v1', undefined, 1000);
    const first = builder.build();
    const copy = Buffer.from(first);
    builder.append(Buffer.from('k2'), null, [{ key: 'h', value: Buffer.from('x') }], 900);
    const second = builder.build();
    expect(first.equals(copy)).toBe(true);
    expect(decodeRecords(first).map((r) => [r.key?.toString(), r.value?.toString(), r.timestamp])).toEqual([['k1', 'v1', 1000]]);
    expect(decodeRecords(second).map((r) => [r.key?.toString(), r.value, r.headers.map((h) => h.key), r.timestamp, r.offset])).toEqual([['k2', null, ['h'], 900, 0]]);
  });
});
