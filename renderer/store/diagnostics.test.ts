import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PipelineDocument, ValidationResult } from '../../engine/api/index.js';
import { makeStore } from '../testing/fixtures.js';
import { fakeEngine, flush } from '../testing/fake-engine.js';
import { startValidation, VALIDATE_DEBOUNCE_MS } from './validation.js';

afterEach(() => {
  vi.useRealTimers();
});

const result = (doc: PipelineDocument): ValidationResult => ({
  diagnostics: doc.nodes.map((n) => ({ code: 'PIP_TEST', severity: 'error' as const, message: `bad ${n.id}`, nodeId: n.id, field: 'expr' })),
  ports: {},
});

describe('diagnostics', () => {
  it('validates once, 200 ms after the last change, and indexes diagnostics by node', async () => {
    vi.useFakeTimers();
    const store = makeStore();
    const engine = fakeEngine({ 'pipelines.validate': ({ doc }) => result(doc as PipelineDocument) });
    const validation = startValidation(store, engine.client, () => undefined);
    store.getState().addNode('transform.filter@1', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(VALIDATE_DEBOUNCE_MS - 50);
    store.getState().addNode('transform.filter@1', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(VALIDATE_DEBOUNCE_MS - 1);
    expect(engine.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    await flush();
    expect(engine.calls).toHaveLength(1);
    expect(store.getState().diagnostics).toHaveLength(2);
    expect(store.getState().diagnosticsByNode['filter-2']?.[0]?.message).toBe('bad filter-2');
    validation.dispose();
  });

  it('does not validate after mere moves', async () => {
    vi.useFakeTimers();
    const store = makeStore();
    store.getState().addNode('transform.filter@1', { x: 0, y: 0 });
    const engine = fakeEngine({ 'pipelines.validate': ({ doc }) => result(doc as PipelineDocument) });
    const validation = startValidation(store, engine.client, () => undefined);
    await vi.advanceTimersByTimeAsync(VALIDATE_DEBOUNCE_MS);
    store.getState().moveNodes({ 'filter-1': { x: 5, y: 5 } });
    await vi.advanceTimersByTimeAsync(VALIDATE_DEBOUNCE_MS * 2);
    expect(engine.calls).toHaveLength(1);
    validation.dispose();
  });

  it('drops a stale answer and keeps unchanged per-node lists by identity', () => {
    const store = makeStore();
    store.getState().setValidation({ diagnostics: [{ code: 'A', severity: 'error', message: 'a', nodeId: 'x' }], ports: {} }, 5);
    const list = store.getState().diagnosticsByNode.x;
    store.getState().setValidation({ diagnostics: [], ports: {} }, 4);
    expect(store.getState().diagnosticsByNode.x).toBe(list);
    store.getState().setValidation(
      {
        diagnostics: [
          { code: 'A', severity: 'error', message: 'a', nodeId: 'x' },
          { code: 'B', severity: 'warning', message: 'b', nodeId: 'y' },
        ],
        ports: {},
      },
      6,
    );
    expect(store.getState().diagnosticsByNode.x).toBe(list);
    expect(store.getState().diagnosticsByNode.y).toHaveLength(1);
  });

  it('indexes edge diagnostics by edge id for the current document only', () => {
    const store = makeStore();
    store.getState().addNode('source.datagen@1', { x: 0, y: 0 });
    store.getState().addNode('transform.filter@1', { x: 0, y: 0 });
    store.getState().connect({ from: 'datagen-1', to: 'filter-1' });
    const edgeProblem = { code: 'PIP_EDGE', severity: 'error' as const, message: 'bad edge', edgeIndex: 0 };
    store.getState().setValidation({ diagnostics: [edgeProblem], ports: {} }, store.getState().structureVersion);
    expect(store.getState().diagnosticsByEdge).toEqual({ 'datagen-1:->filter-1:': [edgeProblem] });
    store.getState().setValidation({ diagnostics: [edgeProblem], ports: {} }, store.getState().structureVersion + 1);
    expect(store.getState().diagnosticsByEdge).toEqual({});
  });

  it('keeps unchanged ports by identity', () => {
    const store = makeStore();
    const port = { name: 'in', type: 'stream' as const, description: '' };
    store.getState().setValidation({ diagnostics: [], ports: { a: { inputs: [port], outputs: [] }, b: { inputs: [], outputs: [port] } } }, 1);
    const before = store.getState().validation!.ports;
    store.getState().setValidation({ diagnostics: [], ports: { a: { inputs: [port], outputs: [] }, b: { inputs: [port], outputs: [port] } } }, 2);
    const after = store.getState().validation!.ports;
    expect(after.a).toBe(before.a);
    expect(after.b).not.toBe(before.b);
  });

  it('reports a failed validation through onError', async () => {
    const store = makeStore();
    const engine = fakeEngine({});
    const errors: unknown[] = [];
    const validation = startValidation(store, engine.client, (e) => errors.push(e), 0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toMatch(/unknown method/);
    validation.dispose();
  });
});
