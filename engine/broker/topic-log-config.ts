/** Maps a topic's effective Kafka configs onto the partition log's typed settings. */
import { configValue, numericConfig, type EffectiveConfig } from './topic-config.js';
import type { LogConfig } from './log/log-config.js';

export function logConfigFrom(configs: readonly EffectiveConfig[]): LogConfig {
  const policy = configValue(configs, 'cleanup.policy').split(',');
  return {
    segmentBytes: numericConfig(configs, 'segment.bytes'),
    segmentMs: numericConfig(configs, 'segment.ms'),
    retentionMs: numericConfig(configs, 'retention.ms'),
    retentionBytes: numericConfig(configs, 'retention.bytes'),
    cleanupPolicy: { delete: policy.includes('delete'), compact: policy.includes('compact') },
    minCompactionLagMs: numericConfig(configs, 'min.compaction.lag.ms'),
    deleteRetentionMs: numericConfig(configs, 'delete.retention.ms'),
    indexIntervalBytes: numericConfig(configs, 'index.interval.bytes'),
    segmentIndexBytes: numericConfig(configs, 'segment.index.bytes'),
  };
}
