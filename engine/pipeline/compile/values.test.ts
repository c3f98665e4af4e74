/** Field paths are immutable; every catalog kind has a compiler; aggregations compute what they say. */
import { describe, expect, it } from 'vitest';
import { listManifests } from '../catalog/index.js';
import { aggregateFunctions } from './aggregations.js';
import { KIND_COMPILERS } from './kinds/index.js';
import { dropPath, getPath, setPath } from './values.js';

describe('compiler values', () => {
  it('sets and drops paths without mutating the input', () => {
    const value = { a: { b: 1, c: [1, 2] }, d: 'x' };
    const frozen = JSON.stringify(value);
    const set = setPath({ key: 'k', value }, 'value.a.e', 5);
    const dropped = dropPath(set, 'value.a.b');
    expect(JSON.stringify(value)).toBe(frozen);
    expect(dropped.value).toEqual({ a: { c: [1, 2], e: 5 }, d: 'x' });
    expect((dropped.value as { a: { c: unknown } }).a.c).toBe(value.a.c); // unchanged parts are shared
    expect(getPath({ key: 'k', value }, 'value.a.c.1')).toBe(2);
    expect(getPath({ key: 'k', value }, 'value.__proto__')).toBeNull();
    expect(setPath({ key: 'k', value }, 'key', 'n').key).toBe('n');
  });

  it('has a compiler for every catalog kind', () => {
    expect(listManifests().map((m) => m.kind).sort()).toEqual(Object.keys(KIND_COMPILERS).sort());
  });

  it('computes every aggregate function, and merges sessions', () => {
    const fns = aggregateFunctions([
      { fn: 'count', as: 'n' },
      { fn: 'sum', field: 'value.x', as: 'sum' },
      { fn: 'avg', field: 'value.x', as: 'avg' },
      { fn: 'min', field: 'value.x', as: 'min' },
      { fn: 'max', field: 'value.x', as: 'max' },
      { fn: 'first', field: 'value.x', as: 'first' },
      { fn: 'last', field: 'value.x', as: 'last' },
      { fn: 'collect', field: 'value.x', as: 'all' },
    ]);
    const add = (state: ReturnType<typeof fns.initializer>, x: unknown, t: number) => fns.adder('k', { f: [null, x, x, x, x, x, x, x], t }, state);
    const one = add(add(fns.initializer(), 4, 20), 2, 10);
    const two = add(fns.initializer(), 9, 30);
    expect(fns.output(one, 0, 100)).toEqual({ windowStart: 0, windowEnd: 100, n: 2, sum: 6, avg: 3, min: 2, max: 4, first: 2, last: 4, all: [4, 2] });
    expect(fns.output(fns.merger('k', one, two), 0, 100)).toMatchObject({ n: 3, sum: 15, avg: 5, min: 2, max: 9, first: 2, last: 9 });
    expect(fns.output(fns.initializer(), 0, 1)).toMatchObject({ n: 0, avg: null, min: null, first: null, all: [] });
  });
});
