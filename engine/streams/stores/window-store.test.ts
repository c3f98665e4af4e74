import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryWindowStore, Serdes, type ChangelogRecord } from '../index.js';
import type { StoreContext } from './state-store.js';

const S = Serdes.String();
const I = Serdes.Int32();

function context(log: ChangelogRecord[]): StoreContext {
  return { applicationId: 'app', changelogTopic: 'app-w-changelog', serdeTopic: 'app-w-changelog', logChange: (key, value) => log.push({ key, value }) };
}

/** A context that takes changelog keys encoded (as the runtime's does), into buffers just large enough. */
function encodingContext(log: ChangelogRecord[]): StoreContext {
  return {
    ...context(log),
    logChangeEncoded: (key, encodeKey, value) => {
      // Every size below the key's must be refused (-1), the exact one accepted.
      let size = 0;
      let buf = Buffer.alloc(size);
      let end: number;
      while ((end = encodeKey(key, buf, 0)) < 0) buf = Buffer.alloc(++size);
      expect(end).toBe(size);
      log.push({ key: buf, value });
    },
  };
}

/** The window store's contract, written as plainly as possible. */
class Model {
  private entries: { key: string; start: number; value: number }[] = [];
  private observed = -1;

  constructor(
    private readonly retentionMs: number,
    private readonly duplicates: boolean,
  ) {}

  put(key: string, value: number | null, start: number): void {
    if (this.duplicates && value === null) return;
    this.observed = Math.max(this.observed, start);
    if (start <= this.observed - this.retentionMs) return;
    if (!this.duplicates || value === null) this.entries = this.entries.filter((e) => !(e.key === key && e.start === start));
    if (value !== null) this.entries.push({ key, start, value });
    this.entries = this.entries.filter((e) => e.start > this.observed - this.retentionMs);
  }

  fetchOne(key: string, start: number): number | null {
    if (start <= this.observed - this.retentionMs) return null;
    return this.entries.filter((e) => e.key === key && e.start === start).at(-1)?.value ?? null;
  }

  fetch(key: string, from: number, to: number): { timestamp: number; value: number }[] {
    return this.live(from, to)
      .filter((e) => e.key === key)
      .map((e) => ({ timestamp: e.start, value: e.value }));
  }

  fetchAll(from: number, to: number): [string, number, number][] {
    const bytes = (k: string) => Buffer.from(k);
    return this.live(from, to)
      .sort((a, b) => a.start - b.start || Buffer.compare(bytes(a.key), bytes(b.key)))
      .map((e) => [e.key, e.start, e.value]);
  }

  private live(from: number, to: number) {
    const lowest = Math.max(from, this.observed - this.retentionMs + 1);
    // Stable sort keeps insertion order within a (start, key).
    return this.entries.filter((e) => e.start >= lowest && e.start <= to).sort((a, b) => a.start - b.start);
  }
}

const op = fc.record({
  key: fc.constantFrom('a', 'b', 'ab', 'é', 'z', ''),
  start: fc.integer({ min: 0, max: 60 }),
  value: fc.option(fc.integer({ min: -5, max: 5 }), { freq: 5 }),
});

/** Each store is tested with and without retained duplicates, its changelog keys built or encoded. */
const VARIANTS = [
  [false, context],
  [true, context],
  [false, encodingContext],
  [true, encodingContext],
] as const;

describe('InMemoryWindowStore against a plain model', () => {
  for (const [duplicates, makeContext] of VARIANTS) {
    it(`agrees on puts, fetches, expiry and restore (retainDuplicates=${duplicates}, ${makeContext.name})`, () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 80 }), fc.integer({ min: 1, max: 30 }), (ops, retentionMs) => {
          const log: ChangelogRecord[] = [];
          const store = new InMemoryWindowStore('w', S, I, retentionMs, 1, duplicates);
          store.init(makeContext(log));
          const model = new Model(retentionMs, duplicates);
          for (const { key, start, value } of ops) {
            store.put(key, value, start);
            model.put(key, value, start);
            expect(store.fetch(key, start)).toEqual(model.fetchOne(key, start));
            expect(store.fetch(key, start - 10, start + 10)).toEqual(model.fetch(key, start - 10, start + 10));
          }
          const all = (s: InMemoryWindowStore<string, number>) => s.fetchAll(0, 100).map((kv) => [kv.key.key, kv.key.window.start, kv.value]);
          expect(all(store)).toEqual(model.fetchAll(0, 100));
          expect(store.backwardFetch('a', 0, 100)).toEqual(model.fetch('a', 0, 100).reverse());
          const restored = new InMemoryWindowStore<string, number>('w', S, I, retentionMs, 1, duplicates);
          restored.init(context([]));
          restored.restore(log);
          expect(all(restored)).toEqual(all(store));
        }),
      );
    });
  }
});

describe('InMemoryWindowStore changelog', () => {
  it('keys its changelog records by key bytes + 8-byte window start + 4-byte sequence number (short and long keys, ASCII or not; built or encoded)', () => {
    for (const [duplicates, makeContext] of VARIANTS) {
      const log: ChangelogRecord[] = [];
      const store = new InMemoryWindowStore('w', S, I, 1000, 1, duplicates);
      store.init(makeContext(log));
      const keys = ['', 'k', 'é', 'c1234', 'x'.repeat(12), 'y'.repeat(13), 'zé€😀'.repeat(5)];
      keys.forEach((key, i) => store.put(key, i, 100 + i));
      expect(log.map((r) => r.key)).toEqual(
        keys.map((key, i) => {
          const expected = Buffer.alloc(Buffer.byteLength(key) + 12);
          expected.write(key);
          expected.writeBigInt64BE(BigInt(100 + i), expected.length - 12);
          expected.writeInt32BE(duplicates ? i + 1 : 0, expected.length - 4);
          return expected;
        }),
      );
    }
  });

  it('numbers duplicates on from 0 past 2^31 - 1, as Kafka does ((seqnum + 1) & 0x7FFFFFFF), rather than failing the put', () => {
    for (const [, makeContext] of VARIANTS.filter(([duplicates]) => duplicates)) {
      const log: ChangelogRecord[] = [];
      const store = new InMemoryWindowStore('w', S, I, 1000, 1, true);
      store.init(makeContext(log));
      // Restoring a record sets the store's sequence number to the highest it has seen.
      const restoredKey = Buffer.alloc(13);
      restoredKey.write('k');
      restoredKey.writeBigInt64BE(100n, 1);
      restoredKey.writeInt32BE(0x7fff_fffe, 9);
      store.restore([{ key: restoredKey, value: I.serialize('t', 1) }]);
      store.put('k', 2, 100);
      store.put('k', 3, 100);
      expect(log.map((r) => r.key!.readInt32BE(r.key!.length - 4))).toEqual([0x7fff_ffff, 0]);
      expect(store.fetch('k', 0, 200).map((e) => e.value)).toEqual([1, 2, 3]);
    }
  });
});
