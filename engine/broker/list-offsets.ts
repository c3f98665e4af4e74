/**
 * ListOffsets semantics (KIP-79, KIP-734): -1 latest (the high watermark), -2 earliest (the log
 * start offset), -3 the record with the largest timestamp, otherwise the earliest offset whose
 * timestamp is >= T through the time index. "Not found" is offset -1 with timestamp -1, as Kafka
 * answers for a timestamp beyond every record.
 */
import { ErrorCode, KafkaError } from './errors.js';
import { forEachBatch } from './records/batch-validate.js';
import { Attributes, lastOffsetAt, maxTimestampAt, Offsets } from './records/batch-header.js';
import { forEachRecord } from './records/record-batch.js';
import type { PartitionLog } from './log/partition-log.js';

export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;
export const MAX_TIMESTAMP = -3;

export interface ListedOffset {
  offset: number;
  timestamp: number;
}

const NOT_FOUND: ListedOffset = { offset: -1, timestamp: -1 };

export function listOffset(log: PartitionLog, timestamp: number): ListedOffset {
  if (timestamp === LATEST_TIMESTAMP) return { offset: log.logEndOffset, timestamp: -1 };
  if (timestamp === EARLIEST_TIMESTAMP) return { offset: log.logStartOffset, timestamp: -1 };
  if (timestamp === MAX_TIMESTAMP) return maxTimestampOffset(log);
  if (timestamp < 0) throw new KafkaError(ErrorCode.INVALID_REQUEST, `unsupported ListOffsets timestamp ${timestamp}`);
  return log.offsetForTimestamp(timestamp) ?? NOT_FOUND;
}

/** Scans batch headers for the largest max timestamp, then that batch's records for its offset. */
function maxTimestampOffset(log: PartitionLog): ListedOffset {
  let best: { chunk: Buffer; pos: number; timestamp: number } | undefined;
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const chunk = log.read(offset, 4 * 1024 * 1024);
    if (chunk.length === 0) break;
    forEachBatch(chunk, (pos) => {
      const timestamp = maxTimestampAt(chunk, pos);
      if (!best || timestamp > best.timestamp) best = { chunk, pos, timestamp };
      offset = lastOffsetAt(chunk, pos) + 1;
    });
  }
  if (!best) return NOT_FOUND;
  const { chunk, pos, timestamp } = best;
  if (chunk.readInt16BE(pos + Offsets.attributes) & Attributes.logAppendTime) {
    return { offset: lastOffsetAt(chunk, pos), timestamp };
  }
  let found = lastOffsetAt(chunk, pos);
  let seen = false;
  forEachRecord(chunk, pos, (record) => {
    if (!seen && record.timestamp === timestamp) {
      found = record.offset;
      seen = true;
    }
  });
  return { offset: found, timestamp };
}
