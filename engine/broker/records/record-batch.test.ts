import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeBatch, decodeRecords, readRecordFields, readRecordSpans, recordsSection, type RecordInput } from './record-batch.js';
import {
  Offsets,
  batchSizeAt,
  hasValidCrc,
  readBatchHeader,
  setBaseOffset,
  setLogAppendTime,
  setPartitionLeaderEpoch,
} from './batch-header.js';
import { forEachBatch, isBatchProblem, validateBatch } from './batch-validate.js';
import type { CompressionCodec } from './compression.js';

const bytes = fc.option(fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)), { nil: null });
const header = fc.record({ key: fc.string({ maxLength: 20 }), value: bytes });
const recordArb: fc.Arbitrary<RecordInput> = fc.record({
  key: bytes,
  value: bytes,
  headers: fc.array(header, { maxLength: 4 }),
  timestamp: fc.integer({ min: 0, max: 4_000_000_000_000 }),
});
const codecArb = fc.constantFrom<CompressionCodec>(0, 1, 2, 3, 4);

describe('RecordBatch v2', () => {
  it('round-trips records through every compression codec', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 30 }), codecArb, fc.maxSafeNat(), (records, codec, baseOffset) => {
        const batch = encodeBatch({ records, compression: codec, baseOffset });
        expect(hasValidCrc(batch, 0, batch.length)).toBe(true);
        const header = readBatchHeader(batch);
        expect(header.magic).toBe(2);
        expect(header.recordCount).toBe(records.length);
        expect(header.lastOffsetDelta).toBe(records.length - 1);
        expect(header.attributes & 7).toBe(codec);
        expect(header.maxTimestamp).toBe(Math.max(...records.map((r) => r.timestamp)));
        const decoded = decodeRecords(batch);
        expect(decoded.map((r) => r.offset)).toEqual(records.map((_, i) => baseOffset + i));
        decoded.forEach((record, i) => {
          const input = records[i]!;
          expect(record.timestamp).toBe(input.timestamp);
          expect(record.key).toEqual(input.key);
          expect(record.value).toEqual(input.value);
          expect(record.headers).toEqual(input.headers);
        });
        expect(isBatchProblem(validateBatch(batch, 0, batch.length))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps original offset deltas when a batch is rebuilt with gaps (compaction)', () => {
    const batch = encodeBatch({
      baseOffset: 100,
      lastOffsetDelta: 9,
      records: [
        { key: Buffer.from('a'), value: Buffer.from('1'), timestamp: 5, offsetDelta: 3 },
        { key: Buffer.from('b'), value: null, timestamp: 7, offsetDelta: 8 },
      ],
    });
    expect(readBatchHeader(batch).lastOffsetDelta).toBe(9);
    expect(decodeRecords(batch).map((r) => r.offset)).toEqual([103, 108]);
  });

  it('edits offsets and leader epoch outside the CRC, and re-seals it for LogAppendTime', () => {
    const batch = encodeBatch({ records: [{ key: null, value: Buffer.from('x'), timestamp: 1000 }] });
    setBaseOffset(batch, 0, 42);
    setPartitionLeaderEpoch(batch, 0, 7);
    expect(hasValidCrc(batch, 0, batch.length)).toBe(true);
    setLogAppendTime(batch, 0, batch.length, 99_000);
    expect(hasValidCrc(batch, 0, batch.length)).toBe(true);
    const header = readBatchHeader(batch);
    expect(header.baseOffset).toBe(42);
    expect(header.partitionLeaderEpoch).toBe(7);
    expect(header.maxTimestamp).toBe(99_000);
    expect(decodeRecords(batch)[0]!.timestamp).toBe(99_000);
  });

  it('encodes a control batch that Kafka clients skip', () => {
    const key = Buffer.alloc(4);
    key.writeInt16BE(1, 2); // version 0, type COMMIT
    const batch = encodeBatch({ records: [{ key, value: Buffer.alloc(6), timestamp: 1 }], isControl: true, isTransactional: true, producerId: 9, producerEpoch: 0 });
    const attributes = readBatchHeader(batch).attributes;
    expect(attributes & 0x20).toBe(0x20);
    expect(attributes & 0x10).toBe(0x10);
  });
});

describe('readRecordSpans', () => {
  /** Every record of a batch read both ways: as fields (views) and as spans of the section. */
  function readBoth(batch: Buffer): { fields: unknown[]; spans: unknown[] } {
    const header = readBatchHeader(batch, 0);
    const section = recordsSection(batch);
    const at = (start: number, length: number) => (length < 0 ? null : section.subarray(start, start + length));
    const fields: unknown[] = [];
    const spans: unknown[] = [];
    const fieldCursor = { pos: 0 };
    const spanCursor = { pos: 0 };
    for (let i = 0; i < header.recordCount; i++) {
      readRecordFields(section, fieldCursor, header.baseTimestamp, i, (d, t, k, v, h) => fields.push({ d, t, k, v, h }));
      readRecordSpans(section, spanCursor, header.baseTimestamp, i, (d, t, ka, kl, va, vl, h) => spans.push({ d, t, k: at(ka, kl), v: at(va, vl), h }));
    }
    return { fields, spans };
  }

  it('finds the same fields as readRecordFields, null and empty keys and values included', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 10 }), codecArb, (records, compression) => {
        const { fields, spans } = readBoth(encodeBatch({ records, compression }));
        expect(spans).toEqual(fields);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a record whose fields overrun it with readRecordFields\' error', () => {
    const batch = encodeBatch({ records: [{ key: Buffer.from('key'), value: Buffer.from('value'), headers: [], timestamp: 1 }] });
    const section = recordsSection(batch);
    // The key's length varint (after length, attributes, timestamp and offset deltas): 3 -> 9.
    section[4] = 9 * 2;
    const error = (read: () => void) => {
      try {
        read();
      } catch (e) {
        return String(e);
      }
      return 'no error';
    };
    const viaFields = error(() => readRecordFields(section, { pos: 0 }, 0, 0, () => {}));
    expect(viaFields).toMatch(/RangeError/);
    expect(error(() => readRecordSpans(section, { pos: 0 }, 0, 0, () => {}))).toBe(viaFields);
  });
});

describe('validateBatch', () => {
  const good = () => encodeBatch({ records: [1, 2, 3].map((n) => ({ key: Buffer.from(`k${n}`), value: Buffer.from(`v${n}`), timestamp: n })) });

  it('flags any flipped bit covered by the CRC as corrupt', () => {
    fc.assert(
      fc.property(fc.integer({ min: Offsets.attributes, max: good().length - 1 }), fc.integer({ min: 0, max: 7 }), (index, bit) => {
        const batch = good();
        batch[index]! ^= 1 << bit;
        const result = validateBatch(batch, 0, batch.length);
        expect(isBatchProblem(result) && result.kind).toBe('corrupt');
      }),
    );
  });

  it('rejects non-sequential offset deltas as an invalid record', () => {
    const batch = encodeBatch({ records: [{ key: null, value: null, timestamp: 0, offsetDelta: 0 }, { key: null, value: null, timestamp: 0, offsetDelta: 5 }], lastOffsetDelta: 1 });
    const result = validateBatch(batch, 0, batch.length);
    expect(result).toEqual({ kind: 'invalid', reason: 'record 1 has offset delta 5, expected 1' });
  });

  it('rejects an old magic byte', () => {
    const batch = good();
    batch.writeInt8(1, Offsets.magic);
    expect(validateBatch(batch, 0, batch.length)).toMatchObject({ kind: 'invalid' });
  });

  it('walks concatenated batches and skips a cut-off tail', () => {
    const a = good();
    const b = good();
    const joined = Buffer.concat([a, b, b.subarray(0, 20)]);
    const seen: Array<[number, number]> = [];
    forEachBatch(joined, (pos, size) => seen.push([pos, size]));
    expect(seen).toEqual([[0, a.length], [a.length, b.length]]);
    expect(batchSizeAt(joined, 0)).toBe(a.length);
  });
});
