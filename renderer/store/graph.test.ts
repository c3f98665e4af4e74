import { describe, expect, it } from 'vitest';
import { connectionProblem, edgeId, normalizeConnection, reaches } from './graph.js';
import { copyId, idStem, uniqueId } from './ids.js';
import { catalog, doc } from '../testing/fixtures.js';
import type { NodePortsDto } from '../../engine/api/index.js';

const kinds = Object.fromEntries(catalog.kinds.map((k) => [k.kind, k]));
const pipeline = doc(
  [
    { id: 'src', kind: 'source.datagen@1', config: {} },
    { id: 'tbl', kind: 'table.topic@1', config: {} },
    { id: 'f', kind: 'transform.filter@1', config: {} },
    { id: 'm', kind: 'transform.merge@1', config: {} },
    { id: 'j', kind: 'join.stream-table@1', config: {} },
    { id: 'out', kind: 'sink.topic@1', config: {} },
  ],
  [{ from: 'src', to: 'f' }],
);
const portsFor = (id: string): NodePortsDto | undefined => {
  const node = pipeline.nodes.find((n) => n.id === id);
  return node === undefined ? undefined : kinds[node.kind]?.ports;
};

describe('connectionProblem', () => {
  it('accepts a stream into a stream input and a table into a sink that takes both', () => {
    expect(connectionProblem(pipeline, portsFor, { from: 'f', to: 'out' })).toBeNull();
    expect(connectionProblem(pipeline, portsFor, { from: 'tbl', to: 'out' })).toBeNull();
    expect(connectionProblem(pipeline, portsFor, { from: 'tbl', fromPort: 'out', to: 'j', toPort: 'table' })).toBeNull();
  });

  it('refuses a table into a stream-only input, with the port names', () => {
    expect(connectionProblem(pipeline, portsFor, { from: 'tbl', to: 'f' })).toMatch(/table output "out" of "tbl" cannot feed input "in" of "f", which takes stream only/);
    expect(connectionProblem(pipeline, portsFor, { from: 'tbl', to: 'j', toPort: 'stream' })).toMatch(/stream only/);
  });

  it('refuses a second edge into a single input but not into merge', () => {
    expect(connectionProblem(pipeline, portsFor, { from: 'tbl', to: 'f' })).not.toBeNull();
    const withMerge = { ...pipeline, edges: [...pipeline.edges, { from: 'src', to: 'm' }] };
    expect(connectionProblem(withMerge, portsFor, { from: 'f', to: 'm' })).toBeNull();
    const twice = connectionProblem({ ...pipeline, edges: [{ from: 'src', to: 'f' }] }, portsFor, { from: 'src', to: 'f' });
    expect(twice).toMatch(/already connected/);
    const occupied = doc(pipeline.nodes, [{ from: 'm', to: 'f' }]);
    expect(connectionProblem(occupied, portsFor, { from: 'src', to: 'f' })).toMatch(/already has a connection from "m"/);
  });

  it('refuses self loops, cycles, unknown ports and sources as targets', () => {
    expect(connectionProblem(pipeline, portsFor, { from: 'f', to: 'f' })).toMatch(/itself/);
    const chain = doc(pipeline.nodes, [
      { from: 'src', to: 'm' },
      { from: 'm', to: 'f' },
    ]);
    expect(connectionProblem(chain, portsFor, { from: 'f', to: 'm' })).toMatch(/cycle/);
    expect(connectionProblem(pipeline, portsFor, { from: 'f', to: 'src' })).toMatch(/no inputs/);
    expect(connectionProblem(pipeline, portsFor, { from: 'out', to: 'f' })).toMatch(/no outputs/);
    expect(connectionProblem(pipeline, portsFor, { from: 'f', to: 'j', toPort: 'nope' })).toMatch(/no input "nope"/);
    expect(connectionProblem(pipeline, portsFor, { from: 'ghost', to: 'f' })).toMatch(/no node "ghost"/);
  });
});

describe('edges', () => {
  it('stores ports only where a node has several', () => {
    const j = kinds['join.stream-table@1']!.ports;
    const f = kinds['transform.filter@1']!.ports;
    expect(normalizeConnection({ from: 'f', fromPort: 'out', to: 'j', toPort: 'stream' }, f, j)).toEqual({ from: 'f', to: 'j', toPort: 'stream' });
    expect(normalizeConnection({ from: 'a', to: 'f' }, f, f)).toEqual({ from: 'a', to: 'f' });
  });

  it('gives stable ids and finds paths', () => {
    expect(edgeId({ from: 'a', to: 'b', toPort: 'left' })).toBe('a:->b:left');
    expect(reaches([{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }], 'a', 'c')).toBe(true);
    expect(reaches([{ from: 'a', to: 'b' }], 'b', 'a')).toBe(false);
  });
});

describe('ids', () => {
  it('derives ids from kinds and numbers past taken ones', () => {
    expect(idStem('transform.filter@1')).toBe('filter');
    expect(idStem('join.stream-table@2')).toBe('stream-table');
    expect(uniqueId('filter', new Set(['filter-1', 'filter-2']))).toBe('filter-3');
    expect(copyId('filter-1', new Set(['filter-1']))).toBe('filter-2');
    expect(copyId('orders', new Set(['orders']))).toBe('orders-1');
  });
});
