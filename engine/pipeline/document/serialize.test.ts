import { describe, expect, it } from 'vitest';
import { parsePipeline } from './parse.js';
import { serializePipeline } from './serialize.js';
import { DESIGN_EXAMPLE_TEXT, designExample } from './test-fixtures.js';
import type { PipelineDocument } from './schema.js';

function parseOk(text: string): PipelineDocument {
  const result = parsePipeline(text);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.doc;
}

describe('serializePipeline', () => {
  it('is byte-stable through parse and serialize', () => {
    const once = serializePipeline(parseOk(DESIGN_EXAMPLE_TEXT));
    expect(serializePipeline(parseOk(once))).toBe(once);
    expect(once.endsWith('}\n')).toBe(true);
    expect(once).toContain('\n  "nodes": [\n    {\n      "id": "orders",');
  });

  it('orders document, node, edge and config keys canonically regardless of input order', () => {
    const doc = designExample();
    const scrambled = {
      edges: doc.edges.map((e) => ({ to: e.to, from: e.from })),
      nodes: doc.nodes.map((n) => ({
        position: n.position,
        config: Object.fromEntries(Object.entries(n.config).reverse()),
        kind: n.kind,
        id: n.id,
      })),
      name: doc.name,
      format: doc.format,
    };
    const text = serializePipeline(parseOk(JSON.stringify(scrambled)));
    expect(text).toBe(serializePipeline(doc));
    const value = JSON.parse(text) as { nodes: Array<{ config: Record<string, unknown> }> } & Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['format', 'name', 'nodes', 'edges']);
    expect(Object.keys(value.nodes[0]!)).toEqual(['id', 'kind', 'config', 'position']);
    expect(Object.keys(value.nodes[2]!.config)).toEqual(['groupBy', 'window', 'aggregations', 'emit']);
    expect(Object.keys(value.nodes[2]!.config.window as object)).toEqual(['type', 'sizeMs', 'graceMs']);
    expect(Object.keys((value.nodes[2]!.config.aggregations as object[])[0]!)).toEqual(['fn', 'field', 'as']);
  });

  it('orders nested union members (map operations) by their own schema and keeps unknown keys last', () => {
    const doc: PipelineDocument = {
      format: 'sluice.pipeline/v1',
      name: 'm',
      settings: { deadLetterTopic: 'dlq', errorPolicy: 'fail' },
      description: 'd',
      nodes: [
        {
          id: 'm',
          kind: 'transform.map@1',
          config: { zzz: 1, operations: [{ expr: 'value.a', field: 'value.b', op: 'set' }, { to: 'value.y', from: 'value.x', op: 'rename' }] },
        },
      ],
      edges: [{ toPort: 'in', fromPort: 'out', to: 'm', from: 'x' }],
    };
    const value = JSON.parse(serializePipeline(doc)) as Record<string, unknown> & { nodes: Array<{ config: { operations: object[] } }>; edges: object[] };
    expect(Object.keys(value)).toEqual(['format', 'name', 'description', 'settings', 'nodes', 'edges']);
    expect(Object.keys(value.settings as object)).toEqual(['errorPolicy', 'deadLetterTopic']);
    expect(Object.keys(value.nodes[0]!.config)).toEqual(['operations', 'zzz']);
    expect(Object.keys(value.nodes[0]!.config.operations[0]!)).toEqual(['op', 'field', 'expr']);
    expect(Object.keys(value.nodes[0]!.config.operations[1]!)).toEqual(['op', 'from', 'to']);
    expect(Object.keys(value.edges[0]!)).toEqual(['from', 'to', 'fromPort', 'toPort']);
  });

  it('keeps configs of unknown kinds untouched', () => {
    const doc: PipelineDocument = { format: 'sluice.pipeline/v1', name: 'u', nodes: [{ id: 'a', kind: 'nope@1', config: { b: 1, a: 2 } }], edges: [] };
    expect(serializePipeline(doc)).toContain('"b": 1,\n        "a": 2');
  });
});

describe('parsePipeline', () => {
  it('reports bad JSON with its position and never throws', () => {
    const result = parsePipeline('{\n  "format": }');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]).toMatchObject({ code: 'PIP_JSON_INVALID', severity: 'error' });
  });

  it('reports another format', () => {
    const result = parsePipeline('{"format":"sluice.pipeline/v2","name":"x","nodes":[],"edges":[]}');
    expect(result).toEqual({ ok: false, diagnostics: [expect.objectContaining({ code: 'PIP_FORMAT_UNSUPPORTED', field: 'format' })] });
  });

  it('reports structural problems with their paths', () => {
    const result = parsePipeline('{"format":"sluice.pipeline/v1","name":"x","nodes":[{"id":"a","kind":"source.topic@1","colour":1}],"edges":[{"from":"a"}]}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.code, d.field])).toEqual([
      ['PIP_DOCUMENT_INVALID', 'nodes[0]'],
      ['PIP_DOCUMENT_INVALID', 'edges[0].to'],
    ]);
  });

  it('defaults a missing config to {}', () => {
    const doc = parseOk('{"format":"sluice.pipeline/v1","name":"x","nodes":[{"id":"m","kind":"transform.merge@1"}],"edges":[]}');
    expect(doc.nodes[0]!.config).toEqual({});
  });
});
