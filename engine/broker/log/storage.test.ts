import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileKind, memoryKind, type StorageKind } from './log-fixtures.js';
import { MemoryStorage } from './memory-storage.js';

const kinds = [
  { name: 'memory', make: memoryKind },
  { name: 'file', make: fileKind },
];

describe.each(kinds)('Storage contract ($name)', ({ make }) => {
  let kind: StorageKind;
  beforeEach(() => {
    kind = make();
  });
  afterEach(() => kind.cleanup());

  it('appends, reads, overwrites and truncates', async () => {
    const storage = kind.create();
    const file = storage.open('a.log');
    expect(file.size).toBe(0);
    file.append(Buffer.from('hello '));
    file.append(Buffer.from('world'));
    expect(file.size).toBe(11);
    expect(file.read(0, 100).toString()).toBe('hello world');
    expect(file.read(6, 3).toString()).toBe('wor');
    expect(file.read(20, 3).length).toBe(0);
    file.writeAt(0, Buffer.from('J'));
    expect(file.read(0, 5).toString()).toBe('Jello');
    file.truncate(5);
    expect(file.size).toBe(5);
    file.append(Buffer.from('!'));
    await file.sync();
    file.close();
    expect(() => file.read(0, 1)).toThrow();
    expect(storage.open('a.log').read(0, 100).toString()).toBe('Jello!');
  });

  it('lists, renames (replacing), deletes and destroys', async () => {
    const storage = kind.create();
    storage.open('one').append(Buffer.from('1'));
    storage.open('two').append(Buffer.from('2'));
    expect(storage.list().sort()).toEqual(['one', 'two']);
    storage.rename('one', 'two');
    expect(storage.list()).toEqual(['two']);
    expect(storage.open('two').read(0, 1).toString()).toBe('1');
    const held = storage.open('two');
    storage.delete('two');
    storage.delete('missing');
    expect(storage.exists('two')).toBe(false);
    expect(held.read(0, 1).toString()).toBe('1');
    await storage.syncDirectory();
    storage.open('three');
    storage.destroy();
    expect(storage.list()).toEqual([]);
    storage.open('again').append(Buffer.from('x'));
    expect(storage.list()).toEqual(['again']);
  });
});

describe('MemoryStorage crash simulation', () => {
  it('keeps only synced bytes in a crash copy', async () => {
    const storage = new MemoryStorage();
    const file = storage.open('x');
    file.append(Buffer.from('durable'));
    await file.sync();
    file.append(Buffer.from('-lost'));
    storage.open('never-synced').append(Buffer.from('gone'));
    const copy = storage.crashCopy();
    expect(copy.contents('x')?.toString()).toBe('durable');
    expect(copy.contents('never-synced')?.length).toBe(0);
    expect(storage.fileSyncCount).toBe(1);
  });

  it('matches a plain Buffer under random writes, truncations, reads and views across chunk boundaries', () => {
    const file = new MemoryStorage().open('model');
    let model = Buffer.alloc(0);
    // Views handed out, with the bytes they showed then: later writes and truncations must not change them.
    const views: Array<{ view: Buffer; shown: Buffer }> = [];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n); // the high bits: an LCG's low bits cycle
    };
    for (let step = 0; step < 2_000; step++) {
      const action = random(10);
      if (action < 5) {
        const data = Buffer.alloc(random(20_000), step % 251);
        file.append(data);
        model = Buffer.concat([model, data]);
      } else if (action < 7) {
        const at = random(model.length + 5_000);
        const data = Buffer.alloc(random(9_000), (step * 7) % 251);
        file.writeAt(at, data);
        const grown = Buffer.alloc(Math.max(model.length, at + data.length));
        model.copy(grown);
        data.copy(grown, at);
        model = grown;
      } else if (action < 8) {
        const length = random(model.length + 3_000);
        file.truncate(length);
        const next = Buffer.alloc(length);
        model.copy(next, 0, 0, Math.min(length, model.length));
        model = next;
      } else if (action < 9) {
        const at = random(model.length + 10);
        const length = random(30_000);
        expect(file.read(at, length).equals(model.subarray(at, at + length))).toBe(true);
      } else {
        const at = random(model.length + 10);
        const length = random(30_000);
        const view = file.view!(at, length);
        const expected = model.subarray(at, at + length);
        if (expected.length > 0) expect(view.length).toBeGreaterThan(0);
        expect(view.equals(expected.subarray(0, view.length))).toBe(true);
        views.push({ view, shown: Buffer.from(view) });
      }
      expect(file.size).toBe(model.length);
    }
    expect(file.read(0, model.length).equals(model)).toBe(true);
    expect(views.length).toBeGreaterThan(100);
    for (const { view, shown } of views) expect(view.equals(shown)).toBe(true);
  });

  it('views stored bytes in place, in shared memory, up to the end of the chunk that holds them', () => {
    const file = new MemoryStorage().open('shared');
    file.append(Buffer.alloc(3_000, 1));
    file.append(Buffer.alloc(3_000, 2));
    const whole = file.view!(0, 6_000);
    expect(whole.buffer).toBeInstanceOf(SharedArrayBuffer);
    // The first chunk holds 4 KiB: a view from inside it stops at its end; a read copies across.
    expect(whole.length).toBe(4_096);
    expect(file.view!(5_000, 10_000).length).toBe(1_000);
    expect(file.view!(6_000, 10).length).toBe(0);
    expect(file.read(0, 6_000).buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });

  it('grows appends amortized (capacity doubles)', () => {
    const file = new MemoryStorage().open('big');
    const chunk = Buffer.alloc(100, 1);
    for (let i = 0; i < 10_000; i++) file.append(chunk);
    expect(file.size).toBe(1_000_000);
  });
});
