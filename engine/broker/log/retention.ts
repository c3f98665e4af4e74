/**
 * Delete-policy retention, as Kafka's: only whole segments go, oldest first, never the active
 * (last) one. A segment goes when its largest timestamp is older than `now − retentionMs`
 * (retentionMs −1 keeps forever), or while the partition exceeds `retentionBytes` (−1 means no
 * limit) by at least the size of the oldest remaining segment. Deletable segments are always a
 * prefix of the log, so the log start offset simply moves to the first survivor's base offset.
 */
import type { LogConfig } from './log-config.js';
import type { Segment } from './segment.js';

/** How many of the oldest segments retention removes now. */
export function segmentsToDelete(segments: readonly Segment[], config: LogConfig, nowMs: number): number {
  const deletable = segments.length - 1;
  let count = 0;
  if (config.retentionMs >= 0) {
    const cutoff = nowMs - config.retentionMs;
    while (count < deletable) {
      const segment = segments[count]!;
      segment.ensureIndexes();
      if (segment.maxTimestamp >= cutoff) break;
      count++;
    }
  }
  if (config.retentionBytes >= 0) {
    let excess = -config.retentionBytes;
    for (let i = count; i < segments.length; i++) excess += segments[i]!.size;
    while (count < deletable && excess >= segments[count]!.size) {
      excess -= segments[count]!.size;
      count++;
    }
  }
  return count;
}
