import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validate } from './validate.js';
import { designExample } from '../document/test-fixtures.js';
import type { PipelineDocument, PipelineEdge, PipelineNode } from '../document/schema.js';
import type { Diagnostic } from '../document/diagnostic.js';

const node = (id: string, kind: string, config: Record<string, unknown> = {}): PipelineNode => ({ id, kind, config });
const edge = (from: string, to: string, ports: Partial<PipelineEdge> = {}): PipelineEdge => ({ from, to, ...ports });
const pipeline = (nodes: PipelineNode[], edges: PipelineEdge[]): PipelineDocument => ({ format: 'sluice.pipeline/v1', name: 't', nodes, edges });

const source = (id = 'src', topic = 'orders') => node(id, 'source.topic@1', { topic });
const sink = (id = 'out', topic = 'results') => node(id, 'sink.topic@1', { topic });
const filter = (id = 'f', expr = 'value.amount > 100') => node(id, 'transform.filter@1', { expr });
const windowed = (id = 'agg', groupBy = 'key') =>
  node(id, 'aggregate.window@1', { groupBy, window: { type: 'tumbling', sizeMs: 60000 }, aggregations: [{ fn: 'count', as: 'n' }] });

const withCode = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code);
const errors = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === 'error');

describe('validate', () => {
  it('accepts the DESIGN.md example with no errors or warnings', () => {
    const diagnostics = validate(designExample());
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    // Grouping by value.customer re-keys the stream: reported as info on the aggregate.
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'PIP_REPARTITION', severity: 'info', nodeId: 'per-min', field: 'groupBy' })]);
  });

  it('reports an unknown kind and suggests close ones', () => {
    const d = validate(pipeline([source(), node('f', 'transform.filtr@1', { expr: 'true' }), sink()], [edge('src', 'f'), edge('f', 'out')]));
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'PIP_UNKNOWN_KIND', severity: 'error', nodeId: 'f', field: 'kind' })]);
    expect(errors(d)[0]!.message).toContain('"transform.filter@1"');
  });

  it('reports bad config per field', () => {
    const agg = node('agg', 'aggregate.window@1', {
      groupBy: 'key',
      window: { type: 'tumbling', sizeMs: 'a minute' },
      aggregations: [{ fn: 'median', field: 'value.x', as: 'm' }],
    });
    const d = validate(pipeline([source(), agg, sink()], [edge('src', 'agg'), edge('agg', 'out')]));
    expect(errors(d).map((x) => [x.code, x.severity, x.nodeId, x.field])).toEqual([
      ['PIP_CONFIG_INVALID', 'error', 'agg', 'window.sizeMs'],
      ['PIP_CONFIG_INVALID', 'error', 'agg', 'aggregations[0].fn'],
    ]);
    expect(errors(d)[0]!.message).toMatch(/^window\.sizeMs: /);
  });

  it('reports unknown and missing settings at their fields', () => {
    const d = validate(pipeline([node('src', 'source.topic@1', { topik: 'orders' }), sink()], [edge('src', 'out')]));
    expect(errors(d).map((x) => [x.code, x.field, x.message])).toEqual([
      ['PIP_CONFIG_INVALID', 'topic', 'topic: required (string)'],
      ['PIP_CONFIG_INVALID', 'topik', 'topik: unknown setting "topik"'],
    ]);
  });

  it('reports a hopping window without its advance, at the field', () => {
    const agg = node('agg', 'aggregate.window@1', { groupBy: 'key', window: { type: 'hopping', sizeMs: 1000 }, aggregations: [{ fn: 'count', as: 'n' }] });
    const d = validate(pipeline([source(), agg, sink()], [edge('src', 'agg'), edge('agg', 'out')]));
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'PIP_CONFIG_INVALID', nodeId: 'agg', field: 'window.advanceMs' })]);
  });

  it('reports a required input left unconnected, naming the port', () => {
    const join = node('j', 'join.stream-stream@1', { windowMs: 1000 });
    const d = validate(pipeline([source(), join, sink()], [edge('src', 'j', { toPort: 'left' }), edge('j', 'out')]));
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'PIP_INPUT_UNCONNECTED', severity: 'error', nodeId: 'j', port: 'right' })]);
    expect(errors(d)[0]!.message).toContain('"right"');
  });

  it('reports an edge to an unknown node', () => {
    const d = validate(pipeline([source(), sink()], [edge('src', 'out'), edge('src', 'ghost')]));
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'PIP_EDGE_UNKNOWN_NODE', severity: 'error', nodeId: 'src', field: 'edges[1].to', edgeIndex: 1 })]);
  });

  it('reports an edge from an unknown port', () => {
    const d = validate(pipeline([source(), sink()], [edge('src', 'out', { fromPort: 'nope' })]));
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'PIP_EDGE_UNKNOWN_PORT', severity: 'error', nodeId: 'src', field: 'edges[0].fromPort', port: 'nope' })]);
  });

  it('requires naming the port of a node with several', () => {
    const branch = node('b', 'transform.branch@1', { conditions: [{ name: 'big', expr: 'value.amount > 100' }] });
    const d = validate(pipeline([source(), branch, sink('o1'), sink('o2', 'r2')], [edge('src', 'b'), edge('b', 'o1'), edge('b', 'o2', { fromPort: 'default' })]));
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'PIP_EDGE_PORT_REQUIRED', nodeId: 'b', field: 'edges[1].fromPort' })]);
  });

  it('requires naming the input of a join, without also calling it unconnected', () => {
    const join = node('j', 'join.stream-stream@1', { windowMs: 1000 });
    const d = validate(pipeline([source('a', 'a'), source('b', 'b'), join, sink()], [edge('a', 'j'), edge('b', 'j', { toPort: 'right' }), edge('j', 'out')]));
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'PIP_EDGE_PORT_REQUIRED', nodeId: 'j', field: 'edges[0].toPort' })]);
  });

  it('accepts branch outputs named by their conditions, and fan-out', () => {
    const branch = node('b', 'transform.branch@1', { conditions: [{ name: 'big', expr: 'value.amount > 100' }] });
    const d = validate(
      pipeline([source(), branch, sink('o1'), sink('o2', 'r2'), sink('o3', 'r3')], [edge('src', 'b'), edge('b', 'o1', { fromPort: 'big' }), edge('b', 'o2', { fromPort: 'default' }), edge('b', 'o3', { fromPort: 'big' })]),
    );
    expect(d).toEqual([]);
  });

  it('reports a cycle, naming its nodes', () => {
    const merge = node('m', 'transform.merge@1');
    const d = validate(pipeline([source(), merge, filter('f'), sink()], [edge('src', 'm'), edge('m', 'f'), edge('f', 'm'), edge('f', 'out')]));
    const cycle = withCode(d, 'PIP_CYCLE');
    expect(cycle.map((x) => [x.severity, x.nodeId])).toEqual([['error', 'm'], ['error', 'f']]);
    expect(cycle[0]!.message).toContain('"m" → "f"');
  });

  it('reports a self-loop as a cycle', () => {
    const merge = node('m', 'transform.merge@1');
    const d = validate(pipeline([source(), merge, sink()], [edge('src', 'm'), edge('m', 'm'), edge('m', 'out')]));
    expect(withCode(d, 'PIP_CYCLE')).toEqual([expect.objectContaining({ nodeId: 'm' })]);
  });

  it('reports a table into a stream-only port', () => {
    const table = node('t', 'table.topic@1', { topic: 'customers' });
    const d = validate(pipeline([table, filter('f'), sink()], [edge('t', 'f'), edge('f', 'out')]));
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'PIP_PORT_TYPE_MISMATCH', severity: 'error', nodeId: 'f', port: 'in', field: 'edges[0]' })]);
  });

  it('accepts a stream-table join and a table into a sink', () => {
    const table = node('t', 'table.topic@1', { topic: 'customers' });
    const join = node('j', 'join.stream-table@1', { type: 'left' });
    const d = validate(pipeline([source(), table, join, sink(), sink('copy', 'customers-copy')], [edge('src', 'j', { toPort: 'stream' }), edge('t', 'j', { toPort: 'table' }), edge('j', 'out'), edge('t', 'copy')]));
    expect(d).toEqual([]);
  });

  it('reports a stream-stream join with no window', () => {
    const join = node('j', 'join.stream-stream@1', { type: 'inner' });
    const d = validate(pipeline([source('a', 'a'), source('b', 'b'), join, sink()], [edge('a', 'j', { toPort: 'left' }), edge('b', 'j', { toPort: 'right' }), edge('j', 'out')]));
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'PIP_JOIN_WINDOW_REQUIRED', severity: 'error', nodeId: 'j', field: 'windowMs' })]);
  });

  it('reports a bad expression with its field and position', () => {
    const d = validate(pipeline([source(), filter('f', 'value.amount > '), sink()], [edge('src', 'f'), edge('f', 'out')]));
    expect(errors(d)).toEqual([
      expect.objectContaining({ code: 'PIP_EXPRESSION_INVALID', severity: 'error', nodeId: 'f', field: 'expr', position: expect.any(Number), line: 1, column: expect.any(Number) }),
    ]);
    expect(errors(d)[0]!.message).toMatch(/^expr: /);
  });

  it('reports a bad expression nested in a list, with its path', () => {
    const map = node('m', 'transform.map@1', { operations: [{ op: 'drop', field: 'value.a' }, { op: 'set', field: 'value.b', expr: '(1 +' }] });
    const d = validate(pipeline([source(), map, sink()], [edge('src', 'm'), edge('m', 'out')]));
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'PIP_EXPRESSION_INVALID', nodeId: 'm', field: 'operations[1].expr', position: expect.any(Number) })]);
  });

  it('reports an invalid topic name', () => {
    const d = validate(pipeline([source('src', 'orders in'), sink('out', '..')], [edge('src', 'out')]));
    expect(errors(d).map((x) => [x.code, x.severity, x.nodeId, x.field])).toEqual([
      ['PIP_TOPIC_INVALID', 'error', 'src', 'topic'],
      ['PIP_TOPIC_INVALID', 'error', 'out', 'topic'],
    ]);
  });

  it('reports duplicate node ids', () => {
    const d = validate(pipeline([source(), filter('src'), sink()], [edge('src', 'out')]));
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'PIP_DUPLICATE_NODE_ID', severity: 'error', nodeId: 'src', field: 'id' })]);
  });

  it('reports several edges into a single-input port, but not into a merge', () => {
    const d = validate(pipeline([source('a', 'a'), source('b', 'b'), filter('f'), sink()], [edge('a', 'f'), edge('b', 'f'), edge('f', 'out')]));
    expect(errors(d)).toEqual([expect.objectContaining({ code: 'PIP_PORT_MULTIPLE_INPUTS', nodeId: 'f', port: 'in', edgeIndex: 1 })]);
    const merged = validate(pipeline([source('a', 'a'), source('b', 'b'), node('m', 'transform.merge@1'), sink()], [edge('a', 'm'), edge('b', 'm'), edge('m', 'out')]));
    expect(merged).toEqual([]);
  });

  it('warns about a repeated edge', () => {
    const d = validate(pipeline([source(), sink()], [edge('src', 'out'), edge('src', 'out', { toPort: 'in' })]));
    expect(d).toEqual([expect.objectContaining({ code: 'PIP_EDGE_DUPLICATE', severity: 'warning', edgeIndex: 1 })]);
  });

  it('warns about nodes with no path to a sink', () => {
    const d = validate(pipeline([source(), filter('f'), filter('g'), sink()], [edge('src', 'f'), edge('src', 'g'), edge('f', 'out')]));
    expect(d).toEqual([expect.objectContaining({ code: 'PIP_NO_SINK', severity: 'warning', nodeId: 'g' })]);
  });

  it('reports a key change before a grouping as a repartition (info)', () => {
    const rekey = node('k', 'transform.select-key@1', { expr: 'value.customer' });
    const d = validate(pipeline([source(), rekey, filter('f'), windowed('agg'), sink()], [edge('src', 'k'), edge('k', 'f'), edge('f', 'agg'), edge('agg', 'out')]));
    expect(d).toEqual([expect.objectContaining({ code: 'PIP_REPARTITION', severity: 'info', nodeId: 'agg' })]);
    expect(d[0]!.message).toContain('"k"');
  });

  it('reports a map that sets the key before a join as a repartition, and nothing when the key is untouched', () => {
    const map = (id: string, field: string) => node(id, 'transform.map@1', { operations: [{ op: 'set', field, expr: 'value.id' }] });
    const join = node('j', 'join.stream-stream@1', { windowMs: 1000 });
    const build = (field: string) =>
      pipeline([source('a', 'a'), source('b', 'b'), map('m', field), join, sink()], [edge('a', 'm'), edge('m', 'j', { toPort: 'left' }), edge('b', 'j', { toPort: 'right' }), edge('j', 'out')]);
    expect(validate(build('key'))).toEqual([expect.objectContaining({ code: 'PIP_REPARTITION', severity: 'info', nodeId: 'j' })]);
    expect(validate(build('value.id'))).toEqual([]);
  });

  it('reports join re-keying fields as repartitions at the field', () => {
    const join = node('j', 'join.stream-stream@1', { windowMs: 1000, leftKey: 'value.id' });
    const d = validate(pipeline([source('a', 'a'), source('b', 'b'), join, sink()], [edge('a', 'j', { toPort: 'left' }), edge('b', 'j', { toPort: 'right' }), edge('j', 'out')]));
    expect(d).toEqual([expect.objectContaining({ code: 'PIP_REPARTITION', severity: 'info', nodeId: 'j', field: 'leftKey' })]);
  });

  it('reports structural problems and wrong formats instead of throwing', () => {
    expect(validate(null)).toEqual([expect.objectContaining({ code: 'PIP_FORMAT_UNSUPPORTED' })]);
    expect(validate({ format: 'sluice.pipeline/v1', name: 'x', nodes: 3, edges: [] })).toEqual([expect.objectContaining({ code: 'PIP_DOCUMENT_INVALID', field: 'nodes' })]);
    expect(validate({ ...pipeline([], []), settings: { deadLetterTopic: 'a/b' } }).map((x) => x.code)).toEqual(['PIP_EMPTY', 'PIP_TOPIC_INVALID']);
  });

  it('never throws on arbitrary input', () => {
    const kinds = fc.constantFrom('source.topic@1', 'transform.filter@1', 'transform.branch@1', 'join.stream-stream@1', 'aggregate.window@1', 'sink.topic@1', 'x@1');
    const ids = fc.constantFrom('a', 'b', 'c', 'd');
    const nearlyValid = fc.record({
      format: fc.constant('sluice.pipeline/v1'),
      name: fc.string(),
      nodes: fc.array(fc.record({ id: ids, kind: kinds, config: fc.dictionary(fc.constantFrom('topic', 'expr', 'conditions', 'window', 'windowMs', 'groupBy'), fc.jsonValue()) }), { maxLength: 6 }),
      edges: fc.array(fc.record({ from: ids, to: ids, fromPort: fc.option(fc.constantFrom('out', 'left', 'default', 'x'), { nil: undefined }) }, { requiredKeys: ['from', 'to'] }), { maxLength: 8 }),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), nearlyValid, fc.anything()), (input) => {
        const diagnostics = validate(input);
        expect(Array.isArray(diagnostics)).toBe(true);
        expect(diagnostics.every((d) => d.code.startsWith('PIP_') && d.code !== 'PIP_INTERNAL')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
