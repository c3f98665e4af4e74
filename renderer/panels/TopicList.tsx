/**
 * TopicList: the topic browser's left column — refresh, the internal-topics toggle, one item per
 * topic (partition count and total records) and the create-topic form.
 */
import { useState } from 'react';
import type { EngineClient, TopicSummary } from '../../engine/api/index.js';
import { errorText, formatCount } from './format.js';

export interface TopicListProps {
  client: EngineClient;
  topics: readonly TopicSummary[];
  selected: string | null;
  includeInternal: boolean;
  loading: boolean;
  onSelect(name: string): void;
  onToggleInternal(include: boolean): void;
  onRefresh(): void;
  onCreated(name: string): void;
}

/** Records currently in a topic: latest minus earliest offset, summed over partitions. */
export function recordCount(topic: TopicSummary): number {
  return topic.partitions.reduce((sum, p) => sum + Math.max(0, p.latestOffset - p.earliestOffset), 0);
}

export function TopicList({ client, topics, selected, includeInternal, loading, onSelect, onToggleInternal, onRefresh, onCreated }: TopicListProps) {
  return (
    <div className="sl-topic-list">
      <div className="sl-toolbar">
        <strong className="sl-grow">Topics</strong>
        <label className="sl-muted" title="Show changelog, repartition and consumer-offset topics">
          <input type="checkbox" data-testid="topics-internal" checked={includeInternal} onChange={(event) => onToggleInternal(event.target.checked)} /> internal
        </label>
        <button type="button" data-testid="btn-refresh-topics" onClick={onRefresh} disabled={loading} title="Reload the topic list">
          ⟳
        </button>
      </div>
      <ul>
        {topics.map((topic) => (
          <li
            key={topic.name}
            data-testid={`topic-${topic.name}`}
            className={topic.name === selected ? 'sl-topic-item sl-selected' : 'sl-topic-item'}
            aria-selected={topic.name === selected}
            onClick={() => onSelect(topic.name)}
          >
            <div>{topic.name}</div>
            <div className="sl-muted">
              {topic.partitions.length} {topic.partitions.length === 1 ? 'partition' : 'partitions'} · {formatCount(recordCount(topic))} records
              {topic.internal ? ' · internal' : ''}
            </div>
          </li>
        ))}
      </ul>
      <CreateTopicForm client={client} onCreated={onCreated} />
    </div>
  );
}

function CreateTopicForm({ client, onCreated }: { client: EngineClient; onCreated(name: string): void }) {
  const [name, setName] = useState('');
  const [partitions, setPartitions] = useState('1');
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    const count = Number(partitions);
    if (name.trim() === '') return setError('Name the topic');
    if (!Number.isInteger(count) || count < 1) return setError('Partitions must be a whole number of 1 or more');
    try {
      const created = await client.call('topics.create', { name: name.trim(), partitions: count });
      setName('');
      setError(null);
      onCreated(created.name);
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  return (
    <form
      className="sl-form"
      style={{ borderTop: '1px solid var(--sl-line)', borderBottom: 'none' }}
      onSubmit={(event) => {
        event.preventDefault();
        void create();
      }}
    >
      <label>
        New topic
        <input data-testid="create-topic-name" value={name} placeholder="name" onChange={(event) => setName(event.target.value)} style={{ width: 120 }} />
      </label>
      <label>
        Partitions
        <input data-testid="create-topic-partitions" type="number" min={1} value={partitions} onChange={(event) => setPartitions(event.target.value)} style={{ width: 50 }} />
      </label>
      <button type="submit" data-testid="btn-create-topic">
        Create
      </button>
      {error === null ? null : (
        <div className="sl-error" role="alert" style={{ flexBasis: '100%' }}>
          {error}
        </div>
      )}
    </form>
  );
}
