/**
 * The first pass of an append: walk the batch framing of an already validated record set and
 * write each batch's baseOffset in place (the field is outside the CRC, so the batches stay
 * sealed). Only header fields are read — no per-record work. A record set whose framing does not
 * add up is refused before anything is written.
 */
import { BATCH_HEADER_SIZE, Offsets, batchSizeAt, setBaseOffset } from '../records/batch-header.js';
import { ErrorCode, KafkaError } from '../errors.js';

export interface AssignedOffsets {
  /** One past the last offset assigned. */
  nextOffset: number;
  batchCount: number;
}

export function assignOffsets(batches: Buffer, firstOffset: number, partition: string): AssignedOffsets {
  const length = batches.length;
  if (length === 0) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `empty record set appended to ${partition}`);
  let next = firstOffset;
  let batchCount = 0;
  for (let pos = 0; pos < length; batchCount++) {
    const size = pos + BATCH_HEADER_SIZE <= length ? batchSizeAt(batches, pos) : -1;
    if (size < BATCH_HEADER_SIZE || pos + size > length) {
      throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `record batch at byte ${pos} of ${length} is cut off or malformed (append to ${partition})`);
    }
    const lastOffsetDelta = batches.readInt32BE(pos + Offsets.lastOffsetDelta);
    if (lastOffsetDelta < 0) {
      throw new KafkaError(ErrorCode.INVALID_RECORD, `record batch at byte ${pos} has lastOffsetDelta ${lastOffsetDelta} (append to ${partition})`);
    }
    setBaseOffset(batches, pos, next);
    next += lastOffsetDelta + 1;
    pos += size;
  }
  return { nextOffset: next, batchCount };
}
