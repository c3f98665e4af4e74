/**
 * Document slice: the pipeline being edited and the node catalog it is checked against. Every
 * action builds the next document immutably and hands it to `commit` (history-slice), so undo,
 * the dirty mark and re-validation follow every change.
 *
 * Invariants: node ids are unique; edges only join existing nodes; a refused connection leaves the
 * document untouched and says why (graph.ts); renaming a port the config names (a branch
 * condition) moves the edges on it along.
 */
import type { StateCreator } from 'zustand';
import { PIPELINE_FORMAT, type NodeKindDto, type PipelineDocument, type PipelineNode } from '../../engine/api/index.js';
import { connectionProblem, edgeId, followPortRename, normalizeConnection, portsOf, type Connection } from './graph.js';
import { idStem, nodeIdProblem, uniqueId } from './ids.js';
import { getAt, parsePath, setAt } from './paths.js';
import type { DocumentSlice, StudioState } from './types.js';

export const emptyDocument = (name = 'untitled'): PipelineDocument => ({ format: PIPELINE_FORMAT, name, nodes: [], edges: [] });

const round = (n: number): number => Math.round(n);

export const createDocumentSlice: StateCreator<StudioState, [], [], DocumentSlice> = (set, get) => {
  const portsFor = (nodeId: string) => {
    const { doc, kinds, validation } = get();
    const node = doc.nodes.find((n) => n.id === nodeId);
    return node === undefined ? undefined : portsOf(node, kinds, validation);
  };

  return {
    doc: emptyDocument(),
    kinds: {},
    kindList: [],
    paletteGroups: [],
    structureVersion: 0,

    setCatalog(kindList: NodeKindDto[], groups: string[]) {
      set({ kindList, paletteGroups: groups, kinds: Object.fromEntries(kindList.map((k) => [k.kind, k])) });
    },

    addNode(kind, position) {
      const spec = get().kinds[kind];
      if (spec === undefined) return { ok: false, reason: `unknown node kind "${kind}"` };
      const { doc } = get();
      const id = uniqueId(idStem(kind), new Set(doc.nodes.map((n) => n.id)));
      const node: PipelineNode = { id, kind, config: structuredClone(spec.defaultConfig), position: { x: round(position.x), y: round(position.y) } };
      get().commit({ ...doc, nodes: [...doc.nodes, node] });
      return { ok: true, id };
    },

    moveNodes(positions, options) {
      const { doc } = get();
      let changed = false;
      const nodes = doc.nodes.map((node) => {
        const to = positions[node.id];
        if (to === undefined) return node;
        const position = { x: round(to.x), y: round(to.y) };
        if (node.position?.x === position.x && node.position.y === position.y) return node;
        changed = true;
        return { ...node, position };
      });
      if (changed) get().commit({ ...doc, nodes }, { layoutOnly: true, ...(options?.coalesce === undefined ? {} : { coalesce: options.coalesce }) });
    },

    removeNodes(ids) {
      if (ids.length === 0) return;
      const gone = new Set(ids);
      const { doc } = get();
      get().commit({
        ...doc,
        nodes: doc.nodes.filter((n) => !gone.has(n.id)),
        edges: doc.edges.filter((e) => !gone.has(e.from) && !gone.has(e.to)),
      });
      get().select(get().selectedNodeIds, get().selectedEdgeIds);
    },

    removeEdges(edgeIds) {
      if (edgeIds.length === 0) return;
      const gone = new Set(edgeIds);
      const { doc } = get();
      const edges = doc.edges.filter((e) => !gone.has(edgeId(e)));
      if (edges.length === doc.edges.length) return;
      get().commit({ ...doc, edges });
      get().select(get().selectedNodeIds, get().selectedEdgeIds);
    },

    connectionProblem(connection: Connection) {
      return connectionProblem(get().doc, portsFor, connection);
    },

    connect(connection) {
      const reason = get().connectionProblem(connection);
      if (reason !== null) return { ok: false, reason };
      const fromPorts = portsFor(connection.from);
      const toPorts = portsFor(connection.to);
      if (fromPorts === undefined || toPorts === undefined) return { ok: false, reason: 'the nodes are gone' };
      const { doc } = get();
      get().commit({ ...doc, edges: [...doc.edges, normalizeConnection(connection, fromPorts, toPorts)] });
      return { ok: true };
    },

    setConfigValue(nodeId, path, value) {
      const { doc, kinds } = get();
      const segments = parsePath(path);
      const nodes = doc.nodes.map((node) =>
        node.id === nodeId ? { ...node, config: (segments.length === 0 ? value : setAt(node.config, segments, value)) as Record<string, unknown> } : node,
      );
      const node = doc.nodes.find((n) => n.id === nodeId);
      const edges = node === undefined ? doc.edges : followPortRename(doc.edges, nodeId, kinds[node.kind], getAt(node.config, segments), value);
      get().commit({ ...doc, nodes, edges }, { coalesce: `config:${nodeId}:${path}` });
    },

    renameNode(oldId, newId) {
      if (oldId === newId) return { ok: true };
      const problem = nodeIdProblem(newId);
      if (problem !== null) return { ok: false, reason: problem };
      const { doc } = get();
      if (doc.nodes.some((n) => n.id === newId)) return { ok: false, reason: `a node "${newId}" already exists` };
      const rename = (id: string) => (id === oldId ? newId : id);
      get().commit({
        ...doc,
        nodes: doc.nodes.map((n) => (n.id === oldId ? { ...n, id: newId } : n)),
        edges: doc.edges.map((e) => (e.from === oldId || e.to === oldId ? { ...e, from: rename(e.from), to: rename(e.to) } : e)),
      });
      const { selectedNodeIds, selectedEdgeIds } = get();
      get().select(selectedNodeIds.map(rename), selectedEdgeIds);
      return { ok: true };
    },

    setPipelineName(name) {
      get().commit({ ...get().doc, name }, { coalesce: 'doc:name' });
    },

    setDescription(description) {
      const { description: _old, ...rest } = get().doc;
      get().commit(description === '' ? rest : { ...rest, description }, { coalesce: 'doc:description' });
    },

    setSettings(settings) {
      const { settings: _old, ...rest } = get().doc;
      const empty = Object.values(settings).every((v) => v === undefined);
      get().commit(empty ? rest : { ...rest, settings });
    },
  };
};
