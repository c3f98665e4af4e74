/**
 * RecordTable: a virtualized table of records (both panels use it) with the columns timestamp
 * (ISO), partition, offset, key, value preview and header count. Only the visible rows exist in
 * the DOM, so five thousand rows cost what thirty do; previews are cut per visible row.
 */
import { useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RecordDto } from '../../engine/api/index.js';
import { formatTimestamp, previewText } from './format.js';

export const ROW_HEIGHT_PX = 24;

export interface RecordTableProps {
  records: readonly RecordDto[];
  selected: RecordDto | null;
  onSelect(record: RecordDto): void;
  testId: string;
  rowTestId: string;
  /** Shown instead of the rows when there are none. */
  empty?: ReactNode;
}

export function RecordTable({ records, selected, onSelect, testId, rowTestId, empty }: RecordTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 12,
    useFlushSync: false,
  });
  return (
    <div className="sl-table" ref={scrollRef} data-testid={testId} role="grid" aria-rowcount={records.length}>
      <div className="sl-row sl-head" role="row">
        <span role="columnheader">timestamp</span>
        <span role="columnheader" className="sl-num">part.</span>
        <span role="columnheader" className="sl-num">offset</span>
        <span role="columnheader">key</span>
        <span role="columnheader">value</span>
        <span role="columnheader" className="sl-num" title="headers">hdr</span>
      </div>
      {records.length === 0 && empty !== undefined ? <div className="sl-empty">{empty}</div> : null}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const record = records[item.index];
          if (record === undefined) return null;
          return (
            <div
              key={item.key}
              role="row"
              aria-rowindex={item.index + 1}
              aria-selected={record === selected}
              data-testid={rowTestId}
              data-offset={record.offset}
              data-partition={record.partition}
              className={record === selected ? 'sl-row sl-selected' : 'sl-row'}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
              onClick={() => onSelect(record)}
            >
              <span>{formatTimestamp(record.timestamp)}</span>
              <span className="sl-num">{record.partition ?? ''}</span>
              <span className="sl-num">{record.offset ?? ''}</span>
              <span title={record.key ?? 'null'}>{previewText(record.key, 60)}</span>
              <span>{previewText(record.value, 200)}</span>
              <span className="sl-num">{record.headers.length}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
