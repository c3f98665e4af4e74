/** The right-hand inspector: the selected node, the pipeline when nothing is selected, or a summary of a multi-selection. */
import { useStudio } from '../store/StoreProvider.js';
import { NodeInspector } from './NodeInspector.js';
import { PipelineInspector } from './PipelineInspector.js';

export function Inspector() {
  const selectedNodeIds = useStudio((s) => s.selectedNodeIds);
  const selectedEdgeCount = useStudio((s) => s.selectedEdgeIds.length);
  const onlyId = selectedNodeIds.length === 1 ? selectedNodeIds[0] : undefined;
  const node = useStudio((s) => (onlyId === undefined ? undefined : s.doc.nodes.find((n) => n.id === onlyId)));
  const deleteSelection = useStudio((s) => s.deleteSelection);
  return (
    <aside className="inspector" data-testid="inspector" aria-label="Inspector">
      {node !== undefined ? (
        <NodeInspector key={node.id} node={node} />
      ) : selectedNodeIds.length > 1 || selectedEdgeCount > 0 ? (
        <div>
          <h2>Selection</h2>
          <p>
            {selectedNodeIds.length} nodes, {selectedEdgeCount} edges selected.
            {selectedEdgeCount === 1 && selectedNodeIds.length === 0 ? ' The Records tab shows what flows along the edge.' : ''}
          </p>
          <button className="danger" onClick={deleteSelection}>
            Delete selection
          </button>
        </div>
      ) : (
        <PipelineInspector />
      )}
    </aside>
  );
}
