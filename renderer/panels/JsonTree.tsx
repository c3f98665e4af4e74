/**
 * JsonTree: a collapsible view of a parsed JSON value (model in json-tree.ts). Containers open to
 * one level below the root at first; a click on a container's row toggles it.
 */
import { useMemo, useState } from 'react';
import { buildJsonTree, defaultExpanded, flattenTree, togglePath, type JsonTreeRow } from './json-tree.js';

export function JsonTree({ value }: { value: unknown }) {
  const tree = useMemo(() => buildJsonTree(value), [value]);
  const [expanded, setExpanded] = useState(() => defaultExpanded(tree));
  // A new value gets its own default expansion (state is keyed by the tree it was made for).
  const [forTree, setForTree] = useState(tree);
  if (forTree !== tree) {
    setForTree(tree);
    setExpanded(defaultExpanded(tree));
  }
  const rows = flattenTree(tree, expanded);
  return (
    <div className="sl-json" role="tree">
      {rows.map((row) => (
        <TreeRow key={row.more === undefined ? row.node.path : `${row.node.path}…`} row={row} onToggle={(path) => setExpanded((old) => togglePath(old, path))} />
      ))}
    </div>
  );
}

function TreeRow({ row, onToggle }: { row: JsonTreeRow; onToggle(path: string): void }) {
  const indent = { paddingLeft: row.depth * 14 };
  if (row.more !== undefined) {
    return (
      <div className="sl-json-row sl-json-preview" style={indent} role="treeitem">
        … {row.more} more
      </div>
    );
  }
  const { node } = row;
  const label = node.label === null ? null : <span className="sl-json-key">{typeof node.label === 'number' ? node.label : JSON.stringify(node.label)}:</span>;
  return (
    <div
      className="sl-json-row"
      style={indent}
      role="treeitem"
      aria-expanded={row.expandable ? row.expanded : undefined}
      data-path={node.path}
      onClick={row.expandable ? () => onToggle(node.path) : undefined}
    >
      {row.expandable ? (
        <button type="button" className="sl-json-toggle" aria-label={row.expanded ? 'collapse' : 'expand'}>
          {row.expanded ? '▾' : '▸'}
        </button>
      ) : (
        <span className="sl-json-toggle" />
      )}
      {label}
      {node.children === undefined ? (
        <span className={`sl-json-${node.type}`}>{node.preview}</span>
      ) : (
        <span className="sl-json-preview">{row.expanded ? (node.type === 'array' ? `[${node.children.length + (node.hiddenChildren ?? 0)}]` : `{${node.children.length + (node.hiddenChildren ?? 0)}}`) : node.preview}</span>
      )}
    </div>
  );
}
