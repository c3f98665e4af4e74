import { describe, expect, it } from 'vitest';
import { makeStore } from '../testing/fixtures.js';
import { COALESCE_WINDOW_MS, HISTORY_LIMIT } from './history-slice.js';

function clockedStore() {
  let now = 0;
  const store = makeStore({ now: () => now });
  return { store, tick: (ms: number) => (now += ms) };
}

describe('history slice', () => {
  it('undoes and redoes document changes', () => {
    const { store } = clockedStore();
    store.getState().addNode('source.datagen@1', { x: 0, y: 0 });
    store.getState().addNode('sink.topic@1', { x: 100, y: 0 });
    store.getState().undo();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['datagen-1']);
    store.getState().undo();
    expect(store.getState().doc.nodes).toEqual([]);
    store.getState().undo();
    expect(store.getState().doc.nodes).toEqual([]);
    store.getState().redo();
    store.getState().redo();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['datagen-1', 'topic-1']);
    expect(store.getState().future).toEqual([]);
  });

  it('clears redo on a new change', () => {
    const { store } = clockedStore();
    store.getState().addNode('source.datagen@1', { x: 0, y: 0 });
    store.getState().undo();
    store.getState().addNode('sink.topic@1', { x: 0, y: 0 });
    store.getState().redo();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['topic-1']);
  });

  it('coalesces a drag into one step, ended by breakCoalescing or a pause', () => {
    const { store, tick } = clockedStore();
    store.getState().addNode('source.datagen@1', { x: 0, y: 0 });
    for (let x = 1; x <= 30; x++) {
      tick(16);
      store.getState().moveNodes({ 'datagen-1': { x, y: 0 } }, { coalesce: 'drag' });
    }
    store.getState().breakCoalescing();
    store.getState().moveNodes({ 'datagen-1': { x: 99, y: 0 } }, { coalesce: 'drag' });
    tick(COALESCE_WINDOW_MS + 1);
    store.getState().moveNodes({ 'datagen-1': { x: 120, y: 0 } }, { coalesce: 'drag' });
    store.getState().undo();
    expect(store.getState().doc.nodes[0]!.position).toEqual({ x: 99, y: 0 });
    store.getState().undo();
    expect(store.getState().doc.nodes[0]!.position).toEqual({ x: 30, y: 0 });
    store.getState().undo();
    expect(store.getState().doc.nodes[0]!.position).toEqual({ x: 0, y: 0 });
  });

  it('coalesces typing in one field but not across fields', () => {
    const { store, tick } = clockedStore();
    store.getState().addNode('transform.filter@1', { x: 0, y: 0 });
    for (const text of ['v', 'va', 'val']) {
      tick(100);
      store.getState().setConfigValue('filter-1', 'expr', text);
    }
    store.getState().setPipelineName('p');
    store.getState().undo();
    expect(store.getState().doc.nodes[0]!.config.expr).toBe('val');
    store.getState().undo();
    expect(store.getState().doc.nodes[0]!.config.expr).toBe('true');
  });

  it('keeps at most HISTORY_LIMIT steps', () => {
    const { store } = clockedStore();
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) {
      store.getState().setPipelineName(`n${i}`);
      store.getState().breakCoalescing();
    }
    expect(store.getState().past).toHaveLength(HISTORY_LIMIT);
  });

  it('drops selected ids that undo removes', () => {
    const { store } = clockedStore();
    store.getState().addNode('source.datagen@1', { x: 0, y: 0 });
    store.getState().select(['datagen-1'], []);
    store.getState().undo();
    expect(store.getState().selectedNodeIds).toEqual([]);
    expect(store.getState().tapTarget).toBeNull();
  });
});
