/**
 * TopicBrowser: the embedded broker's topics. A list (refresh, internal topics on demand, create),
 * and for the selected topic its partitions with earliest and latest offsets, a reader
 * (topics.consume from the beginning, the end, an offset or a time), a produce form and delete.
 *
 * Invariants: the list is what the last topics.list returned (refreshed on demand and whenever the
 * run changes state); every engine failure is shown in the panel; a deleted topic is deselected.
 */
import { useCallback, useEffect, useState } from 'react';
import type { EngineClient, TopicSummary } from '../../engine/api/index.js';
import { errorText } from './format.js';
import { TopicList } from './TopicList.js';
import { TopicView } from './TopicView.js';

export function TopicBrowser({ client }: { client: EngineClient }) {
  const [topics, setTopics] = useState<TopicSummary[]>([]);
  const [includeInternal, setIncludeInternal] = useState(false);
  const [selectedName, setSelectedName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      const result = await client.call('topics.list', { includeInternal });
      setTopics([...result.topics].sort((a, b) => a.name.localeCompare(b.name)));
      setError(null);
    } catch (failure) {
      setError(`Cannot list topics: ${errorText(failure)}`);
    } finally {
      setLoading(false);
    }
  }, [client, includeInternal]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // A run creates its topics when it starts and fills them until it stops: follow its state changes.
  useEffect(() => {
    let lastState: string | undefined;
    const subscription = client.on('run.status', (status) => {
      if (status.state === lastState) return;
      lastState = status.state;
      void refresh();
    });
    return () => subscription.dispose();
  }, [client, refresh]);

  const selected = topics.find((topic) => topic.name === selectedName) ?? null;
  return (
    <section className="sl-panel sl-topics" data-testid="topic-browser">
      <TopicList
        client={client}
        topics={topics}
        selected={selectedName}
        includeInternal={includeInternal}
        loading={loading}
        onSelect={setSelectedName}
        onToggleInternal={setIncludeInternal}
        onRefresh={() => void refresh()}
        onCreated={(name) => {
          setSelectedName(name);
          void refresh();
        }}
      />
      <div className="sl-topic-main">
        {error === null ? null : (
          <div className="sl-error" role="alert">
            {error}
          </div>
        )}
        {selected === null ? (
          <div className="sl-empty">{topics.length === 0 ? 'No topics yet: run a pipeline, or create one on the left.' : 'Select a topic to read or write its records.'}</div>
        ) : (
          <TopicView
            key={selected.name}
            client={client}
            topic={selected}
            onChanged={() => void refresh()}
            onDeleted={() => {
              setSelectedName(null);
              void refresh();
            }}
          />
        )}
      </div>
    </section>
  );
}
