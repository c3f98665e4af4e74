/**
 * TopicView: one topic in the topic browser — its partitions (earliest and latest offsets), delete
 * with an inline confirmation, the record reader and the produce form.
 */
import { useState } from 'react';
import type { EngineClient, TopicSummary } from '../../engine/api/index.js';
import { ConsumeSection } from './ConsumeSection.js';
import { errorText, formatCount } from './format.js';
import { ProduceForm } from './ProduceForm.js';

export interface TopicViewProps {
  client: EngineClient;
  topic: TopicSummary;
  /** Offsets changed (a produce): the list should refresh. */
  onChanged(): void;
  onDeleted(): void;
}

export function TopicView({ client, topic, onChanged, onDeleted }: TopicViewProps) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    try {
      await client.call('topics.delete', { name: topic.name });
      onDeleted();
    } catch (failure) {
      setError(`Cannot delete ${topic.name}: ${errorText(failure)}`);
      setConfirming(false);
    }
  };
  return (
    <>
      <div className="sl-toolbar">
        <strong data-testid="topic-title">{topic.name}</strong>
        <span className="sl-partitions" data-testid="topic-partitions">
          {topic.partitions.map((p) => `p${p.partition}: ${formatCount(p.earliestOffset)}…${formatCount(p.latestOffset)}`).join('  ·  ')}
        </span>
        <span className="sl-grow" />
        {confirming ? (
          <>
            <span>Delete {topic.name} and all its records?</span>
            <button type="button" className="sl-danger" data-testid="btn-confirm-delete-topic" onClick={() => void remove()}>
              Delete
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" className="sl-danger" data-testid="btn-delete-topic" onClick={() => setConfirming(true)}>
            Delete topic…
          </button>
        )}
      </div>
      {error === null ? null : (
        <div className="sl-error" role="alert">
          {error}
        </div>
      )}
      <ConsumeSection client={client} topic={topic} />
      <ProduceForm client={client} topic={topic} onProduced={onChanged} />
    </>
  );
}
