/**
 * RecordDetail: one record in full — its value as a collapsible JSON tree (or as text when it is
 * not JSON), key, headers and metadata (topic, partition, offset, timestamp, size).
 */
import { useMemo } from 'react';
import type { RecordDto } from '../../engine/api/index.js';
import { formatBytes, formatTimestamp } from './format.js';
import { JsonTree } from './JsonTree.js';
import { parseRecordValue } from './json-tree.js';

export function RecordDetail({ record, onClose }: { record: RecordDto; onClose(): void }) {
  const parsed = useMemo(() => parseRecordValue(record.value), [record.value]);
  return (
    <div className="sl-detail" data-testid="record-detail">
      <div className="sl-toolbar" style={{ padding: 0, border: 'none' }}>
        <strong className="sl-grow">Record</strong>
        <button type="button" onClick={onClose} aria-label="Close the record">
          ✕
        </button>
      </div>
      <h4>Value{record.truncated ? ` (preview of ${formatBytes(record.valueBytes)})` : ''}</h4>
      <div data-testid="record-json" data-kind={parsed.kind}>
        {parsed.kind === 'json' ? <JsonTree value={parsed.value} /> : <pre className="sl-text-value">{parsed.kind === 'text' ? parsed.text : 'null'}</pre>}
      </div>
      <h4>Key</h4>
      <pre className="sl-text-value">{record.key ?? 'null'}</pre>
      <h4>Headers ({record.headers.length})</h4>
      {record.headers.length === 0 ? (
        <div className="sl-muted">none</div>
      ) : (
        <dl>
          {record.headers.map((header, index) => (
            <HeaderRow key={index} name={header.key} value={header.value} />
          ))}
        </dl>
      )}
      <h4>Metadata</h4>
      <dl>
        {record.topic === undefined ? null : <HeaderRow name="topic" value={record.topic} />}
        <HeaderRow name="partition" value={record.partition === undefined ? '—' : String(record.partition)} />
        <HeaderRow name="offset" value={record.offset === undefined ? '—' : String(record.offset)} />
        <HeaderRow name="timestamp" value={`${formatTimestamp(record.timestamp)} (${record.timestamp})`} />
        <HeaderRow name="value size" value={formatBytes(record.valueBytes)} />
      </dl>
    </div>
  );
}

function HeaderRow({ name, value }: { name: string; value: string | null }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{value ?? 'null'}</dd>
    </>
  );
}
