/**
 * The typed settings of one partition log, named after Kafka's topic configs (`segment.bytes` →
 * `segmentBytes`, …) with Kafka's defaults. `resolveLogConfig` fills gaps with the defaults and
 * clamps values into what the on-disk format can hold (index positions are int32, so a segment is
 * at most 2 GiB − 1 bytes), so the rest of the log can trust every field.
 */
export interface CleanupPolicy {
  delete: boolean;
  compact: boolean;
}

export interface LogConfig {
  /** Roll the active segment before it would exceed this size (`segment.bytes`). */
  segmentBytes: number;
  /** Roll the active segment once its first append is this old (`segment.ms`). */
  segmentMs: number;
  /** Delete a segment whose newest record is older than this; −1 keeps forever (`retention.ms`). */
  retentionMs: number;
  /** Delete oldest segments while the partition is larger than this; −1 is unlimited (`retention.bytes`). */
  retentionBytes: number;
  cleanupPolicy: CleanupPolicy;
  /** A segment whose newest record is younger than this is not compacted (`min.compaction.lag.ms`). */
  minCompactionLagMs: number;
  /** How long compaction keeps tombstones after first cleaning them (`delete.retention.ms`). */
  deleteRetentionMs: number;
  /** Bytes of log between two offset index entries (`index.interval.bytes`). */
  indexIntervalBytes: number;
  /** Maximum size of one segment's offset index; a full index rolls the segment (`segment.index.bytes`). */
  segmentIndexBytes: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Largest segment the int32 positions of the offset index can address. */
export const MAX_SEGMENT_BYTES = 2 ** 31 - 1;

export const DEFAULT_LOG_CONFIG: Readonly<LogConfig> = Object.freeze({
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * DAY_MS,
  retentionMs: 7 * DAY_MS,
  retentionBytes: -1,
  cleanupPolicy: Object.freeze({ delete: true, compact: false }),
  minCompactionLagMs: 0,
  deleteRetentionMs: DAY_MS,
  indexIntervalBytes: 4096,
  segmentIndexBytes: 10 * 1024 * 1024,
});

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/** A complete config: `partial` over the defaults, clamped to what the log supports. */
export function resolveLogConfig(partial: Partial<LogConfig> = {}): LogConfig {
  const merged = { ...DEFAULT_LOG_CONFIG, ...partial };
  return {
    segmentBytes: clamp(merged.segmentBytes, 14, MAX_SEGMENT_BYTES),
    segmentMs: clamp(merged.segmentMs, 1, Number.MAX_SAFE_INTEGER),
    retentionMs: merged.retentionMs < 0 ? -1 : Math.floor(merged.retentionMs),
    retentionBytes: merged.retentionBytes < 0 ? -1 : Math.floor(merged.retentionBytes),
    cleanupPolicy: { delete: merged.cleanupPolicy.delete, compact: merged.cleanupPolicy.compact },
    minCompactionLagMs: clamp(merged.minCompactionLagMs, 0, Number.MAX_SAFE_INTEGER),
    deleteRetentionMs: clamp(merged.deleteRetentionMs, 0, Number.MAX_SAFE_INTEGER),
    indexIntervalBytes: clamp(merged.indexIntervalBytes, 0, MAX_SEGMENT_BYTES),
    // At least a few entries, so that a tiny setting cannot roll a segment on every append.
    segmentIndexBytes: clamp(merged.segmentIndexBytes, 8 * 4, MAX_SEGMENT_BYTES),
  };
}
