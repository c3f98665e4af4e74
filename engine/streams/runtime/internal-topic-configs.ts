/**
 * The topic configs Kafka Streams creates its internal topics with, so that Sluice's behave the
 * same on the embedded broker and on a Kafka cluster:
 *
 * - repartition topics (RepartitionTopicConfig): delete policy, kept forever (retention.ms −1),
 *   since the runtime itself deletes what it has committed (purge after commit), and 50 MiB
 *   segments, so deleting what was read frees space early. Time-based retention would delete
 *   unread records whose timestamps are old (a backfill or a replay).
 * - changelogs of key-value stores (and of suppression buffers and join bookkeeping stores):
 *   compacted (UnwindowedUnversionedChangelogTopicConfig).
 * - changelogs of window and session stores (WindowedChangelogTopicConfig): compacted and deleted,
 *   retained for the store's retention plus a day (windowstore.changelog.additional.retention.ms),
 *   since a windowed key is never written again once its window has expired.
 * - every internal topic keeps the producer's timestamps (message.timestamp.type CreateTime, as
 *   InternalTopicConfig forces): event time must survive a broker set to LogAppendTime.
 */
import type { StoreBuilder } from '../stores/state-store.js';

const CREATE_TIME = { 'message.timestamp.type': 'CreateTime' };

export const REPARTITION_TOPIC_CONFIGS: Readonly<Record<string, string>> = {
  'cleanup.policy': 'delete',
  'retention.ms': '-1',
  'segment.bytes': String(50 * 1024 * 1024),
  ...CREATE_TIME,
};

/** Kafka's windowstore.changelog.additional.retention.ms default. */
export const WINDOWED_CHANGELOG_ADDITIONAL_RETENTION_MS = 24 * 60 * 60 * 1000;

export function changelogTopicConfigs(store: StoreBuilder): Record<string, string> {
  const windowed = store.kind === 'window' || store.kind === 'session';
  if (!windowed || store.retentionMs === undefined) return { 'cleanup.policy': 'compact', ...CREATE_TIME };
  return { 'cleanup.policy': 'compact,delete', 'retention.ms': String(store.retentionMs + WINDOWED_CHANGELOG_ADDITIONAL_RETENTION_MS), ...CREATE_TIME };
}
