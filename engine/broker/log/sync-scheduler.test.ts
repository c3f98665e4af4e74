import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectWarnings, fileKind, memoryKind, sizedBatch, type StorageKind } from './log-fixtures.js';
import { MemoryStorage } from './memory-storage.js';
import { PartitionLog } from './partition-log.js';
import type { Storage, StorageFile } from './storage.js';
import { SyncScheduler } from './sync-scheduler.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SyncScheduler', () => {
  it('runs one round at a time and lets concurrent callers share the next one', async () => {
    const rounds: ReturnType<typeof deferred>[] = [];
    let running = 0;
    let maxRunning = 0;
    const scheduler = new SyncScheduler(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      const round = deferred();
      rounds.push(round);
      await round.promise;
      running--;
    });
    const done: number[] = [];
    const first = scheduler.request().then(() => done.push(0));
    const waiting = [1, 2, 3, 4].map((i) => scheduler.request().then(() => done.push(i)));
    expect(rounds).toHaveLength(1);
    rounds[0]!.resolve();
    await first;
    expect(done).toEqual([0]);
    await Promise.resolve();
    expect(rounds).toHaveLength(2);
    rounds[1]!.resolve();
    await Promise.all(waiting);
    expect(done).toEqual([0, 1, 2, 3, 4]);
    expect(scheduler.rounds).toBe(2);
    expect(maxRunning).toBe(1);
    await scheduler.idle();
    expect(scheduler.busy).toBe(false);
  });

  it('rejects the callers of a failed round and recovers on the next request', async () => {
    let fail = true;
    const scheduler = new SyncScheduler(async () => {
      if (fail) throw new Error('disk on fire');
    });
    await expect(scheduler.request()).rejects.toThrow('disk on fire');
    fail = false;
    await expect(scheduler.request()).resolves.toBeUndefined();
  });
});

/** Wraps a storage to count file fsyncs. */
function countingStorage(inner: Storage): { storage: Storage; count: () => number } {
  let syncs = 0;
  const wrapFile = (file: StorageFile): StorageFile =>
    new Proxy(file, {
      get(target, property, receiver) {
        if (property === 'sync') return () => ((syncs += 1), target.sync());
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const storage = new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'open') return (name: string) => wrapFile(target.open(name));
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { storage, count: () => syncs };
}

describe.each([
  { name: 'memory', make: memoryKind },
  { name: 'file', make: fileKind },
])('group commit ($name storage)', ({ make }) => {
  let kind: StorageKind;
  beforeEach(() => {
    kind = make();
  });
  afterEach(() => kind.cleanup());

  it('shares fsyncs between concurrent sync() calls', async () => {
    const { storage, count } = countingStorage(kind.create());
    const log = await PartitionLog.open({ storage, name: 'orders-0', logger: collectWarnings().logger });
    const before = count();
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      log.append(sizedBatch(10));
      calls.push(log.sync());
    }
    await Promise.all(calls);
    expect(count() - before).toBeLessThanOrEqual(2);
    await log.sync();
    expect(count() - before).toBeLessThanOrEqual(2);
    await log.close();
  });
});

describe('group commit durability', () => {
  it('resolves each sync() only after the data appended before it is durable', async () => {
    const gates: (() => void)[] = [];
    const storage = new MemoryStorage({ syncDelay: () => new Promise<void>((resolve) => gates.push(resolve)) });
    const releaseAll = () => gates.splice(0).forEach((release) => release());
    /** Completes every fsync as it comes until `promise` settles. */
    const pump = async <T>(promise: Promise<T>): Promise<T> => {
      let settled = false;
      const watched = promise.finally(() => {
        settled = true;
      });
      while (!settled) {
        releaseAll();
        await new Promise((resolve) => setImmediate(resolve));
      }
      return watched;
    };
    const durableBytes = () => storage.crashCopy().contents('00000000000000000000.log')?.length ?? 0;

    const log = await pump(PartitionLog.open({ storage, name: 'orders-0', logger: () => undefined }));
    const syncsBefore = storage.fileSyncCount;
    const checks: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      log.append(sizedBatch(10));
      const end = log.sizeBytes;
      checks.push(log.sync().then(() => expect(durableBytes()).toBeGreaterThanOrEqual(end)));
      // Let some fsyncs complete while others are still being requested.
      if (i % 5 === 4) {
        releaseAll();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await pump(Promise.all(checks));
    expect(durableBytes()).toBe(log.sizeBytes);
    expect(storage.fileSyncCount - syncsBefore).toBeLessThan(20);
    await pump(log.close());
  });
});
