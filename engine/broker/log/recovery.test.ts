import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../util/clock.js';
import type { LogConfig } from './log-config.js';
import { batchOf, collectWarnings, fileKind, keyValues, memoryKind, readAll, sizedBatch, type StorageKind } from './log-fixtures.js';
import { MemoryStorage } from './memory-storage.js';
import { PartitionLog } from './partition-log.js';
import type { Storage } from './storage.js';

const kinds = [
  { name: 'memory', make: memoryKind },
  { name: 'file', make: fileKind },
];

const SEGMENT_0 = '00000000000000000000';
const BATCH = sizedBatch(10, 100).length;

describe.each(kinds)('recovery ($name storage)', ({ make }) => {
  let kind: StorageKind;
  let warnings: string[];
  const opened: PartitionLog[] = [];
  const open = async (storage: Storage, config: Partial<LogConfig> = {}) => {
    const collector = collectWarnings();
    warnings = collector.warnings;
    const log = await PartitionLog.open({ storage, name: 'orders-0', config: { indexIntervalBytes: 512, ...config }, clock: new ManualClock(0), logger: collector.logger });
    opened.push(log);
    return log;
  };
  /** A log with `batches` batches of 10 records, abandoned without close (a crash). */
  const crashedLog = async (storage: Storage, batches: number, config: Partial<LogConfig> = {}) => {
    const log = await open(storage, config);
    for (let i = 0; i < batches; i++) log.append(sizedBatch(10, 100));
    await log.sync();
    opened.splice(opened.indexOf(log), 1);
    return log;
  };
  const damage = (storage: Storage, name: string, edit: (file: ReturnType<Storage['open']>) => void) => {
    const file = storage.open(name);
    edit(file);
    file.close();
  };

  beforeEach(() => {
    kind = make();
  });
  afterEach(async () => {
    for (const log of opened.splice(0)) await log.close();
    kind.cleanup();
  });

  it('opens a cleanly closed log without warnings', async () => {
    const storage = kind.create();
    const log = await open(storage);
    log.append(sizedBatch(10));
    await log.close();
    opened.splice(0);
    expect(storage.exists('clean-shutdown')).toBe(true);
    const reopened = await open(storage);
    expect(warnings).toEqual([]);
    expect(storage.exists('clean-shutdown')).toBe(false);
    expect(reopened.logEndOffset).toBe(10);
  });

  it('cuts a torn tail back to the last whole batch', async () => {
    const storage = kind.create();
    await crashedLog(storage, 5);
    damage(storage, `${SEGMENT_0}.log`, (file) => file.truncate(file.size - 30));
    const log = await open(storage);
    expect(log.logEndOffset).toBe(40);
    expect(log.sizeBytes).toBe(BATCH * 4);
    expect(readAll(log)).toHaveLength(40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('orders-0');
    expect(warnings[0]).toContain(`${SEGMENT_0}.log`);
    expect(warnings[0]).toContain(`position ${BATCH * 4}`);
    expect(log.append(sizedBatch(10)).baseOffset).toBe(40);
    expect(readAll(log).map((r) => r.offset)).toEqual([...Array(50).keys()]);
  });

  it('cuts a corrupt batch (bad CRC) and everything after it', async () => {
    const storage = kind.create();
    await crashedLog(storage, 5);
    damage(storage, `${SEGMENT_0}.log`, (file) => {
      const at = BATCH * 3 + 80;
      const byte = file.read(at, 1);
      byte[0] = byte[0]! ^ 0xff;
      file.writeAt(at, byte);
    });
    const log = await open(storage);
    expect(log.logEndOffset).toBe(30);
    expect(warnings[0]).toMatch(/truncating \d+ bytes at position 3\d+/);
    expect(warnings[0]).toContain('CRC');
    log.append(sizedBatch(10));
    expect(readAll(log).map((r) => r.offset)).toEqual([...Array(40).keys()]);
  });

  it('checks earlier segments that were not synced yet, and drops the segments after a cut', async () => {
    const storage = kind.create();
    const log = await crashedLog(storage, 2, { segmentBytes: BATCH * 2 });
    // Rolled twice since the last sync: the recovery point is still 0.
    for (let i = 0; i < 3; i++) log.append(sizedBatch(10, 100));
    expect(log.segmentBaseOffsets()).toEqual([0, 20, 40]);
    damage(storage, '00000000000000000020.log', (file) => file.truncate(BATCH + 5));
    const reopened = await open(storage, { segmentBytes: BATCH * 2 });
    expect(reopened.segmentBaseOffsets()).toEqual([0, 20]);
    expect(reopened.logEndOffset).toBe(30);
    expect(warnings.some((w) => w.includes('00000000000000000040.log'))).toBe(true);
    expect(reopened.append(sizedBatch(10)).baseOffset).toBe(30);
  });

  it('rebuilds a missing offset index, of the active segment and of an older one', async () => {
    const storage = kind.create();
    const config = { segmentBytes: BATCH * 3, indexIntervalBytes: 100 };
    const log = await open(storage, config);
    for (let i = 0; i < 5; i++) log.append(sizedBatch(10, 100));
    await log.close();
    opened.splice(0);
    storage.delete(`${SEGMENT_0}.index`);
    storage.delete('00000000000000000030.index');
    const reopened = await open(storage, config);
    expect(reopened.logEndOffset).toBe(50);
    for (let offset = 0; offset < 50; offset += 7) expect(reopened.read(offset, 1).readBigInt64BE(0)).toBe(BigInt(offset - (offset % 10)));
    expect(warnings.some((w) => w.includes(`${SEGMENT_0}.log`) && w.includes('missing'))).toBe(true);
    expect(warnings.some((w) => w.includes('00000000000000000030.log'))).toBe(true);
    expect(storage.exists(`${SEGMENT_0}.index`)).toBe(true);
  });

  it('rebuilds garbage index files and ignores stale entries pointing past the log', async () => {
    const storage = kind.create();
    const config = { segmentBytes: BATCH * 3, indexIntervalBytes: 100 };
    const log = await open(storage, config);
    for (let i = 0; i < 5; i++) log.append(sizedBatch(10, 100));
    await log.close();
    opened.splice(0);
    damage(storage, `${SEGMENT_0}.index`, (file) => file.writeAt(0, Buffer.from('this is not an index at all!!!!!')));
    damage(storage, `${SEGMENT_0}.timeindex`, (file) => file.truncate(7));
    damage(storage, '00000000000000000030.index', (file) => file.append(Buffer.from([0, 0, 0, 15, 0x7f, 0, 0, 0])));
    const reopened = await open(storage, config);
    expect(readAll(reopened).map((r) => r.offset)).toEqual([...Array(50).keys()]);
    expect(reopened.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: 1_000 });
    expect(warnings.filter((w) => w.includes('rebuilding indexes'))).toHaveLength(2);
  });

  it('completes an interrupted compaction swap and discards unfinished cleaned files', async () => {
    const storage = kind.create();
    const log = await open(storage, { segmentBytes: BATCH * 3 });
    for (let i = 0; i < 4; i++) log.append(sizedBatch(10, 100));
    await log.close();
    opened.splice(0);
    // A committed swap: segment 0 without its first batch; plus a stray .cleaned file.
    const original = storage.open(`${SEGMENT_0}.log`);
    const swap = storage.open(`${SEGMENT_0}.log.swap`);
    swap.append(original.read(BATCH, BATCH * 2));
    swap.close();
    original.close();
    damage(storage, '00000000000000000030.log.cleaned', (file) => file.append(Buffer.from('partial')));
    const reopened = await open(storage, { segmentBytes: BATCH * 3 });
    expect(readAll(reopened).map((r) => r.offset)).toEqual([...Array(40).keys()].slice(10));
    expect(reopened.logStartOffset).toBe(0);
    expect(storage.list().filter((name) => name.includes('.swap') || name.includes('.cleaned'))).toEqual([]);
    expect(warnings.some((w) => w.includes('interrupted compaction'))).toBe(true);
  });
});

describe('recovery after a machine crash (MemoryStorage.crashCopy)', () => {
  it('keeps exactly what was synced', async () => {
    const storage = new MemoryStorage();
    const log = await PartitionLog.open({ storage, name: 'orders-0', config: { segmentBytes: BATCH * 2 }, logger: () => undefined });
    for (let i = 0; i < 3; i++) log.append(sizedBatch(10, 100));
    await log.sync();
    for (let i = 0; i < 4; i++) log.append(sizedBatch(10, 100));
    expect(log.segmentCount).toBe(4);
    const warnings: string[] = [];
    const recovered = await PartitionLog.open({ storage: storage.crashCopy(), name: 'orders-0', config: { segmentBytes: BATCH * 2 }, logger: (m) => warnings.push(m) });
    expect(recovered.logEndOffset).toBe(30);
    expect(readAll(recovered).map((r) => r.offset)).toEqual([...Array(30).keys()]);
    expect(recovered.append(sizedBatch(10)).baseOffset).toBe(30);
    await recovered.close();
    await log.close();
  });
});

describe('recovery after compaction left gaps', () => {
  it('does not mistake compaction gaps below the recovery point for lost data', async () => {
    const storage = new MemoryStorage();
    const config = { segmentBytes: 14, cleanupPolicy: { delete: false, compact: true } };
    const log = await PartitionLog.open({ storage, name: 'orders-0', config, logger: () => undefined });
    // One batch per segment: compaction empties segment 0 (kept, it anchors the log start) and
    // removes segment 2 entirely, so segments 0 and 1 end before the next one starts.
    for (const key of ['same', 'only-a', 'same', 'only-b', 'same', 'tail']) log.append(batchOf([{ key }]));
    await log.compact(10_000);
    expect(log.segmentBaseOffsets()).toEqual([0, 1, 3, 4, 5]);
    const before = keyValues(readAll(log));
    expect(before).toEqual(['1:only-a=v', '3:only-b=v', '4:same=v', '5:tail=v']);
    const warnings: string[] = [];
    const recovered = await PartitionLog.open({ storage: storage.crashCopy(), name: 'orders-0', config, logger: (m) => warnings.push(m) });
    expect(keyValues(readAll(recovered))).toEqual(before);
    expect(recovered.logEndOffset).toBe(6);
    expect(warnings).toEqual([]);
    await recovered.close();
    await log.close();
  });
});
