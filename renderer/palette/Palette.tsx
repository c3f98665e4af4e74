/**
 * The node palette: the catalog's kinds grouped (Sources, Transforms, Aggregate & Window, Joins,
 * Sinks), filterable; items are dragged onto the canvas (HTML5 drag and drop carrying the kind) or
 * added at the centre of the view with a double click or Enter.
 */
import { memo, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { NodeKindDto } from '../../engine/api/index.js';
import { useStudio } from '../store/StoreProvider.js';

export const KIND_MIME = 'application/x-sluice-kind';

/** Fired on window to ask the canvas to add a node at the centre of the view. */
export const ADD_NODE_EVENT = 'sluice:add-node';

const PaletteItem = memo(function PaletteItem({ kind }: { kind: NodeKindDto }) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(KIND_MIME, kind.kind);
    event.dataTransfer.setData('text/plain', kind.kind);
    event.dataTransfer.effectAllowed = 'copy';
  };
  const add = () => window.dispatchEvent(new CustomEvent(ADD_NODE_EVENT, { detail: kind.kind }));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') add();
  };
  return (
    <div
      className="palette-item"
      draggable
      tabIndex={0}
      role="button"
      data-testid={`palette-item-${kind.kind}`}
      title={`${kind.description}\nDrag onto the canvas, or double-click to add.`}
      onDragStart={onDragStart}
      onDoubleClick={add}
      onKeyDown={onKeyDown}
    >
      <div>{kind.title}</div>
      <div className="kind">{kind.kind}</div>
    </div>
  );
});

export function Palette() {
  const groups = useStudio((s) => s.paletteGroups);
  const kinds = useStudio((s) => s.kindList);
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = needle === '' ? kinds : kinds.filter((k) => `${k.title} ${k.kind} ${k.description}`.toLowerCase().includes(needle));
  return (
    <aside className="palette" aria-label="Node palette">
      <input type="search" placeholder="Filter nodes" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter nodes" />
      {kinds.length === 0 && <p className="empty">Loading the node catalog…</p>}
      {groups.map((group) => {
        const items = shown.filter((k) => k.group === group);
        if (items.length === 0) return null;
        return (
          <section key={group}>
            <h3>{group}</h3>
            {items.map((kind) => (
              <PaletteItem key={kind.kind} kind={kind} />
            ))}
          </section>
        );
      })}
    </aside>
  );
}
