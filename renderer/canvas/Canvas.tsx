/**
 * The pipeline canvas (React Flow, controlled by the store): nodes and edges built incrementally
 * from the document (flow-model.ts); drags coalesced into one undo step; selection, connection
 * with the store's rules (a refused connection says why in a toast); drops from the palette; fit
 * and centre requests from the store. Delete is the studio's shortcut, not React Flow's.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection as FlowConnection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
} from '@xyflow/react';
import type { PipelinePosition } from '../../engine/api/index.js';
import { portsOf, type Connection } from '../store/graph.js';
import { useStudio, useStudioStore } from '../store/StoreProvider.js';
import { ADD_NODE_EVENT, KIND_MIME } from '../palette/Palette.js';
import { FlowEdgeCache, FlowNodeCache, type Size, type StudioFlowEdge, type StudioFlowNode } from './flow-model.js';
import { RateEdge } from './RateEdge.js';
import { StudioNode } from './StudioNode.js';

const nodeTypes = { studio: StudioNode };
const edgeTypes = { rate: RateEdge };
/**
 * Above this many nodes only the visible ones are mounted. Measured on a 300-node grid, mounting
 * and unmounting nodes while panning cost more than it saved, so it is kept for much larger graphs.
 */
const VISIBLE_ONLY_ABOVE = 1000;
/** No automatic fit on mount: the first node dropped on an empty canvas must not zoom in on itself. */
const DEFAULT_VIEWPORT = { x: 0, y: 0, zoom: 1 };
const FIT_OPTIONS = { padding: 0.15, maxZoom: 1.25, duration: 200 };

const toConnection = (c: FlowConnection | StudioFlowEdge): Connection => ({
  from: c.source,
  fromPort: c.sourceHandle ?? undefined,
  to: c.target,
  toPort: c.targetHandle ?? undefined,
});

function CanvasView() {
  const store = useStudioStore();
  const flow = useReactFlow<StudioFlowNode, StudioFlowEdge>();
  const docNodes = useStudio((s) => s.doc.nodes);
  const docEdges = useStudio((s) => s.doc.edges);
  const selectedNodeIds = useStudio((s) => s.selectedNodeIds);
  const selectedEdgeIds = useStudio((s) => s.selectedEdgeIds);
  const kinds = useStudio((s) => s.kinds);
  const validation = useStudio((s) => s.validation);
  const theme = useStudio((s) => s.theme);
  const fitRequest = useStudio((s) => s.fitRequest);
  const focusRequest = useStudio((s) => s.focusRequest);
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(() => new Map());
  const nodeCache = useRef(new FlowNodeCache());
  const edgeCache = useRef(new FlowEdgeCache());
  const lastRefusal = useRef<string | null>(null);

  const nodes = useMemo(() => nodeCache.current.build(docNodes, new Set(selectedNodeIds), measured), [docNodes, selectedNodeIds, measured]);
  const edges = useMemo(() => {
    const byId = new Map(docNodes.map((n) => [n.id, n]));
    return edgeCache.current.build(docEdges, new Set(selectedEdgeIds), (id) => {
      const node = byId.get(id);
      return node === undefined ? undefined : portsOf(node, kinds, validation);
    });
  }, [docNodes, docEdges, selectedEdgeIds, kinds, validation]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StudioFlowNode>[]) => {
      const positions: Record<string, PipelinePosition> = {};
      let moved = false;
      let dragEnded = false;
      let sizes: Map<string, Size> | null = null;
      let selection: Set<string> | null = null;
      for (const change of changes) {
        if (change.type === 'position' && change.position !== undefined) {
          positions[change.id] = change.position;
          moved = true;
          if (change.dragging === false) dragEnded = true;
        } else if (change.type === 'position' && change.dragging === false) dragEnded = true;
        else if (change.type === 'dimensions' && change.dimensions !== undefined) {
          sizes ??= new Map();
          sizes.set(change.id, change.dimensions);
        } else if (change.type === 'select') {
          selection ??= new Set(store.getState().selectedNodeIds);
          if (change.selected) selection.add(change.id);
          else selection.delete(change.id);
        }
      }
      const state = store.getState();
      if (moved) state.moveNodes(positions, { coalesce: 'drag' });
      if (dragEnded) state.breakCoalescing();
      if (selection !== null) state.select([...selection], state.selectedEdgeIds);
      if (sizes !== null) {
        const update = sizes;
        setMeasured((old) => {
          const next = new Map(old);
          for (const [id, size] of update) {
            const previous = old.get(id);
            if (previous?.width !== size.width || previous.height !== size.height) next.set(id, size);
          }
          return next;
        });
      }
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<StudioFlowEdge>[]) => {
      let selection: Set<string> | null = null;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        selection ??= new Set(store.getState().selectedEdgeIds);
        if (change.selected) selection.add(change.id);
        else selection.delete(change.id);
      }
      if (selection !== null) store.getState().select(store.getState().selectedNodeIds, [...selection]);
    },
    [store],
  );

  const isValidConnection = useCallback<IsValidConnection<StudioFlowEdge>>(
    (connection) => {
      const reason = store.getState().connectionProblem(toConnection(connection as FlowConnection));
      lastRefusal.current = reason;
      return reason === null;
    },
    [store],
  );

  const onConnect = useCallback(
    (connection: FlowConnection) => {
      const result = store.getState().connect(toConnection(connection));
      if (!result.ok) store.getState().toast('warning', `Not connected: ${result.reason}`);
    },
    [store],
  );

  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid === false && state.toHandle !== null && lastRefusal.current !== null) {
        store.getState().toast('warning', `Not connected: ${lastRefusal.current}`);
      }
      lastRefusal.current = null;
    },
    [store],
  );

  const addAt = useCallback(
    (kind: string, position: PipelinePosition) => {
      const result = store.getState().addNode(kind, { x: position.x - 110, y: position.y - 30 });
      if (result.ok) store.getState().select([result.id], []);
      else store.getState().toast('error', result.reason);
    },
    [store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(KIND_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(KIND_MIME);
      if (kind === '') return;
      event.preventDefault();
      addAt(kind, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [addAt, flow],
  );

  const wrapper = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onAdd = (event: Event) => {
      const box = wrapper.current?.getBoundingClientRect();
      if (box === undefined) return;
      addAt((event as CustomEvent<string>).detail, flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }));
    };
    window.addEventListener(ADD_NODE_EVENT, onAdd);
    return () => window.removeEventListener(ADD_NODE_EVENT, onAdd);
  }, [addAt, flow]);

  useEffect(() => {
    if (fitRequest === 0) return;
    // Let React Flow measure nodes of a freshly loaded document first.
    const frame = requestAnimationFrame(() => void flow.fitView(FIT_OPTIONS));
    return () => cancelAnimationFrame(frame);
  }, [fitRequest, flow]);

  useEffect(() => {
    if (focusRequest === null) return;
    const node = flow.getInternalNode(focusRequest.nodeId);
    if (node === undefined) return;
    const { width = 220, height = 100 } = node.measured;
    void flow.setCenter(node.internals.positionAbsolute.x + width / 2, node.internals.positionAbsolute.y + height / 2, { zoom: Math.max(flow.getZoom(), 1), duration: 250 });
  }, [focusRequest, flow]);

  return (
    <div className="canvas" data-testid="canvas" ref={wrapper} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<StudioFlowNode, StudioFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_ABOVE}
        colorMode={theme}
        minZoom={0.1}
        maxZoom={2.5}
        defaultViewport={DEFAULT_VIEWPORT}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <MiniMap pannable zoomable nodeColor="var(--node-header)" nodeStrokeColor="var(--border)" maskColor="color-mix(in srgb, var(--bg) 60%, transparent)" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

export function Canvas() {
  return (
    <ReactFlowProvider>
      <CanvasView />
    </ReactFlowProvider>
  );
}
