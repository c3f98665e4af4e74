import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../engine/api/index.js';
import { doc, makeStore, memoryStorage } from '../testing/fixtures.js';
import { runStateLabel } from './run-slice.js';
import { sampleRecords, SAMPLE_LIMIT } from './samples-slice.js';
import { THEME_KEY } from './ui-slice.js';

const code = doc([
  { id: 'src', kind: 'source.datagen@1', config: {} },
  { id: 'c', kind: 'transform.code@1', config: { source: 'export default (r) => r;' } },
  { id: 'out', kind: 'sink.topic@1', config: {} },
], [{ from: 'src', to: 'c' }, { from: 'c', to: 'out' }]);

describe('file slice', () => {
  it('marks the document dirty until saved, and clean again when undone to the saved state', () => {
    const store = makeStore();
    store.getState().loadDocument(doc([]), { origin: 'new' });
    expect(store.getState().dirty).toBe(false);
    store.getState().addNode('source.datagen@1', { x: 0, y: 0 });
    expect(store.getState().dirty).toBe(true);
    store.getState().undo();
    expect(store.getState().dirty).toBe(false);
    store.getState().redo();
    store.getState().markSaved({ text: '{}', doc: store.getState().doc, path: 'p.sluice.json' });
    expect(store.getState()).toMatchObject({ dirty: false, path: 'p.sluice.json', savedText: '{}' });
  });

  it('trusts documents made in this session and opened ones without code nodes', () => {
    const store = makeStore();
    store.getState().loadDocument(code, { origin: 'template' });
    expect(store.getState().trusted).toBe(true);
    store.getState().loadDocument(code, { origin: 'file', savedText: '…' });
    expect(store.getState().trusted).toBe(false);
    store.getState().setTrusted(true);
    expect(store.getState().trusted).toBe(true);
    store.getState().loadDocument(doc([{ id: 'src', kind: 'source.datagen@1', config: {} }]), { origin: 'file' });
    expect(store.getState().trusted).toBe(true);
  });

  it('starts a fresh history on load', () => {
    const store = makeStore();
    store.getState().addNode('source.datagen@1', { x: 0, y: 0 });
    store.getState().loadDocument(code, { origin: 'file' });
    expect(store.getState().past).toEqual([]);
    expect(store.getState().selectedNodeIds).toEqual([]);
  });
});

describe('run slice', () => {
  const status = (state: RunStatus['state'], rate: number): RunStatus => ({
    runId: 'r1',
    pipelineName: 'test',
    state,
    startedAtMs: 1,
    nodes: [
      { nodeId: 'src', recordsIn: 0, recordsOut: 100, recordsInPerSec: 0, recordsOutPerSec: rate, errors: 0 },
      { nodeId: 'c', recordsIn: 100, recordsOut: 100, recordsInPerSec: 10, recordsOutPerSec: 10, errors: 1 },
    ],
    edges: [
      { edgeIndex: 0, recordsPerSec: rate },
      { edgeIndex: 1, recordsPerSec: 10 },
    ],
  });

  it('maps edge rates through the running document and keeps unchanged node stats by identity', () => {
    const store = makeStore();
    store.getState().loadDocument(code, { origin: 'new' });
    store.getState().runStarted(code, 'r1');
    expect(store.getState().runState).toBe('starting');
    store.getState().applyRunStatus(status('running', 10));
    expect(store.getState().edgeRates).toEqual({ 'src:->c:': 10, 'c:->out:': 10 });
    const c = store.getState().nodeStats.c;
    store.getState().applyRunStatus(status('running', 20));
    expect(store.getState().nodeStats.c).toBe(c);
    expect(store.getState().nodeStats.src?.recordsOutPerSec).toBe(20);
    store.getState().applyRunStatus({ ...status('stopped', 0), nodes: [], edges: [] });
    expect(store.getState().runState).toBe('stopped');
    expect(store.getState().edgeRates).toEqual({});
    expect(store.getState().nodeStats.c).toBe(c);
  });

  it('maps edges of a run it did not start only when the open document is the running one', () => {
    const store = makeStore();
    store.getState().loadDocument({ ...code, name: 'other' }, { origin: 'new' });
    store.getState().applyRunStatus(status('running', 10));
    expect(store.getState().edgeRates).toEqual({});
    expect(store.getState().runIsOpenDocument).toBe(false);
    store.getState().loadDocument(code, { origin: 'new' });
    store.getState().applyRunStatus(status('running', 10));
    expect(store.getState().edgeRates).toEqual({ 'src:->c:': 10, 'c:->out:': 10 });
    expect(store.getState().runIsOpenDocument).toBe(true);
  });

  it('takes the counters off the canvas when another document is loaded during a run', () => {
    const store = makeStore();
    store.getState().loadDocument(code, { origin: 'new' });
    store.getState().runStarted(code, 'r1');
    store.getState().applyRunStatus(status('running', 10));
    expect(store.getState().runIsOpenDocument).toBe(true);
    store.getState().loadDocument({ ...code, name: 'next' }, { origin: 'new' });
    expect(store.getState()).toMatchObject({ runIsOpenDocument: false, edgeRates: {} });
    store.getState().applyRunStatus(status('running', 10));
    expect(store.getState().runIsOpenDocument).toBe(false);
    expect(runStateLabel(store.getState())).toBe('running (another pipeline)');
    store.getState().applyRunStatus(status('stopped', 0));
    expect(runStateLabel(store.getState())).toBe('idle');
  });

  it('labels the run state as the run of the open document', () => {
    const store = makeStore();
    expect(runStateLabel(store.getState())).toBe('idle');
    store.getState().loadDocument(code, { origin: 'new' });
    store.getState().runStarted(code, 'r1');
    store.getState().applyRunStatus(status('running', 10));
    expect(runStateLabel(store.getState())).toBe('running');
    store.getState().applyRunStatus(status('stopped', 0));
    expect(runStateLabel(store.getState())).toBe('stopped');
  });

  it('keeps the failure reason', () => {
    const store = makeStore();
    store.getState().applyRunStatus({ ...status('failed', 0), error: { code: 'X', message: 'boom', nodeId: 'c' } });
    expect(store.getState().runError).toEqual({ code: 'X', message: 'boom', nodeId: 'c' });
  });
});

describe('ui slice', () => {
  it('persists the theme and ignores unknown stored values', () => {
    const storage = memoryStorage();
    const store = makeStore({ storage });
    expect(store.getState().theme).toBe('dark');
    store.getState().toggleTheme();
    expect(storage.data.get(THEME_KEY)).toBe('light');
    expect(makeStore({ storage }).getState().theme).toBe('light');
    storage.data.set(THEME_KEY, 'purple');
    expect(makeStore({ storage }).getState().theme).toBe('dark');
  });

  it('adds and dismisses toasts', () => {
    const store = makeStore();
    const id = store.getState().toast('error', 'failed');
    expect(store.getState().toasts).toEqual([{ id, kind: 'error', message: 'failed' }]);
    store.getState().dismissToast(id);
    expect(store.getState().toasts).toEqual([]);
  });
});

describe('samples', () => {
  it('gives a node the samples seen on the outputs feeding it, newest kept', () => {
    const store = makeStore();
    store.getState().loadDocument(code, { origin: 'new' });
    const record = (i: number) => ({ timestamp: i, key: null, value: `{"i":${i}}`, valueBytes: 7, truncated: false, headers: [] });
    store.getState().addSamples({ nodeId: 'src', port: 'out' }, Array.from({ length: SAMPLE_LIMIT + 5 }, (_, i) => record(i)));
    store.getState().addSamples({ nodeId: 'out' }, [record(999)]);
    const samples = sampleRecords(store.getState(), 'c');
    expect(samples).toHaveLength(SAMPLE_LIMIT);
    expect(samples[0]!.timestamp).toBe(5);
    expect(sampleRecords(store.getState(), 'src')).toEqual([]);
  });
});
