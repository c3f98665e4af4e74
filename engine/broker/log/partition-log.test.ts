import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../util/clock.js';
import { ErrorCode, KafkaError } from '../errors.js';
import { encodeBatch } from '../records/record-batch.js';
import { DEFAULT_LOG_CONFIG, type LogConfig } from './log-config.js';
import { batchOf, batchOffsets, collectWarnings, fileKind, keyValues, memoryKind, readAll, sizedBatch, type StorageKind } from './log-fixtures.js';
import { PartitionLog } from './partition-log.js';
import type { Storage } from './storage.js';

const kinds = [
  { name: 'memory', make: memoryKind },
  { name: 'file', make: fileKind },
];

describe.each(kinds)('PartitionLog ($name storage)', ({ make }) => {
  let kind: StorageKind;
  let clock: ManualClock;
  const opened: PartitionLog[] = [];
  const open = async (storage: Storage, config: Partial<LogConfig> = {}) => {
    const log = await PartitionLog.open({ storage, name: 'orders-0', config, clock, logger: collectWarnings().logger });
    opened.push(log);
    return log;
  };

  beforeEach(() => {
    kind = make();
    clock = new ManualClock(1_000_000);
  });
  afterEach(async () => {
    for (const log of opened.splice(0)) await log.close();
    kind.cleanup();
  });

  it('assigns consecutive offsets and reads every record back, also after reopening', async () => {
    const storage = kind.create();
    const log = await open(storage);
    expect([log.logStartOffset, log.logEndOffset, log.segmentCount]).toEqual([0, 0, 1]);
    expect(log.append(batchOf([{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }]))).toEqual({ baseOffset: 0, lastOffset: 2 });
    expect(log.append(batchOf([{ key: 'd', value: '4' }]))).toEqual({ baseOffset: 3, lastOffset: 3 });
    const two = Buffer.concat([batchOf([{ key: 'e', value: '5' }, { key: 'f', value: '6' }]), batchOf([{ key: 'g', value: '7' }])]);
    expect(log.append(two)).toEqual({ baseOffset: 4, lastOffset: 6 });
    expect(log.logEndOffset).toBe(7);
    const expected = ['0:a=1', '1:b=2', '2:c=3', '3:d=4', '4:e=5', '5:f=6', '6:g=7'];
    expect(keyValues(readAll(log))).toEqual(expected);
    await log.close();
    opened.splice(0);

    const reopened = await open(storage);
    expect(reopened.logEndOffset).toBe(7);
    expect(keyValues(readAll(reopened))).toEqual(expected);
    expect(reopened.append(batchOf([{ key: 'h', value: '8' }])).baseOffset).toBe(7);
    expect(keyValues(readAll(reopened)).at(-1)).toBe('7:h=8');
  });

  it('rolls a new segment when the next append would exceed segmentBytes', async () => {
    const batch = sizedBatch(10, 100);
    const log = await open(kind.create(), { segmentBytes: batch.length * 3 });
    for (let i = 0; i < 10; i++) log.append(sizedBatch(10, 100));
    expect(log.segmentCount).toBe(4);
    expect(log.segmentBaseOffsets()).toEqual([0, 30, 60, 90]);
    expect(log.sizeBytes).toBe(batch.length * 10);
    expect(readAll(log).map((r) => r.offset)).toEqual([...Array(100).keys()]);
  });

  it('rolls by age (segmentMs) measured from the first append', async () => {
    const log = await open(kind.create(), { segmentMs: 1_000 });
    log.append(sizedBatch(1));
    clock.advance(600);
    log.append(sizedBatch(1));
    clock.advance(400);
    log.append(sizedBatch(1));
    expect(log.segmentCount).toBe(1);
    clock.advance(1);
    log.append(sizedBatch(1));
    expect(log.segmentBaseOffsets()).toEqual([0, 3]);
    clock.advance(999);
    log.append(sizedBatch(1));
    expect(log.segmentCount).toBe(2);
  });

  it('rolls when the offset index would overflow segmentIndexBytes', async () => {
    const log = await open(kind.create(), { indexIntervalBytes: 0, segmentIndexBytes: 32 });
    for (let i = 0; i < 12; i++) log.append(sizedBatch(1));
    expect(log.segmentCount).toBeGreaterThan(1);
    expect(readAll(log).map((r) => r.offset)).toEqual([...Array(12).keys()]);
  });

  it('reads in place when asked to share memory: whole batches, a prefix of the copying read, never empty', async () => {
    // Counts the bytes storage reads copy, to see what reading in place still copies.
    const storage = kind.create();
    let copied = 0;
    const openFile = storage.open.bind(storage);
    storage.open = (name) => {
      const file = openFile(name);
      const read = file.read.bind(file);
      file.read = (position, length) => {
        const bytes = read(position, length);
        copied += bytes.length;
        return bytes;
      };
      return file;
    };
    const log = await open(storage, { segmentBytes: 3 * 1024 * 1024 });
    // Batches of 60 B to 20 KB, across the memory storage's chunk boundaries (4 KiB doubling to 4 MiB) and a roll.
    for (let i = 0; i < 700; i++) log.append(sizedBatch((i % 13) + 1, (i * 37) % 1500));
    expect(log.segmentCount).toBeGreaterThan(1);
    let inPlace = 0;
    let reads = 0;
    let sharedBytes = 0;
    let copiedForShared = 0;
    for (let offset = 0; offset < log.logEndOffset; offset += 7) {
      for (const maxBytes of [1, 5_000, 300_000, 1024 * 1024]) {
        const plain = log.read(offset, maxBytes);
        const before = copied;
        const shared = log.read(offset, maxBytes, true);
        copiedForShared += copied - before;
        sharedBytes += shared.length;
        const offsets = batchOffsets(shared);
        expect(offsets.length).toBeGreaterThan(0);
        expect(offsets).toEqual(batchOffsets(plain).slice(0, offsets.length));
        expect(plain.subarray(0, shared.length).equals(shared)).toBe(true);
        reads++;
        if (shared.buffer instanceof SharedArrayBuffer) inPlace++;
      }
    }
    // Memory storage hands out its own bytes nearly always; file storage has none to share.
    if (kind.kind === 'file') expect(inPlace).toBe(0);
    else {
      expect(inPlace / reads, `${inPlace} of ${reads} reads in place`).toBeGreaterThan(0.9);
      expect(copiedForShared / sharedBytes, `copied ${copiedForShared} B to share ${sharedBytes} B`).toBeLessThan(0.01);
    }
  });

  it('finds the batch holding any offset through the offset index, in the active and rolled segments', async () => {
    const storage = kind.create();
    const log = await open(storage, { indexIntervalBytes: 256, segmentBytes: 20_000 });
    const batchSizes: number[] = [];
    for (let i = 0; i < 200; i++) batchSizes.push(log.append(sizedBatch((i % 7) + 1, 30)).lastOffset);
    expect(log.segmentCount).toBeGreaterThan(1);
    const check = (l: PartitionLog) => {
      let base = 0;
      for (const last of batchSizes) {
        for (let offset = base; offset <= last; offset++) expect(batchOffsets(l.read(offset, 1))).toEqual([base]);
        base = last + 1;
      }
    };
    check(log);
    await log.close();
    opened.splice(0);
    check(await open(storage, { indexIntervalBytes: 256, segmentBytes: 20_000 }));
  });

  it('returns the containing batch when reading from the middle of it', async () => {
    const log = await open(kind.create());
    log.append(sizedBatch(10));
    log.append(sizedBatch(10));
    expect(batchOffsets(log.read(5, 1))).toEqual([0]);
    expect(batchOffsets(log.read(15, 1_000_000))).toEqual([10]);
    expect(batchOffsets(log.read(9, 1_000_000))).toEqual([0, 10]);
  });

  it('fills up to maxBytes with whole batches, but returns at least one batch', async () => {
    const log = await open(kind.create());
    const size = sizedBatch(5).length;
    for (let i = 0; i < 5; i++) log.append(sizedBatch(5));
    log.append(sizedBatch(200));
    expect(batchOffsets(log.read(0, size * 2))).toEqual([0, 5]);
    expect(batchOffsets(log.read(0, size * 2 + size - 1))).toEqual([0, 5]);
    expect(batchOffsets(log.read(0, size * 3))).toEqual([0, 5, 10]);
    expect(batchOffsets(log.read(0, 1))).toEqual([0]);
    expect(batchOffsets(log.read(0, 0))).toEqual([0]);
    const big = log.read(25, 10);
    expect(batchOffsets(big)).toEqual([25]);
    expect(big.length).toBe(sizedBatch(200).length);
  });

  it('returns nothing at the log end and OFFSET_OUT_OF_RANGE outside [logStartOffset, logEndOffset]', async () => {
    const log = await open(kind.create());
    expect(log.read(0, 100).length).toBe(0);
    log.append(sizedBatch(10));
    expect(log.read(10, 100).length).toBe(0);
    const failure = (() => {
      try {
        log.read(12, 100);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(KafkaError);
    expect((failure as KafkaError).errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect((failure as KafkaError).message).toBe('offset 12 is outside [0, 10) of orders-0');
    expect(() => log.read(-1, 100)).toThrow(KafkaError);
  });

  it('finds the earliest offset at or after a timestamp', async () => {
    const storage = kind.create();
    const config = { indexIntervalBytes: 100, segmentBytes: 2_000 };
    const log = await open(storage, config);
    // Timestamps 1000, 1010, … with one batch whose records are out of order.
    let ts = 1_000;
    for (let i = 0; i < 60; i++) {
      log.append(batchOf([{ key: `k${i}`, timestamp: ts }, { key: `j${i}`, timestamp: ts + 5 }]));
      ts += 10;
    }
    log.append(batchOf([{ key: 'late', timestamp: 5_000 }, { key: 'early', timestamp: 4_000 }]));
    expect(log.segmentCount).toBeGreaterThan(2);
    const check = (l: PartitionLog) => {
      expect(l.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: 1_000 });
      expect(l.offsetForTimestamp(1_000)).toEqual({ offset: 0, timestamp: 1_000 });
      expect(l.offsetForTimestamp(1_001)).toEqual({ offset: 1, timestamp: 1_005 });
      expect(l.offsetForTimestamp(1_006)).toEqual({ offset: 2, timestamp: 1_010 });
      expect(l.offsetForTimestamp(1_300)).toEqual({ offset: 60, timestamp: 1_300 });
      expect(l.offsetForTimestamp(1_596)).toEqual({ offset: 120, timestamp: 5_000 });
      expect(l.offsetForTimestamp(5_000)).toEqual({ offset: 120, timestamp: 5_000 });
      expect(l.offsetForTimestamp(5_001)).toBeNull();
    };
    check(log);
    await log.close();
    opened.splice(0);
    check(await open(storage, config));
  });

  it('reports LogAppendTime batches at their append time', async () => {
    const log = await open(kind.create());
    const batch = encodeBatch({ records: [{ key: null, value: Buffer.from('x'), timestamp: 10 }], timestampType: 1 });
    batch.writeBigInt64BE(7_000n, 35);
    log.append(batchOf([{ key: 'a', timestamp: 100 }]));
    log.append(batch);
    expect(log.offsetForTimestamp(5_000)).toEqual({ offset: 1, timestamp: 7_000 });
  });

  it('notifies append listeners until disposed', async () => {
    const log = await open(kind.create());
    const seen: number[] = [];
    const subscription = log.onAppend(({ baseOffset }) => seen.push(baseOffset));
    log.onAppend(() => {
      throw new Error('listener bug');
    });
    log.append(sizedBatch(2));
    log.append(sizedBatch(3));
    subscription.dispose();
    log.append(sizedBatch(1));
    expect(seen).toEqual([0, 2]);
  });

  it('rejects malformed input without changing the log', async () => {
    const log = await open(kind.create());
    log.append(sizedBatch(2));
    const batch = sizedBatch(2);
    expect(() => log.append(batch.subarray(0, batch.length - 1))).toThrow(KafkaError);
    expect(() => log.append(Buffer.alloc(0))).toThrow(KafkaError);
    expect(log.logEndOffset).toBe(2);
    expect(log.append(batch).baseOffset).toBe(2);
  });

  it('applies a new config to later appends', async () => {
    const log = await open(kind.create());
    log.append(sizedBatch(5));
    log.setConfig({ segmentBytes: 100 });
    expect(log.config.segmentBytes).toBe(100);
    expect(log.config.retentionMs).toBe(DEFAULT_LOG_CONFIG.retentionMs);
    log.append(sizedBatch(5));
    expect(log.segmentCount).toBe(2);
  });

  it('refuses work after close and removes everything on deleteAll', async () => {
    const storage = kind.create();
    const log = await open(storage);
    log.append(sizedBatch(3));
    await log.close();
    await log.close();
    opened.splice(0);
    expect(() => log.append(sizedBatch(1))).toThrow(KafkaError);
    await expect(log.sync()).rejects.toThrow(KafkaError);
    const again = await open(storage);
    expect(again.logEndOffset).toBe(3);
    await again.deleteAll();
    opened.splice(0);
    expect(storage.list()).toEqual([]);
  });
});
