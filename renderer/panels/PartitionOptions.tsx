/**
 * The `<option>`s of a partition picker: one "any/all" choice (value given by the caller) followed by
 * each partition of the topic. Shared by the read and produce forms of the topic browser.
 */
import type { TopicSummary } from '../../engine/api/index.js';

export function PartitionOptions({ topic, noneValue, noneLabel }: { topic: TopicSummary; noneValue: string; noneLabel: string }) {
  return (
    <>
      <option value={noneValue}>{noneLabel}</option>
      {topic.partitions.map((p) => (
        <option key={p.partition} value={String(p.partition)}>
          {p.partition}
        </option>
      ))}
    </>
  );
}
