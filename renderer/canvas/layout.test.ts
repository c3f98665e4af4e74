import { describe, expect, it } from 'vitest';
import { doc } from '../testing/fixtures.js';
import { layoutPositions, NODE_WIDTH } from './layout.js';

describe('layoutPositions', () => {
  it('places a chain left to right and parallel branches apart', () => {
    const pipeline = doc(
      ['a', 'b', 'c', 'd'].map((id) => ({ id, kind: 'transform.filter@1', config: {} })),
      [
        { from: 'a', to: 'b' },
        { from: 'a', to: 'c' },
        { from: 'b', to: 'd' },
        { from: 'c', to: 'd' },
      ],
    );
    const p = layoutPositions(pipeline, () => ({ width: NODE_WIDTH, height: 80 }));
    expect(p.a!.x).toBeLessThan(p.b!.x);
    expect(p.b!.x).toBeLessThan(p.d!.x);
    expect(p.b!.x).toBe(p.c!.x);
    expect(Math.abs(p.b!.y - p.c!.y)).toBeGreaterThanOrEqual(80);
  });

  it('handles nodes without edges and edges to missing nodes', () => {
    const p = layoutPositions(doc([{ id: 'x', kind: 'k', config: {} }], [{ from: 'x', to: 'ghost' }]), () => ({ width: 10, height: 10 }));
    expect(Object.keys(p)).toEqual(['x']);
  });
});
