import { describe, expect, it } from 'vitest';
import { EngineError, type PipelineDocument } from '../../engine/api/index.js';
import { doc, makeStore } from '../testing/fixtures.js';
import { fakeEngine, type FakeHandlers } from '../testing/fake-engine.js';
import { createActions, fileNameFor } from './actions.js';

const codeDoc = doc(
  [
    { id: 'src', kind: 'source.datagen@1', config: { generator: 'orders' } },
    { id: 'c', kind: 'transform.code@1', config: { source: 'export default (r) => r;' } },
  ],
  [{ from: 'src', to: 'c' }],
  'orders enriched',
);

function setup(handlers: FakeHandlers, confirm = true) {
  const store = makeStore();
  const engine = fakeEngine(handlers);
  const downloads: Array<{ name: string; text: string }> = [];
  const actions = createActions(store, engine.client, { downloadText: (name, text) => downloads.push({ name, text }), confirm: () => confirm });
  return { store, engine, actions, downloads };
}

describe('actions', () => {
  it('opens a file: lays out nodes without positions, keeps parse warnings, distrusts code nodes', async () => {
    const warning = { code: 'PIP_W', severity: 'warning' as const, message: 'hm' };
    const { store, actions } = setup({ 'pipelines.parse': () => ({ doc: codeDoc, diagnostics: [warning] }) });
    expect(await actions.openText('{…}', 'x.sluice.json')).toBe(true);
    const s = store.getState();
    expect(s.doc.nodes.every((n) => n.position !== undefined)).toBe(true);
    expect(s.openDiagnostics).toEqual([warning]);
    expect(s).toMatchObject({ origin: 'file', trusted: false, dirty: false, savedText: '{…}' });
  });

  it('shows why a file could not be opened', async () => {
    const error = { code: 'PIP_JSON', severity: 'error' as const, message: 'Unexpected token at line 3', line: 3, column: 1 };
    const { store, actions } = setup({ 'pipelines.parse': () => ({ diagnostics: [error] }) });
    expect(await actions.openText('{', 'bad.json')).toBe(false);
    expect(store.getState().openDiagnostics).toEqual([error]);
    expect(store.getState().toasts[0]?.message).toBe('Could not open bad.json: Unexpected token at line 3');
  });

  it('asks for trust before running an opened file with code nodes, then runs it trusted', async () => {
    const runs: Array<{ trusted?: boolean }> = [];
    const { store, actions } = setup({
      'pipelines.parse': () => ({ doc: codeDoc, diagnostics: [] }),
      'pipelines.run': (params) => (runs.push(params), { runId: 'r1' }),
    });
    await actions.openText('…', 'x');
    await actions.run();
    expect(runs).toEqual([]);
    expect(store.getState().trustPrompt).toEqual(['c']);
    await actions.trustAndRun();
    expect(runs.map((r) => r.trusted)).toEqual([true]);
    expect(store.getState()).toMatchObject({ trustPrompt: null, runId: 'r1', runState: 'starting' });
  });

  it('downloads the serialized text and clears the dirty mark', async () => {
    const { store, actions, downloads } = setup({ 'pipelines.serialize': ({ doc }) => ({ text: JSON.stringify(doc) }) });
    store.getState().loadDocument(codeDoc, { origin: 'new' });
    store.getState().setPipelineName('renamed!');
    expect(store.getState().dirty).toBe(true);
    await actions.download();
    expect(downloads[0]?.name).toBe('renamed.sluice.json');
    expect(JSON.parse(downloads[0]!.text).name).toBe('renamed!');
    expect(store.getState().dirty).toBe(false);
  });

  it('saves to the workspace under the known path or one from the name', async () => {
    const paths: string[] = [];
    const { store, actions } = setup({ 'pipelines.save': ({ path }) => (paths.push(path), { path: `pipelines/${path}`, text: 't' }) });
    store.getState().loadDocument(codeDoc, { origin: 'new' });
    await actions.saveToWorkspace();
    await actions.saveToWorkspace();
    expect(paths).toEqual(['orders-enriched.sluice.json', 'pipelines/orders-enriched.sluice.json']);
    expect(store.getState().path).toBe('pipelines/pipelines/orders-enriched.sluice.json');
  });

  it('reports engine errors with message and code', async () => {
    const { store, actions } = setup({
      'pipelines.run': () => {
        throw new EngineError('PIP_INVALID', 'the pipeline has 2 errors', { domain: 'user' });
      },
    });
    store.getState().setDockTab('records');
    store.getState().setValidation({ diagnostics: [{ code: 'PIP_X', severity: 'error', message: 'x' }], ports: {} }, store.getState().structureVersion);
    await actions.run();
    expect(store.getState().toasts.map((t) => t.message)).toEqual(['Run failed: the pipeline has 2 errors (PIP_INVALID)']);
    expect(store.getState().dockTab).toBe('problems');
  });

  it('keeps background calls quiet while disconnected, but not what the user asked for', async () => {
    const { store, actions, engine } = setup({});
    engine.drop('socket closed');
    await actions.loadCatalog();
    await actions.syncRunStatus();
    expect(store.getState().toasts).toEqual([]);
    await actions.stop();
    expect(store.getState().toasts[0]?.message).toMatch(/^Stop failed: not connected to the engine: socket closed \(API_DISCONNECTED\)$/);
  });

  it('does not replace unsaved changes unless confirmed', async () => {
    const { store, actions, engine } = setup({ 'templates.instantiate': () => ({ doc: codeDoc, readme: '' }) }, false);
    store.getState().addNode('source.datagen@1', { x: 0, y: 0 });
    expect(await actions.newFromTemplate('x')).toBe(false);
    expect(engine.calls).toEqual([]);
  });

  it('instantiates templates as trusted documents and lays out the canvas', async () => {
    const { store, actions } = setup({ 'templates.instantiate': () => ({ doc: codeDoc, readme: '' }) });
    expect(await actions.newFromTemplate('orders')).toBe(true);
    expect(store.getState()).toMatchObject({ origin: 'template', trusted: true, fitRequest: 1 });
    actions.autoLayout();
    store.getState().undo();
    expect(store.getState().past).toEqual([]);
  });

  it('opens workspace files with their path, so saving goes back to them', async () => {
    const { store, actions } = setup({ 'pipelines.open': ({ path }) => ({ path, text: 'T', doc: codeDoc, diagnostics: [] }) });
    expect(await actions.openFromWorkspace('pipelines/a.sluice.json')).toBe(true);
    expect(store.getState()).toMatchObject({ origin: 'workspace', path: 'pipelines/a.sluice.json', savedText: 'T', trusted: false, dirty: false });
  });

  it('names files safely', () => {
    expect(fileNameFor({ name: 'a b/c' } as PipelineDocument)).toBe('a-b-c.sluice.json');
    expect(fileNameFor({ name: '!!!' } as PipelineDocument)).toBe('pipeline.sluice.json');
  });
});
