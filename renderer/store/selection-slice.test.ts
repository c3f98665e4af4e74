import { describe, expect, it } from 'vitest';
import { doc, makeStore } from '../testing/fixtures.js';
import { PASTE_OFFSET } from './selection-slice.js';

function loaded() {
  const store = makeStore();
  store.getState().loadDocument(
    doc(
      [
        { id: 'src', kind: 'source.datagen@1', config: { generator: 'orders' }, position: { x: 0, y: 0 } },
        { id: 'filter-1', kind: 'transform.filter@1', config: { expr: 'true' }, position: { x: 200, y: 0 } },
        { id: 'out', kind: 'sink.topic@1', config: { topic: 'o' }, position: { x: 400, y: 0 } },
      ],
      [
        { from: 'src', to: 'filter-1' },
        { from: 'filter-1', to: 'out' },
      ],
    ),
    { origin: 'new' },
  );
  return store;
}

describe('selection slice', () => {
  it('selects several nodes and ignores unknown ids', () => {
    const store = loaded();
    store.getState().select(['src', 'out', 'ghost'], ['nope']);
    expect(store.getState().selectedNodeIds).toEqual(['src', 'out']);
    expect(store.getState().selectedEdgeIds).toEqual([]);
    store.getState().selectAll();
    expect(store.getState().selectedNodeIds).toHaveLength(3);
    expect(store.getState().selectedEdgeIds).toEqual(['src:->filter-1:', 'filter-1:->out:']);
  });

  it('derives the tap target from the selected edge or the one selected node, keeping identity', () => {
    const store = loaded();
    store.getState().select([], ['filter-1:->out:']);
    expect(store.getState().tapTarget).toEqual({ nodeId: 'filter-1' });
    const target = store.getState().tapTarget;
    store.getState().select(['filter-1'], []);
    expect(store.getState().tapTarget).toBe(target);
    store.getState().select(['filter-1', 'out'], []);
    expect(store.getState().tapTarget).toBeNull();
  });

  it('pastes copies with new ids, an offset and their inner edges, as one undo step', () => {
    const store = loaded();
    store.getState().select(['src', 'filter-1'], []);
    expect(store.getState().copySelection()).toBe(2);
    const ids = store.getState().paste();
    expect(ids).toEqual(['src-1', 'filter-2']);
    const { nodes, edges } = store.getState().doc;
    expect(nodes.find((n) => n.id === 'filter-2')).toMatchObject({ config: { expr: 'true' }, position: { x: 200 + PASTE_OFFSET, y: PASTE_OFFSET } });
    expect(edges).toContainEqual({ from: 'src-1', to: 'filter-2' });
    expect(edges).toHaveLength(3);
    expect(store.getState().selectedNodeIds).toEqual(ids);
    expect(store.getState().paste()).toEqual(['src-2', 'filter-3']);
    expect(store.getState().doc.nodes.find((n) => n.id === 'src-2')!.position).toEqual({ x: 2 * PASTE_OFFSET, y: 2 * PASTE_OFFSET });
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().doc.nodes).toHaveLength(3);
  });

  it('deletes selected nodes and edges', () => {
    const store = loaded();
    store.getState().select(['out'], ['src:->filter-1:']);
    store.getState().deleteSelection();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['src', 'filter-1']);
    expect(store.getState().doc.edges).toEqual([]);
    expect(store.getState().selectedNodeIds).toEqual([]);
  });
});
