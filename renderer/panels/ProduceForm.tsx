/**
 * ProduceForm: writes one record to a topic (topics.produce) — key, value, headers as `key=value`
 * lines, an optional partition — and shows where it landed.
 */
import { useState } from 'react';
import type { EngineClient, TopicSummary } from '../../engine/api/index.js';
import { PartitionOptions } from './PartitionOptions.js';
import { errorText } from './format.js';
import { parseHeaderLines } from './headers.js';

export function ProduceForm({
  client,
  topic,
  onProduced,
}: {
  client: EngineClient;
  topic: TopicSummary;
  onProduced(): void;
}) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [headers, setHeaders] = useState('');
  const [partition, setPartition] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const produce = async () => {
    const parsed = parseHeaderLines(headers);
    if (parsed.errors.length > 0) return setError(parsed.errors.map((e) => e.message).join('; '));
    let chosen: number | undefined;
    if (partition !== '') {
      chosen = Number(partition);
      if (!topic.partitions.some((p) => p.partition === chosen))
        return setError(`Partition ${partition} does not exist (the topic has ${topic.partitions.length})`);
    }
    setBusy(true);
    try {
      const written = await client.call('topics.produce', {
        topic: topic.name,
        key: key === '' ? null : key,
        value,
        headers: parsed.headers,
        ...(chosen === undefined ? {} : { partition: chosen }),
      });
      setResult(`Written to partition ${written.partition} at offset ${written.offset}`);
      setError(null);
      onProduced();
    } catch (failure) {
      setError(`Cannot write to ${topic.name}: ${errorText(failure)}`);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="sl-produce" open>
      <summary>Produce a record</summary>
      <form
        className="sl-form"
        style={{ borderBottom: 'none' }}
        onSubmit={(event) => {
          event.preventDefault();
          void produce();
        }}
      >
        <label>
          Key (empty = null)
          <input
            data-testid="produce-key"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            style={{ width: 120 }}
          />
        </label>
        <label>
          Value
          <textarea
            data-testid="produce-value"
            value={value}
            placeholder='{"hello": "world"}'
            onChange={(event) => setValue(event.target.value)}
          />
        </label>
        <label>
          Headers (key=value lines)
          <textarea
            data-testid="produce-headers"
            value={headers}
            onChange={(event) => setHeaders(event.target.value)}
          />
        </label>
        <label>
          Partition
          <select
            data-testid="produce-partition"
            value={partition}
            onChange={(event) => setPartition(event.target.value)}
          >
            <PartitionOptions topic={topic} noneValue="" noneLabel="any" />
          </select>
        </label>
        <button type="submit" data-testid="btn-produce" disabled={busy}>
          Produce
        </button>
        {result === null ? null : (
          <span data-testid="produce-result" role="status">
            {result}
          </span>
        )}
        {error === null ? null : (
          <div className="sl-error" role="alert" data-testid="produce-error" style={{ flexBasis: '100%' }}>
            {error}
          </div>
        )}
      </form>
    </details>
  );
}
