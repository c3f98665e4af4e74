import { describe, expect, it } from 'vitest';
import { doc, makeStore } from '../testing/fixtures.js';

describe('document slice', () => {
  it('adds nodes with the default config and kind-derived ids', () => {
    const store = makeStore();
    const a = store.getState().addNode('transform.filter@1', { x: 10.4, y: 20.6 });
    const b = store.getState().addNode('transform.filter@1', { x: 0, y: 0 });
    expect(a).toEqual({ ok: true, id: 'filter-1' });
    expect(b).toEqual({ ok: true, id: 'filter-2' });
    const node = store.getState().doc.nodes[0]!;
    expect(node.position).toEqual({ x: 10, y: 21 });
    expect(store.getState().addNode('nope@1', { x: 0, y: 0 })).toEqual({ ok: false, reason: 'unknown node kind "nope@1"' });
  });

  it('copies the default config so nodes never share objects', () => {
    const store = makeStore();
    store.getState().addNode('join.stream-stream@1', { x: 0, y: 0 });
    store.getState().addNode('join.stream-stream@1', { x: 0, y: 0 });
    const [a, b] = store.getState().doc.nodes;
    expect(a!.config.output).toEqual(b!.config.output);
    expect(a!.config.output).not.toBe(b!.config.output);
  });

  it('connects valid ports and refuses invalid ones with a reason', () => {
    const store = makeStore();
    const s = store.getState();
    s.loadDocument(
      doc([
        { id: 'src', kind: 'source.datagen@1', config: {} },
        { id: 'tbl', kind: 'table.topic@1', config: {} },
        { id: 'f', kind: 'transform.filter@1', config: {} },
      ]),
      { origin: 'new' },
    );
    expect(store.getState().connect({ from: 'src', fromPort: 'out', to: 'f', toPort: 'in' })).toEqual({ ok: true });
    expect(store.getState().doc.edges).toEqual([{ from: 'src', to: 'f' }]);
    const refused = store.getState().connect({ from: 'tbl', to: 'f' });
    expect(refused.ok).toBe(false);
    expect(store.getState().doc.edges).toHaveLength(1);
  });

  it('uses the ports of the last validation (branch outputs follow the config)', () => {
    const store = makeStore();
    store.getState().loadDocument(
      doc([
        { id: 'b', kind: 'transform.branch@1', config: { conditions: [{ name: 'big', expr: 'true' }] } },
        { id: 'out', kind: 'sink.topic@1', config: {} },
      ]),
      { origin: 'new' },
    );
    expect(store.getState().connectionProblem({ from: 'b', fromPort: 'big', to: 'out' })).toMatch(/no output "big"/);
    const ports = {
      b: { inputs: [{ name: 'in', type: 'stream' as const, description: '' }], outputs: ['big', 'default'].map((name) => ({ name, type: 'stream' as const, description: '' })) },
    };
    store.getState().setValidation({ diagnostics: [], ports }, store.getState().structureVersion);
    expect(store.getState().connect({ from: 'b', fromPort: 'big', to: 'out' })).toEqual({ ok: true });
    expect(store.getState().doc.edges).toEqual([{ from: 'b', fromPort: 'big', to: 'out' }]);
  });

  it('removes nodes with their edges and prunes the selection', () => {
    const store = makeStore();
    store.getState().loadDocument(
      doc(
        [
          { id: 'a', kind: 'source.datagen@1', config: {} },
          { id: 'b', kind: 'sink.topic@1', config: {} },
        ],
        [{ from: 'a', to: 'b' }],
      ),
      { origin: 'new' },
    );
    store.getState().select(['a', 'b'], []);
    store.getState().removeNodes(['a']);
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['b']);
    expect(store.getState().doc.edges).toEqual([]);
    expect(store.getState().selectedNodeIds).toEqual(['b']);
  });

  it('sets config values by path and renames nodes along their edges', () => {
    const store = makeStore();
    store.getState().loadDocument(
      doc(
        [
          { id: 'a', kind: 'source.datagen@1', config: {} },
          { id: 'w', kind: 'aggregate.window@1', config: { aggregations: [{ fn: 'count', as: 'n' }] } },
        ],
        [{ from: 'a', to: 'w' }],
      ),
      { origin: 'new' },
    );
    store.getState().setConfigValue('w', 'window.sizeMs', 5000);
    store.getState().setConfigValue('w', 'aggregations[0].fn', 'sum');
    expect(store.getState().doc.nodes[1]!.config).toEqual({ window: { sizeMs: 5000 }, aggregations: [{ fn: 'sum', as: 'n' }] });
    store.getState().setConfigValue('w', 'window', undefined);
    expect(store.getState().doc.nodes[1]!.config).toEqual({ aggregations: [{ fn: 'sum', as: 'n' }] });

    expect(store.getState().renameNode('a', 'w')).toEqual({ ok: false, reason: 'a node "w" already exists' });
    expect(store.getState().renameNode('a', ' ')).toEqual({ ok: false, reason: 'the id is empty' });
    expect(store.getState().renameNode('a', 'orders')).toEqual({ ok: true });
    expect(store.getState().doc.edges).toEqual([{ from: 'orders', to: 'w' }]);
  });

  it('renaming a branch condition moves the edges on its port along; static ports and other strings stay', () => {
    const store = makeStore();
    store.getState().loadDocument(
      doc(
        [
          { id: 'src', kind: 'source.datagen@1', config: {} },
          { id: 'b', kind: 'transform.branch@1', config: { conditions: [{ name: 'matched', expr: 'true' }] } },
          { id: 'hit', kind: 'sink.topic@1', config: {} },
          { id: 'miss', kind: 'sink.topic@1', config: {} },
        ],
        [
          { from: 'src', to: 'b' },
          { from: 'b', fromPort: 'matched', to: 'hit' },
          { from: 'b', fromPort: 'default', to: 'miss' },
        ],
      ),
      { origin: 'new' },
    );
    // Typed key by key, each step names the port the previous one left.
    for (const name of ['', 'o', 'or', 'orders']) store.getState().setConfigValue('b', 'conditions[0].name', name);
    expect(store.getState().doc.edges).toEqual([
      { from: 'src', to: 'b' },
      { from: 'b', fromPort: 'orders', to: 'hit' },
      { from: 'b', fromPort: 'default', to: 'miss' },
    ]);
    const edges = store.getState().doc.edges;
    store.getState().setConfigValue('b', 'conditions[0].expr', 'default');
    store.getState().setConfigValue('b', 'conditions[0].expr', 'value.x > 1');
    expect(store.getState().doc.edges).toBe(edges);
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().doc.edges[1]).toEqual({ from: 'b', fromPort: 'matched', to: 'hit' });
  });

  it('moves nodes without bumping the validation version', () => {
    const store = makeStore();
    store.getState().addNode('source.datagen@1', { x: 0, y: 0 });
    const version = store.getState().structureVersion;
    store.getState().moveNodes({ 'datagen-1': { x: 50, y: 60 } });
    expect(store.getState().doc.nodes[0]!.position).toEqual({ x: 50, y: 60 });
    expect(store.getState().structureVersion).toBe(version);
    const before = store.getState().doc;
    store.getState().moveNodes({ 'datagen-1': { x: 50, y: 60 } });
    expect(store.getState().doc).toBe(before);
  });

  it('edits the name, description and settings', () => {
    const store = makeStore();
    store.getState().setPipelineName('orders');
    store.getState().setDescription('hello');
    store.getState().setSettings({ errorPolicy: 'fail' });
    expect(store.getState().doc).toMatchObject({ name: 'orders', description: 'hello', settings: { errorPolicy: 'fail' } });
    store.getState().setDescription('');
    store.getState().setSettings({ errorPolicy: undefined });
    expect(store.getState().doc).not.toHaveProperty('description');
    expect(store.getState().doc).not.toHaveProperty('settings');
  });
});
