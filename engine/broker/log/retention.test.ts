import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../util/clock.js';
import { ErrorCode, KafkaError } from '../errors.js';
import type { LogConfig } from './log-config.js';
import { batchOf, collectWarnings, fileKind, memoryKind, readAll, sizedBatch, type StorageKind } from './log-fixtures.js';
import { PartitionLog } from './partition-log.js';
import type { Storage } from './storage.js';

const kinds = [
  { name: 'memory', make: memoryKind },
  { name: 'file', make: fileKind },
];

describe.each(kinds)('retention ($name storage)', ({ make }) => {
  let kind: StorageKind;
  const opened: PartitionLog[] = [];
  const open = async (storage: Storage, config: Partial<LogConfig>) => {
    const log = await PartitionLog.open({ storage, name: 'orders-0', config, clock: new ManualClock(0), logger: collectWarnings().logger });
    opened.push(log);
    return log;
  };

  beforeEach(() => {
    kind = make();
  });
  afterEach(async () => {
    for (const log of opened.splice(0)) await log.close();
    kind.cleanup();
  });

  /** One segment per batch: each batch holds 10 records stamped `timestamps[i]`. */
  async function segmentedLog(storage: Storage, timestamps: number[], config: Partial<LogConfig>) {
    const log = await open(storage, { segmentBytes: 14, ...config });
    for (const ts of timestamps) log.append(sizedBatch(10, 50, ts));
    expect(log.segmentCount).toBe(timestamps.length);
    return log;
  }

  it('deletes whole segments whose newest record is older than retentionMs, never the active one', async () => {
    const log = await segmentedLog(kind.create(), [1_000, 2_000, 3_000, 4_000], { retentionMs: 1_500 });
    expect(log.applyRetention(4_000)).toBe(2);
    expect(log.logStartOffset).toBe(20);
    expect(log.segmentBaseOffsets()).toEqual([20, 30]);
    expect(readAll(log).map((r) => r.offset)[0]).toBe(20);
    expect(() => log.read(5, 100)).toThrow(expect.objectContaining({ errorCode: ErrorCode.OFFSET_OUT_OF_RANGE }));
    expect(log.applyRetention(4_000)).toBe(0);
    expect(log.applyRetention(1_000_000)).toBe(1);
    expect(log.segmentBaseOffsets()).toEqual([30]);
    expect(log.logEndOffset).toBe(40);
  });

  it('keeps everything when retentionMs is -1', async () => {
    const log = await segmentedLog(kind.create(), [1, 2, 3], { retentionMs: -1 });
    expect(log.applyRetention(Number.MAX_SAFE_INTEGER)).toBe(0);
  });

  it('deletes the oldest segments while the partition exceeds retentionBytes', async () => {
    const segment = sizedBatch(10, 50).length;
    const log = await segmentedLog(kind.create(), [1, 2, 3, 4, 5], { retentionMs: -1, retentionBytes: Math.floor(segment * 2.5) });
    expect(log.applyRetention(10)).toBe(2);
    expect(log.sizeBytes).toBe(segment * 3);
    expect(log.logStartOffset).toBe(20);
    expect(log.applyRetention(10)).toBe(0);
  });

  it('does nothing unless the cleanup policy includes delete', async () => {
    const log = await segmentedLog(kind.create(), [1, 2, 3], { retentionMs: 0, cleanupPolicy: { delete: false, compact: true } });
    expect(log.applyRetention(1_000)).toBe(0);
    log.setConfig({ segmentBytes: 14, retentionMs: 0, cleanupPolicy: { delete: true, compact: true } });
    expect(log.applyRetention(1_000)).toBe(2);
  });

  it('keeps the new log start offset across a restart and removes the files', async () => {
    const storage = kind.create();
    const log = await segmentedLog(storage, [1_000, 2_000, 3_000], { retentionMs: 10 });
    log.applyRetention(2_500);
    await log.sync();
    expect(storage.list().filter((name) => name.endsWith('.log')).sort()).toEqual([
      '00000000000000000020.log',
    ]);
    await log.close();
    opened.splice(0);
    const reopened = await open(storage, { segmentBytes: 14 });
    expect([reopened.logStartOffset, reopened.logEndOffset]).toEqual([20, 30]);
    expect(reopened.append(batchOf([{ key: 'x' }])).baseOffset).toBe(30);
    expect(() => reopened.read(0, 1)).toThrow(KafkaError);
  });
});
