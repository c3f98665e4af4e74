import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateToBoolean } from './index.js';
import { compiled, ev, scope } from './test-helpers.js';

describe('literals', () => {
  it.each([
    ['42', 42],
    ['3.25', 3.25],
    ['.5', 0.5],
    ['1e3', 1000],
    ['2.5E-1', 0.25],
    ['-7', -7],
    ["'it\\'s'", "it's"],
    ['"a\\"b"', 'a"b'],
    ['"tab\\there\\n"', 'tab\there\n'],
    ['"\\u00e9\\u{1F600}"', 'é😀'],
    ['true', true],
    ['false', false],
    ['null', null],
  ])('%s', (source, expected) => {
    expect(ev(source)).toEqual(expected);
  });

  it('arrays', () => {
    expect(ev('[1, "a", null, [true]]')).toEqual([1, 'a', null, [true]]);
    expect(ev('[]')).toEqual([]);
  });
});

describe('operators and precedence', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['24 / 4 / 2', 3],
    ['7 % 4', 3],
    ['2 * -3', -6],
    ['-(2 + 3)', -5],
    ['- -4', 4],
    ['1 + 2 == 3', true],
    ['1 < 2 == true', true],
    ['1 < 2 && 2 < 3', true],
    ['true || false && false', true],
    ['(true || false) && false', false],
    ['!true || true', true],
    ['not true or true', true],
    ['true and not false', true],
    ['1 == 1 ? "y" : "n"', 'y'],
    ['false ? 1 : true ? 2 : 3', 2],
    ['null ?? 1 + 1', 2],
    ['null ?? null ?? 5', 5],
    ['0 ?? 5', 0],
    ['"a" + "b"', 'ab'],
    ['"n=" + 5', 'n=5'],
    ['1 + "x"', '1x'],
    ['"b" > "a"', true],
    ['"B" < "a"', true],
    ['2 >= 2', true],
    ['2 <= 1', false],
    ['2 != 3', true],
    ['2 in [1, 2]', true],
    ['"2" in [1, 2]', false],
    ['3 not in [1, 2]', true],
    ['1 in "123"', false],
    ['null in [null]', true],
  ])('%s → %j', (source, expected) => {
    expect(ev(source)).toEqual(expected);
  });

  it('&& and || return booleans and short-circuit', () => {
    expect(ev('1 && "x"')).toBe(true);
    expect(ev('0 || ""')).toBe(false);
    // The right side would be null-safe anyway; short-circuit is visible through if() laziness.
    expect(ev('false && value.a.b.c')).toBe(false);
  });

  it('== is strict: no coercion, arrays and objects compare by identity', () => {
    expect(ev('1 == "1"')).toBe(false);
    expect(ev('0 == false')).toBe(false);
    expect(ev('"" == null')).toBe(false);
    expect(ev('[1] == [1]')).toBe(false);
    expect(ev('value == value', { a: 1 })).toBe(true);
  });

  it('division by zero and overflow give null', () => {
    expect(ev('1 / 0')).toBeNull();
    expect(ev('1 % 0')).toBeNull();
    expect(ev('1e308 * 10')).toBeNull();
  });

  it('arithmetic on the wrong types gives null', () => {
    expect(ev('"a" - 1')).toBeNull();
    expect(ev('true + 1')).toBeNull();
    expect(ev('[1] + 1')).toBeNull();
    expect(ev('"a" + [1]')).toBeNull();
    expect(ev('-"a"')).toBeNull();
    expect(ev('1 < "2"')).toBe(false);
  });
});

describe('null safety', () => {
  const v = { n: null, a: { b: 1 }, s: 'x', zero: 0 };
  it.each([
    ['value.missing', null],
    ['value.missing.deeper.still', null],
    ['value.n.x', null],
    ['value.s.length', null],
    ['value.a[0]', null],
    ['value.missing + 1', null],
    ['1 * value.n', null],
    ['-value.missing', null],
    ['"a" + value.missing', null],
    ['value.missing > 1', false],
    ['value.missing < 1', false],
    ['value.missing >= value.missing', false],
    ['value.missing == null', true],
    ['value.n == null', true],
    ['value.missing != null', false],
    ['value.a != null', true],
    ['value.missing == 0', false],
    ['value.missing != 0', true],
    ['value.missing && true', false],
    ['value.missing || true', true],
    ['!value.missing', true],
    ['value.missing ? 1 : 2', 2],
    ['value.missing ?? "d"', 'd'],
    ['value.zero ?? "d"', 0],
    ['value.missing in [1]', false],
    ['1 in value.missing', false],
    ['lower(value.missing)', null],
  ])('%s → %j', (source, expected) => {
    expect(ev(source, v)).toEqual(expected);
  });

  it('roots may themselves be null or non-objects', () => {
    expect(ev('value.a', null)).toBeNull();
    expect(ev('value.a', 'text')).toBeNull();
    expect(ev('value.a', 5)).toBeNull();
    expect(ev('key.a', null, { key: Buffer.from('k') })).toBeNull();
  });
});

describe('paths', () => {
  const v = { 'weird key': 1, items: [{ id: 'a' }, { id: 'b' }], nested: { 'x.y': { z: 2 } }, in: 'kw' };
  it('dots, brackets, indices and computed members', () => {
    expect(ev('value["weird key"]', v)).toBe(1);
    expect(ev("value['weird key']", v)).toBe(1);
    expect(ev('value.items[1].id', v)).toBe('b');
    expect(ev('value.items[2]', v)).toBeNull();
    expect(ev('value.items[-1]', v)).toBeNull();
    expect(ev('value.items[0.5]', v)).toBeNull();
    expect(ev('value.nested["x.y"].z', v)).toBe(2);
    expect(ev('value.items[length(value.items) - 1].id', v)).toBe('b');
    expect(ev('value[concat("weird", " key")]', v)).toBe(1);
    expect(ev('value.in', v)).toBe('kw');
    expect(ev('[10, 20][1]')).toBe(20);
    expect(ev('split("a b", " ")[1]')).toBe('b');
  });

  it('reads the other roots', () => {
    expect(ev('key', null, { key: 'k1' })).toBe('k1');
    expect(ev('timestamp', null, { timestamp: 1234 })).toBe(1234);
    expect(ev('headers[0].key', null, { headers: [{ key: 'h', value: null }] })).toBe('h');
  });

  it('reports the fields it reads', () => {
    expect(compiled('value.amount > 100 && value.country == "NL"').fields).toEqual(['value.amount', 'value.country']);
    expect(compiled('value.items[0].id + value["weird key"] + key + header("x")').fields).toEqual([
      'value.items[0].id',
      'value["weird key"]',
      'key',
      'headers',
    ]);
    expect(compiled('value.items[value.i].id').fields).toEqual(['value.items', 'value.i']);
    expect(compiled('1 + 2').fields).toEqual([]);
  });
});

describe('no prototype access', () => {
  it('rejects forbidden names written in the source', () => {
    for (const source of ['value.__proto__', 'value.constructor', 'value.prototype', 'value["__proto__"]', 'value.a.constructor.name']) {
      const result = compileExpression(source);
      expect(result.ok, source).toBe(false);
    }
  });

  it('gives null for computed forbidden names, inherited members and getters', () => {
    const v = { name: '__proto__', c: 'constructor', t: 'toString', h: 'hasOwnProperty' };
    expect(ev('value[value.name]', v)).toBeNull();
    expect(ev('value[value.c]', v)).toBeNull();
    expect(ev('value[value.t]', v)).toBeNull();
    expect(ev('value.toString', {})).toBeNull();
    expect(ev('value.hasOwnProperty', {})).toBeNull();
    expect(ev('value.length', [1, 2])).toBeNull();
    expect(ev('value.map', [1])).toBeNull();
    expect(ev('value[concat("__pro", "to__")]', JSON.parse('{"__proto__": {"polluted": 1}}'))).toBeNull();
    const withGetter = { get secret() { throw new Error('getter ran'); } };
    expect(ev('value.secret', withGetter)).toBeNull();
    class Thing { field = 1; }
    expect(ev('value.field', new Thing())).toBeNull();
    expect(ev('value.x', new Map([['x', 1]]))).toBeNull();
  });

  it('own data fields named like Object.prototype members are ordinary data', () => {
    expect(ev('value.toString', JSON.parse('{"toString": "mine"}'))).toBe('mine');
  });

  it('never returns functions', () => {
    expect(ev('value.f', { f: () => 1 })).toBeNull();
  });
});

describe('evaluateToBoolean', () => {
  it.each([
    [null, false],
    [false, false],
    [0, false],
    ['', false],
    [true, true],
    [1, true],
    [-1, true],
    ['x', true],
    [[], true],
    [{}, true],
  ])('%j → %s', (v, expected) => {
    expect(evaluateToBoolean(compiled('value'), scope(v))).toBe(expected);
  });

  it('filters', () => {
    const expr = compiled('value.amount > 100 && value.country == "NL"');
    expect(evaluateToBoolean(expr, scope({ amount: 150, country: 'NL' }))).toBe(true);
    expect(evaluateToBoolean(expr, scope({ amount: 150, country: 'BE' }))).toBe(false);
    expect(evaluateToBoolean(expr, scope({ amount: '150', country: 'NL' }))).toBe(false);
    expect(evaluateToBoolean(expr, scope(null))).toBe(false);
  });
});
