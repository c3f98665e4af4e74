/**
 * Test fixtures for the renderer: the node catalog as `catalog.list` returns it (generated once from
 * the engine's manifests, stored as JSON so renderer tests need no engine internals) and a store
 * with that catalog loaded.
 */
import type { NodeKindDto, PipelineDocument } from '../../engine/api/index.js';
import { PIPELINE_FORMAT } from '../../engine/api/index.js';
import { createStudioStore, type StudioStore } from '../store/store.js';
import type { StudioDeps } from '../store/types.js';
import catalogJson from './catalog.fixture.json' with { type: 'json' };

export const catalog = catalogJson as unknown as { groups: string[]; kinds: NodeKindDto[] };

export function makeStore(deps: Partial<StudioDeps> = {}): StudioStore {
  const store = createStudioStore(deps);
  store.getState().setCatalog(catalog.kinds, catalog.groups);
  return store;
}

export function doc(nodes: PipelineDocument['nodes'], edges: PipelineDocument['edges'] = [], name = 'test'): PipelineDocument {
  return { format: PIPELINE_FORMAT, name, nodes, edges };
}

/** In-memory Storage for theme persistence tests. */
export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) };
}
