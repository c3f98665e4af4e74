/**
 * The JSON serde's reader and writer against JSON.parse and JSON.stringify: same values (key order,
 * -0 and all), same errors, on generated objects, whitespace variants and mutated bytes; and the
 * fast paths really skip JSON.parse / JSON.stringify for known shapes.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonReader } from './json-reader.js';
import { JsonWriter, NO_JSON_TEXT } from './json-writer.js';

/** Deep equality with key order and Object.is on primitives (so -0 !== 0). */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

type Outcome = { value: unknown } | { error: string };
function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

function expectSameOutcome(actual: Outcome, expected: Outcome, input: string): void {
  if ('error' in expected) {
    expect(actual, input).toEqual(expected);
    return;
  }
  expect('value' in actual, `${input}: ${JSON.stringify(actual)}`).toBe(true);
  expect(sameJson((actual as { value: unknown }).value, expected.value), input).toBe(true);
}

const keyArb = fc.oneof(fc.constantFrom('id', 'name', 'a', '', '1', '10', '__proto__', 'constructor', 'k"q', 'back\\slash', 'é', '😀', 'tab\t', 'a_key_longer_than_the_inlined_compares', '`}; globalThis.injected = 1; //', '\u2028'), fc.string({ maxLength: 6 }));
const stringArb = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('', 'plain', 'quo"te', 'new\nline', '\u0000', '\ud800', 'naïve', '😀', 'x'.repeat(80)));
const numberArb = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double(), fc.constantFrom(0, -0, 1e21, 1e-7, 123456789012345, 1234567890123456, 2 ** 53 + 2, -1.5, 5e-324, Number.MAX_VALUE));
const primitiveArb = fc.oneof(stringArb, numberArb, fc.boolean(), fc.constant(null));
const flatObjectArb = fc.dictionary(keyArb, primitiveArb, { maxKeys: 6 });

/** JSON text with random whitespace between tokens (JSON.stringify's indent puts it after '{', ',' and ':'). */
const textArb = fc.tuple(flatObjectArb, fc.constantFrom(undefined, 1, '\t', ' \r\n')).map(([value, indent]) => JSON.stringify(value, null, indent));

describe('JsonReader', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads what JSON.parse reads: generated flat objects, in any whitespace, after its shapes are known', () => {
    fc.assert(
      fc.property(fc.array(textArb, { minLength: 1, maxLength: 12 }), (texts) => {
        const reader = new JsonReader();
        // Every text twice: the second read of each goes through the shape the first one taught.
        for (const text of [...texts, ...texts]) expectSameOutcome(outcome(() => reader.read(Buffer.from(text))), outcome(() => JSON.parse(text)), text);
      }),
      { numRuns: 400 },
    );
  });

  it('reads mutated bytes of a known shape exactly as JSON.parse does, errors included', () => {
    const mutation = fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(flatObjectArb, fc.array(mutation, { minLength: 1, maxLength: 3 }), (value, mutations) => {
        const text = JSON.stringify(value);
        const reader = new JsonReader();
        reader.read(Buffer.from(text));
        const bytes = [...Buffer.from(text)];
        for (const [at, kind, byte] of mutations) {
          const i = at % (bytes.length + 1);
          if (kind === 'insert') bytes.splice(i, 0, byte);
          else if (kind === 'delete') bytes.splice(i, 1);
          else bytes[Math.min(i, bytes.length - 1)] = byte;
        }
        const mutated = Buffer.from(bytes);
        expectSameOutcome(outcome(() => reader.read(mutated)), outcome(() => JSON.parse(mutated.toString())), mutated.toString('hex'));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a span of a larger buffer exactly as the span alone, whatever bytes surround it', () => {
    const junk = fc.uint8Array({ maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.tuple(junk, textArb, junk), { minLength: 1, maxLength: 8 }), (spans) => {
        const reader = new JsonReader();
        for (const [before, text, after] of [...spans, ...spans]) {
          const bytes = Buffer.concat([before, Buffer.from(text), after]);
          const read = outcome(() => reader.readSpan(bytes, before.length, before.length + Buffer.byteLength(text)));
          expectSameOutcome(read, outcome(() => JSON.parse(text)), text);
        }
      }),
      { numRuns: 400 },
    );
    // A span cut off inside a value must not borrow the bytes after it.
    const reader = new JsonReader();
    reader.read(Buffer.from('{"n":12}'));
    const bytes = Buffer.from('{"n":12}34}');
    expect(() => reader.readSpan(bytes, 0, 6)).toThrow(SyntaxError);
    expect(reader.readSpan(bytes, 0, 8)).toEqual({ n: 12 });
  });

  it('decodes invalid UTF-8 inside strings as the whole text decodes it', () => {
    const reader = new JsonReader();
    reader.read(Buffer.from('{"s":"ok","n":1}'));
    for (const bad of [[0xe2, 0x82], [0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98]]) {
      const bytes = Buffer.concat([Buffer.from('{"s":"a'), Buffer.from(bad), Buffer.from('b","n":2}')]);
      expect(reader.read(bytes)).toEqual(JSON.parse(bytes.toString()));
    }
  });

  it('reads nested values, arrays and scalars through JSON.parse, and keeps reading correctly after many of them', () => {
    const reader = new JsonReader();
    const texts = ['{"a":{"b":1}}', '[1,2]', '"text"', '12', 'null', 'true', '{"a":[1]}'];
    for (let round = 0; round < 300; round++) {
      for (const text of texts) expect(sameJson(reader.read(Buffer.from(text)), JSON.parse(text))).toBe(true);
      expect(reader.read(Buffer.from(`{"id":${round},"s":"x"}`))).toEqual({ id: round, s: 'x' });
    }
  });

  it('reads a shape whose keys look like code as data (keys enter the generated reader only as string literals)', () => {
    const reader = new JsonReader();
    const value = { "'); globalThis.injected = 1; ('": 1, '"}; globalThis.injected = 2; //': 'x', '\u2028\u2029': true };
    const text = JSON.stringify(value);
    for (let i = 0; i < 3; i++) expect(reader.read(Buffer.from(text))).toEqual(value);
    expect((globalThis as { injected?: number }).injected).toBeUndefined();
  });

  it('keeps a key named __proto__ an own property, as JSON.parse does', () => {
    const reader = new JsonReader();
    const text = '{"__proto__":{"polluted":true},"a":1}';
    for (let i = 0; i < 3; i++) {
      const value = reader.read(Buffer.from(text)) as Record<string, unknown>;
      expect(Object.keys(value)).toEqual(['__proto__', 'a']);
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('decodes an object of a known shape without JSON.parse', () => {
    const reader = new JsonReader();
    reader.read(Buffer.from('{"id":1,"customer":"c1","amount":10.5,"ok":true,"note":null}'));
    const parse = vi.spyOn(JSON, 'parse');
    expect(reader.read(Buffer.from('{"id":2,"customer":"c2","amount":-3e2,"ok":false,"note":null}'))).toEqual({ id: 2, customer: 'c2', amount: -300, ok: false, note: null });
    expect(reader.read(Buffer.from(' { "id" : 3 , "customer" : "ü" , "amount" : 0 , "ok" : true , "note" : "n" } '))).toEqual({ id: 3, customer: 'ü', amount: 0, ok: true, note: 'n' });
    expect(parse).not.toHaveBeenCalled();
  });
});

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('JsonWriter', () => {
  afterEach(() => vi.restoreAllMocks());

  const oddValueArb = fc.constantFrom<unknown>(undefined, () => 1, Symbol('s'), NaN, Infinity, -Infinity, -0, new Date(0), new Point(1, 2), Object.create(null) as object, Object.assign(Object.create(null) as object, { a: 1 }), new String('boxed'), new Number(3), [1, undefined, () => 2], { toJSON: () => 'custom' }, { toJSON: () => undefined }, { nested: { deep: [1, 'two'] } });
  const valueArb = fc.oneof(primitiveArb, oddValueArb, fc.jsonValue({ maxDepth: 2 }));
  const objectArb = fc.oneof(fc.dictionary(keyArb, valueArb, { maxKeys: 6 }), oddValueArb, primitiveArb);

  it('writes what JSON.stringify writes, for generated values, after their shapes are known', () => {
    fc.assert(
      fc.property(fc.array(objectArb, { minLength: 1, maxLength: 10 }), (values) => {
        const writer = new JsonWriter();
        for (const value of [...values, ...values]) expect(outcome(() => writer.write(value))).toEqual(outcome(() => JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('throws what JSON.stringify throws for a bigint and for a cycle', () => {
    const writer = new JsonWriter();
    writer.write({ a: 1 });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.a = { self: cyclic };
    for (const value of [{ a: 1n }, cyclic]) expect(outcome(() => writer.write(value))).toEqual(outcome(() => JSON.stringify(value)));
  });

  /** What encode() gives for `value` written at `at` into a buffer with `room` bytes after it. */
  function encodeOutcome(writer: JsonWriter, value: unknown, at: number, room: number): { end: number; bytes?: Buffer } | { error: string } {
    const buf = Buffer.alloc(at + room, 0xee);
    try {
      const end = writer.encode(value, buf, at);
      return end < 0 ? { end } : { end, bytes: buf.subarray(at, end) };
    } catch (e) {
      return { error: `${(e as Error).name}: ${(e as Error).message}` };
    }
  }

  it('encodes the UTF-8 bytes of what JSON.stringify writes, or -1 whenever they do not fit', () => {
    fc.assert(
      fc.property(fc.array(objectArb, { minLength: 1, maxLength: 6 }), fc.nat(3), (values, at) => {
        const writer = new JsonWriter();
        for (const value of [...values, ...values]) {
          const expected = outcome(() => JSON.stringify(value) as string | undefined);
          if ('error' in expected) {
            expect(encodeOutcome(writer, value, at, 4096)).toEqual(expected);
            continue;
          }
          if (expected.value === undefined) {
            expect(encodeOutcome(writer, value, at, 4096)).toEqual({ end: NO_JSON_TEXT });
            continue;
          }
          const bytes = Buffer.from(expected.value as string, 'utf8');
          // Exactly enough room, and every smaller room down to none.
          expect(encodeOutcome(writer, value, at, bytes.length)).toEqual({ end: at + bytes.length, bytes });
          for (let room = bytes.length - 1; room >= 0; room--) expect(encodeOutcome(writer, value, at, room), `room ${room}`).toEqual({ end: -1 });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('encodes integers digit by digit exactly as String() writes them, up to the limit and past it', () => {
    const writer = new JsonWriter();
    const numbers = [0, -0, 7, -7, 9, 10, 99, 100, 99_999, 100_000, 999_999_999, 1e9, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 1e10 - 1, 1e10, -1e10, 1e15 - 1, -(1e15 - 1), 1e15, 2 ** 53 - 1, -(2 ** 53), 1e21, 1e-7, 0.1, -1.5];
    for (const n of numbers) {
      const buf = Buffer.alloc(64);
      const end = writer.encode({ n }, buf, 0);
      expect(buf.toString('utf8', 0, end), String(n)).toBe(JSON.stringify({ n }));
    }
  });

  it('encodes a plain object of a known shape without JSON.stringify', () => {
    const writer = new JsonWriter();
    writer.write({ id: 1, customer: 'c1', cents: 5, ok: true });
    const value = { id: 1_700_000_000_123, customer: 'del \u007f', cents: -250, ok: false };
    const expected = JSON.stringify(value);
    const stringify = vi.spyOn(JSON, 'stringify');
    const buf = Buffer.alloc(128);
    const end = writer.encode(value, buf, 3);
    expect(buf.toString('utf8', 3, end)).toBe(expected);
    expect(stringify).not.toHaveBeenCalled();
  });

  it('writes a plain object of a known shape without JSON.stringify', () => {
    const writer = new JsonWriter();
    writer.write({ id: 1, customer: 'c1', cents: 5 });
    const stringify = vi.spyOn(JSON, 'stringify');
    expect(writer.write({ id: 2, customer: 'naïve', cents: -0 })).toBe('{"id":2,"customer":"naïve","cents":0}');
    expect(writer.write({ id: 3, customer: null, cents: NaN })).toBe('{"id":3,"customer":null,"cents":null}');
    expect(stringify).not.toHaveBeenCalled();
  });
});
