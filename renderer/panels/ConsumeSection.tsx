/**
 * ConsumeSection: reads records of one topic (topics.consume) from the beginning, the end (the last
 * N), an offset or a point in time, from all partitions or one, and shows them in the record table
 * with the selected record's detail.
 */
import { useState } from 'react';
import type { EngineClient, RecordDto, TopicSummary } from '../../engine/api/index.js';
import { buildConsumeParams, INITIAL_CONSUME_FORM, type ConsumeFormState, type ConsumeFromKind } from './consume-form.js';
import { PartitionOptions } from './PartitionOptions.js';
import { errorText, formatCount } from './format.js';
import { RecordDetail } from './RecordDetail.js';
import { RecordTable } from './RecordTable.js';

export function ConsumeSection({ client, topic }: { client: EngineClient; topic: TopicSummary }) {
  const [form, setForm] = useState<ConsumeFormState>(INITIAL_CONSUME_FORM);
  const [records, setRecords] = useState<RecordDto[] | null>(null);
  const [selected, setSelected] = useState<RecordDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (patch: Partial<ConsumeFormState>) => setForm((old) => ({ ...old, ...patch }));

  const read = async () => {
    const built = buildConsumeParams(topic.name, form);
    if (!built.ok) return setError(built.error);
    setBusy(true);
    try {
      const result = await client.call('topics.consume', built.params);
      setRecords(result.records);
      setSelected(null);
      setError(null);
    } catch (failure) {
      setError(`Cannot read ${topic.name}: ${errorText(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form
        className="sl-form"
        onSubmit={(event) => {
          event.preventDefault();
          void read();
        }}
      >
        <label>
          From
          <select data-testid="consume-from" value={form.from} onChange={(event) => update({ from: event.target.value as ConsumeFromKind })}>
            <option value="beginning">beginning</option>
            <option value="end">end (last N)</option>
            <option value="offset">offset</option>
            <option value="timestamp">time</option>
          </select>
        </label>
        {form.from === 'offset' ? (
          <label>
            Offset
            <input data-testid="consume-offset" type="number" min={0} value={form.offset} onChange={(event) => update({ offset: event.target.value })} style={{ width: 90 }} />
          </label>
        ) : null}
        {form.from === 'timestamp' ? (
          <label>
            Time (local)
            <input data-testid="consume-timestamp" type="datetime-local" step={1} value={form.timestamp} onChange={(event) => update({ timestamp: event.target.value })} />
          </label>
        ) : null}
        <label>
          Partition
          <select data-testid="consume-partition" value={form.partition} onChange={(event) => update({ partition: event.target.value })}>
            <PartitionOptions topic={topic} noneValue="all" noneLabel="all" />
          </select>
        </label>
        <label>
          {form.from === 'end' ? 'Last N' : 'Limit'}
          <input data-testid="consume-limit" type="number" min={1} max={10000} value={form.limit} onChange={(event) => update({ limit: event.target.value })} style={{ width: 70 }} />
        </label>
        <button type="submit" data-testid="btn-consume" disabled={busy}>
          Read
        </button>
        {records === null ? null : <span className="sl-muted" data-testid="consume-count">{formatCount(records.length)} records</span>}
        {error === null ? null : (
          <div className="sl-error" role="alert" data-testid="consume-error" style={{ flexBasis: '100%' }}>
            {error}
          </div>
        )}
      </form>
      <div className="sl-split">
        <div className="sl-table-wrap">
          <RecordTable
            records={records ?? []}
            selected={selected}
            onSelect={setSelected}
            testId="topic-records-table"
            rowTestId="topic-record-row"
            empty={records === null ? 'Choose where to start and press Read.' : 'No records there.'}
          />
        </div>
        {selected === null ? null : <RecordDetail record={selected} onClose={() => setSelected(null)} />}
      </div>
    </>
  );
}
