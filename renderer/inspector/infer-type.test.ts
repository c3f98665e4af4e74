import { describe, expect, it } from 'vitest';
import { decodeKey, decodeValue, inferType, MAX_DEPTH, recordTypeDeclarations } from './infer-type.js';

describe('inferType', () => {
  it('types primitives and unions them', () => {
    expect(inferType([1, 2])).toBe('number');
    expect(inferType(['a', 1, null])).toBe('string | number | null');
    expect(inferType([])).toBe('unknown');
  });

  it('merges objects, marking members missing from some samples optional', () => {
    expect(inferType([{ id: 1, name: 'a' }, { id: 2 }])).toBe('{\n  id: number;\n  name?: string;\n}');
    expect(inferType([{ 'first-name': 'x', ok: true }])).toBe('{\n  "first-name": string;\n  ok: boolean;\n}');
    expect(inferType([{}])).toBe('Record<string, never>');
  });

  it('merges array elements and nests', () => {
    expect(inferType([[1, 2], []])).toBe('number[]');
    expect(inferType([[]])).toBe('unknown[]');
    expect(inferType([{ items: [{ sku: 'a', qty: 1 }, { sku: 'b' }] }])).toBe('{\n  items: Array<{\n    sku: string;\n    qty?: number;\n  }>;\n}');
    expect(inferType([[1, 'a']])).toBe('Array<string | number>');
  });

  it('stops at the depth limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_DEPTH + 3; i++) deep = { d: deep };
    expect(inferType([deep])).toContain('unknown');
  });

  it('decodes record text as a code node sees it', () => {
    expect(decodeValue('{"a":1}')).toEqual({ a: 1 });
    expect(decodeValue('42')).toBe(42);
    expect(decodeValue('hello')).toBe('hello');
    expect(decodeKey('42')).toBe('42');
    expect(decodeKey('{"id":7}')).toEqual({ id: 7 });
    expect(decodeKey(null)).toBeNull();
  });

  it('declares key and value types from records', () => {
    const record = (key: string, value: string) => ({ key, value, timestamp: 0, valueBytes: value.length, truncated: false, headers: [] });
    const text = recordTypeDeclarations([record('c1', '{"amount":5}'), record('c2', '{"amount":7,"note":"x"}')]);
    expect(text).toContain('type SluiceKey = string;');
    expect(text).toContain('type SluiceValue = {\n  amount: number;\n  note?: string;\n};');
    expect(recordTypeDeclarations([])).toContain('type SluiceValue = SluiceJson;');
  });
});
