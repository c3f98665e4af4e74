/**
 * ListOffsets by timestamp: the earliest offset whose record timestamp is >= T. Segments whose
 * largest timestamp is below T are skipped whole; in the first candidate segment the time index
 * gives an offset before which no record can match, the offset index turns that into a file
 * position, and batches are scanned from there — records are decoded only in a batch whose max
 * timestamp reaches T. Records of a LogAppendTime batch all carry the batch's max timestamp.
 */
import { decodeRecords } from '../records/record-batch.js';
import { BatchScanner } from './batch-scanner.js';
import type { Segment } from './segment.js';

export interface TimestampOffset {
  offset: number;
  timestamp: number;
}

export function findOffsetForTimestamp(segments: readonly Segment[], timestampMs: number, logStartOffset = 0): TimestampOffset | null {
  for (const segment of segments) {
    segment.ensureIndexes();
    if (segment.maxTimestamp < timestampMs) continue;
    const found = searchSegment(segment, timestampMs, logStartOffset);
    if (found) return found;
  }
  return null;
}

/** The first record at or past `logStartOffset` (records below it are deleted) with timestamp >= the target. */
function searchSegment(segment: Segment, timestampMs: number, logStartOffset: number): TimestampOffset | null {
  const startOffset = segment.timeIndex.lookup(timestampMs);
  const scanner = new BatchScanner(segment.log, segment.positionFor(startOffset));
  while (scanner.next()) {
    if (scanner.lastOffset < Math.max(startOffset, logStartOffset) || scanner.maxTimestamp < timestampMs) continue;
    for (const record of decodeRecords(scanner.batch())) {
      if (record.offset >= logStartOffset && record.timestamp >= timestampMs) return { offset: record.offset, timestamp: record.timestamp };
    }
  }
  return null;
}
