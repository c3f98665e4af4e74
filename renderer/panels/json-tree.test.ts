/** The JSON tree model: parsing, paths, previews, expansion and limits. */
import { describe, expect, it } from 'vitest';
import { buildJsonTree, childPath, defaultExpanded, flattenTree, parseRecordValue, togglePath } from './json-tree.js';

describe('parseRecordValue', () => {
  it('parses JSON objects, arrays and scalars', () => {
    expect(parseRecordValue('{"a":1}')).toEqual({ kind: 'json', value: { a: 1 } });
    expect(parseRecordValue(' [1, 2] ')).toEqual({ kind: 'json', value: [1, 2] });
    expect(parseRecordValue('42')).toEqual({ kind: 'json', value: 42 });
    expect(parseRecordValue('"s"')).toEqual({ kind: 'json', value: 's' });
  });

  it('keeps anything else as text, and null as null', () => {
    expect(parseRecordValue('hello world')).toEqual({ kind: 'text', text: 'hello world' });
    expect(parseRecordValue('{"cut": "preview')).toEqual({ kind: 'text', text: '{"cut": "preview' });
    expect(parseRecordValue('')).toEqual({ kind: 'text', text: '' });
    expect(parseRecordValue(null)).toEqual({ kind: 'null' });
  });
});

describe('buildJsonTree', () => {
  it('gives every node a unique path and a preview', () => {
    const tree = buildJsonTree({ id: 7, 'odd key': [true, null, 'x'], nested: { deep: 1.5 } });
    expect(tree.preview).toBe('{…} 3 keys');
    const rows = flattenTree(tree, new Set(['$', '$["odd key"]', '$.nested']));
    expect(rows.map((r) => [r.node.path, r.depth, r.node.preview])).toEqual([
      ['$', 0, '{…} 3 keys'],
      ['$.id', 1, '7'],
      ['$["odd key"]', 1, '[…] 3 items'],
      ['$["odd key"][0]', 2, 'true'],
      ['$["odd key"][1]', 2, 'null'],
      ['$["odd key"][2]', 2, '"x"'],
      ['$.nested', 1, '{…} 1 key'],
      ['$.nested.deep', 2, '1.5'],
    ]);
  });

  it('shows only the first maxChildren children and counts the rest', () => {
    const tree = buildJsonTree(Array.from({ length: 10 }, (_, i) => i), { maxChildren: 3 });
    const rows = flattenTree(tree, new Set(['$']));
    expect(rows).toHaveLength(5);
    expect(rows[4]?.more).toBe(7);
  });

  it('stops at maxDepth', () => {
    const tree = buildJsonTree({ a: { b: { c: 1 } } }, { maxDepth: 1 });
    expect(tree.children?.[0]?.children).toEqual([]);
    expect(tree.children?.[0]?.hiddenChildren).toBe(1);
  });

  it('treats empty containers as leaves', () => {
    const rows = flattenTree(buildJsonTree({ e: {}, l: [] }), new Set(['$', '$.e', '$.l']));
    expect(rows.map((r) => [r.node.path, r.expandable])).toEqual([
      ['$', true],
      ['$.e', false],
      ['$.l', false],
    ]);
  });
});

describe('expansion', () => {
  it('opens the root and its children by default, and toggles paths immutably', () => {
    const tree = buildJsonTree({ a: { b: { c: 1 } } });
    const expanded = defaultExpanded(tree);
    expect([...expanded]).toEqual(['$', '$.a']);
    const toggled = togglePath(expanded, '$.a');
    expect(toggled.has('$.a')).toBe(false);
    expect(expanded.has('$.a')).toBe(true);
  });

  it('builds paths for identifiers, odd keys and indexes', () => {
    expect(childPath('$', 'ok_1')).toBe('$.ok_1');
    expect(childPath('$', 'a-b')).toBe('$["a-b"]');
    expect(childPath('$.x', 3)).toBe('$.x[3]');
  });
});
