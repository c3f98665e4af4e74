import { describe, expect, it } from 'vitest';
import { catalog } from '../testing/fixtures.js';
import { FlowEdgeCache, FlowNodeCache } from './flow-model.js';
import type { PipelineNode } from '../../engine/api/index.js';

const kinds = Object.fromEntries(catalog.kinds.map((k) => [k.kind, k]));

describe('flow model', () => {
  it('reuses flow nodes whose document node, selection and size did not change', () => {
    const cache = new FlowNodeCache();
    const a: PipelineNode = { id: 'a', kind: 'transform.filter@1', config: {}, position: { x: 1, y: 2 } };
    const b: PipelineNode = { id: 'b', kind: 'transform.filter@1', config: {} };
    const first = cache.build([a, b], new Set(), new Map());
    expect(first[1]!.position).toEqual({ x: 0, y: 0 });
    const moved = { ...b, position: { x: 5, y: 5 } };
    const second = cache.build([a, moved], new Set(), new Map());
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    const third = cache.build([a, moved], new Set(['a']), new Map([['b', { width: 1, height: 2 }]]));
    expect(third[0]!.selected).toBe(true);
    expect(third[1]!.measured).toEqual({ width: 1, height: 2 });
  });

  it('resolves edge handles to port names and colours table edges', () => {
    const cache = new FlowEdgeCache();
    const ports: Record<string, string> = { t: 'table.topic@1', j: 'join.stream-table@1' };
    const edges = cache.build([{ from: 't', to: 'j', toPort: 'table' }], new Set(), (id) => kinds[ports[id]!]?.ports);
    expect(edges[0]).toMatchObject({ id: 't:->j:table', sourceHandle: 'out', targetHandle: 'table', data: { portType: 'table' } });
    expect(cache.build([{ from: 't', to: 'j', toPort: 'table' }], new Set(), (id) => kinds[ports[id]!]?.ports)[0]).not.toBe(edges[0]);
  });
});
