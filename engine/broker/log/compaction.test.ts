import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../util/clock.js';
import { Attributes, readBatchHeader } from '../records/batch-header.js';
import { forEachBatch } from '../records/batch-validate.js';
import { decodeRecords, encodeBatch } from '../records/record-batch.js';
import type { LogConfig } from './log-config.js';
import { batchOf, collectWarnings, fileKind, keyValues, memoryKind, readAll, type SimpleRecord, type StorageKind } from './log-fixtures.js';
import { PartitionLog } from './partition-log.js';
import type { Storage } from './storage.js';

const kinds = [
  { name: 'memory', make: memoryKind },
  { name: 'file', make: fileKind },
];

const COMPACT: Partial<LogConfig> = { cleanupPolicy: { delete: false, compact: true }, segmentBytes: 14 };

/** Every batch header of the log, in order. */
function headers(log: PartitionLog) {
  const chunk = log.read(log.logStartOffset, 1 << 30);
  const all: ReturnType<typeof readBatchHeader>[] = [];
  let offset = log.logStartOffset;
  let data = chunk;
  while (offset < log.logEndOffset && data.length > 0) {
    forEachBatch(data, (pos) => {
      const header = readBatchHeader(data, pos);
      all.push(header);
      offset = header.baseOffset + header.lastOffsetDelta + 1;
    });
    data = offset < log.logEndOffset ? log.read(offset, 1 << 30) : Buffer.alloc(0);
  }
  return all;
}

describe.each(kinds)('compaction ($name storage)', ({ make }) => {
  let kind: StorageKind;
  const opened: PartitionLog[] = [];
  const open = async (storage: Storage, config: Partial<LogConfig> = {}) => {
    const log = await PartitionLog.open({ storage, name: 'orders-0', config: { ...COMPACT, ...config }, clock: new ManualClock(0), logger: collectWarnings().logger });
    opened.push(log);
    return log;
  };
  /** Appends each batch as its own segment (segmentBytes 14 rolls on every append). */
  const appendAll = (log: PartitionLog, batches: SimpleRecord[][]) => {
    for (const records of batches) log.append(batchOf(records));
  };

  beforeEach(() => {
    kind = make();
  });
  afterEach(async () => {
    for (const log of opened.splice(0)) await log.close();
    kind.cleanup();
  });

  it('keeps the latest record per key at its original offset and never touches the active segment', async () => {
    const storage = kind.create();
    const log = await open(storage);
    appendAll(log, [
      [{ key: 'k1', value: 'a' }, { key: 'k2', value: 'a' }],
      [{ key: 'k1', value: 'b' }],
      [{ key: 'k3', value: 'a' }, { key: 'k2', value: 'b' }],
      [{ key: 'k1', value: 'c' }, { key: 'k3', value: 'b' }],
    ]);
    const active = log.read(5, 1 << 20);
    const result = await log.compact(1_000);
    expect(result.error).toBeUndefined();
    expect(result.recordsRemoved).toBe(4);
    // k3=a at offset 3 is superseded only by the active segment: it goes too.
    expect(keyValues(readAll(log))).toEqual(['4:k2=b', '5:k1=c', '6:k3=b']);
    expect(log.read(5, 1 << 20).equals(active)).toBe(true);
    expect([log.logStartOffset, log.logEndOffset]).toEqual([0, 7]);
    expect(log.read(0, 1).readBigInt64BE(0)).toBe(3n);
    await log.close();
    opened.splice(0);
    const reopened = await open(storage);
    expect(keyValues(readAll(reopened))).toEqual(['4:k2=b', '5:k1=c', '6:k3=b']);
    expect(reopened.append(batchOf([{ key: 'k9' }])).baseOffset).toBe(7);
  });

  it('rebuilds a partly cleaned batch with its base offset, lastOffsetDelta and record offsets', async () => {
    const log = await open(kind.create());
    appendAll(log, [
      [{ key: 'x', value: '1' }, { key: 'y', value: '1' }, { key: 'x', value: '2' }, { key: 'z', value: '1' }],
      [{ key: 'z', value: '2' }],
      [{ key: 'end', value: '!' }],
    ]);
    await log.compact(1_000);
    const [first] = headers(log);
    expect(first).toMatchObject({ baseOffset: 0, lastOffsetDelta: 3, recordCount: 2 });
    expect(keyValues(readAll(log))).toEqual(['1:y=1', '2:x=2', '4:z=2', '5:end=!']);
  });

  it('keeps compressed batches compressed with the same codec, and keeps control batches', async () => {
    const log = await open(kind.create());
    log.append(batchOf([{ key: 'a', value: '1' }, { key: 'b', value: '1' }, { key: 'a', value: '2' }], { compression: 1 }));
    const marker = encodeBatch({
      records: [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]), timestamp: 1_000 }],
      isControl: true,
      isTransactional: true,
      producerId: 7,
    });
    log.append(marker);
    log.append(batchOf([{ key: 'b', value: '2' }]));
    log.append(batchOf([{ key: 'tail' }]));
    await log.compact(1_000);
    const all = headers(log);
    expect(all.map((h) => [h.baseOffset, h.attributes & 7, Boolean(h.attributes & Attributes.control)])).toEqual([
      [0, 1, false],
      [3, 0, true],
      [4, 0, false],
      [5, 0, false],
    ]);
    expect(keyValues(readAll(log).filter((r) => r.offset !== 3))).toEqual(['2:a=2', '4:b=2', '5:tail=v']);
  });

  it('keeps tombstones until deleteRetentionMs after the first cleaning, then drops them', async () => {
    const log = await open(kind.create(), { deleteRetentionMs: 1_000 });
    appendAll(log, [[{ key: 'k', value: 'a', timestamp: 10 }], [{ key: 'k', value: null, timestamp: 20 }], [{ key: 'other' }]]);
    await log.compact(5_000);
    expect(keyValues(readAll(log))).toEqual(['1:k=∅', '2:other=v']);
    const tombstone = log.read(1, 1);
    const header = readBatchHeader(tombstone);
    expect(header.attributes & Attributes.deleteHorizon).toBe(Attributes.deleteHorizon);
    expect(header.baseTimestamp).toBe(6_000);
    expect(decodeRecords(tombstone)[0]).toMatchObject({ offset: 1, timestamp: 20, value: null });

    expect((await log.compact(5_999)).recordsRemoved).toBe(0);
    expect(keyValues(readAll(log))).toEqual(['1:k=∅', '2:other=v']);
    expect((await log.compact(6_000)).recordsRemoved).toBe(1);
    expect(keyValues(readAll(log))).toEqual(['2:other=v']);
  });

  it('does not clean segments newer than minCompactionLagMs, nor anything after them', async () => {
    const log = await open(kind.create(), { minCompactionLagMs: 10_000 });
    appendAll(log, [
      [{ key: 'k', value: 'old', timestamp: 1_000 }],
      [{ key: 'j', value: '1', timestamp: 50_000 }, { key: 'j', value: '2', timestamp: 50_000 }],
      [{ key: 'k', value: 'new', timestamp: 51_000 }],
      [{ key: 'tail', timestamp: 52_000 }],
    ]);
    await log.compact(55_000);
    expect(keyValues(readAll(log))).toEqual(['1:j=1', '2:j=2', '3:k=new', '4:tail=v']);
    await log.compact(61_000);
    expect(keyValues(readAll(log))).toEqual(['2:j=2', '3:k=new', '4:tail=v']);
  });

  it('does nothing unless the cleanup policy includes compact', async () => {
    const log = await open(kind.create(), { cleanupPolicy: { delete: true, compact: false } });
    appendAll(log, [[{ key: 'k', value: '1' }], [{ key: 'k', value: '2' }], [{ key: 't' }]]);
    expect((await log.compact(1_000)).segmentsCleaned).toBe(0);
    expect(readAll(log)).toHaveLength(3);
  });

  it('finds offsets by timestamp and keeps appending after compaction', async () => {
    const log = await open(kind.create());
    appendAll(log, [
      [{ key: 'a', value: '1', timestamp: 100 }],
      [{ key: 'a', value: '2', timestamp: 200 }],
      [{ key: 'b', value: '1', timestamp: 300 }],
    ]);
    await log.compact(1_000);
    expect(log.offsetForTimestamp(50)).toEqual({ offset: 1, timestamp: 200 });
    log.append(batchOf([{ key: 'c', timestamp: 400 }]));
    expect(log.offsetForTimestamp(350)).toEqual({ offset: 3, timestamp: 400 });
  });
});
