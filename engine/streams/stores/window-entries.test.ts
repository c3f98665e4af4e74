import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowEntries } from './window-entries.js';

type Op = { op: 'push' | 'insert' | 'replace'; at: number; bytes: number[] } | { op: 'remove'; at: number; count: number };

const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('push' as const, 'insert' as const, 'replace' as const), at: fc.nat(), bytes }),
  fc.record({ op: fc.constant('remove' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 5 }) }),
);

describe('WindowEntries (one key of a window store, values in one arena)', () => {
  it('keeps every live value intact through pushes, inserts, replacements (smaller and larger), removals and compactions', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const entries = new WindowEntries(4);
        const model: Array<{ start: number; value: Buffer }> = [];
        let clock = 0;
        for (const o of ops) {
          if (o.op === 'remove') {
            if (model.length === 0) continue;
            const from = o.at % model.length;
            const to = Math.min(model.length, from + o.count);
            entries.remove(from, to);
            model.splice(from, to - from);
          } else if (o.op === 'push' || model.length === 0) {
            const value = Buffer.from(o.bytes);
            entries.push(++clock, value);
            model.push({ start: clock, value });
          } else if (o.op === 'insert') {
            const at = o.at % (model.length + 1);
            const value = Buffer.from(o.bytes);
            entries.insert(at, -at, value);
            model.splice(at, 0, { start: -at, value });
          } else {
            const at = o.at % model.length;
            const value = Buffer.from(o.bytes);
            entries.replace(at, value);
            model[at] = { start: model[at]!.start, value };
          }
          expect(entries.size).toBe(model.length);
        }
        expect(Array.from({ length: entries.size }, (_, i) => entries.startAt(i))).toEqual(model.map((m) => m.start));
        expect(entries.lastStart).toBe(model.length === 0 ? Number.NEGATIVE_INFINITY : model[model.length - 1]!.start);
        model.forEach((m, i) => expect(entries.value(i).equals(m.value)).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it("copies what it is given: later changes to the caller's buffer do not reach the store", () => {
    const entries = new WindowEntries();
    const value = Buffer.from('abc');
    entries.push(1, value);
    value.write('xyz');
    expect(entries.value(0).toString()).toBe('abc');
  });
});
