/**
 * Turns the RecordBatch bytes a fetch returned into ConsumedRecords: control batches (transaction
 * markers) are skipped, and so are records below the requested offset (a fetch returns whole
 * batches, so the first one may start earlier). A batch cut off at the end of the response is
 * left for the next fetch. Keys, values and header values are views into the fetched bytes.
 */
import { forEachBatch } from '../broker/records/batch-validate.js';
import { Attributes, Offsets, isControlBatch, lastOffsetAt, readBatchHeader } from '../broker/records/batch-header.js';
import { forEachRecordFields } from '../broker/records/record-batch.js';
import type { ConsumedRecord } from './log-client.js';

export interface DecodedFetch {
  records: ConsumedRecord[];
  /** The offset after the last whole batch seen (control batches included), or `fromOffset`. */
  nextOffset: number;
}

export function decodeFetchedBatches(topic: string, partition: number, bytes: Buffer, fromOffset: number): DecodedFetch {
  const records: ConsumedRecord[] = [];
  let nextOffset = fromOffset;
  forEachBatch(bytes, (pos) => {
    const last = lastOffsetAt(bytes, pos);
    if (last < fromOffset) return;
    nextOffset = Math.max(nextOffset, last + 1);
    if (isControlBatch(bytes.readInt16BE(pos + Offsets.attributes))) return;
    const header = readBatchHeader(bytes, pos);
    const baseOffset = header.baseOffset;
    // LogAppendTime batches report the batch's max timestamp for every record.
    const appendTime = header.attributes & Attributes.logAppendTime ? header.maxTimestamp : -1;
    forEachRecordFields(
      bytes,
      pos,
      (offsetDelta, timestamp, key, value, headers) => {
        const offset = baseOffset + offsetDelta;
        if (offset < fromOffset) return;
        records.push({ topic, partition, offset, timestamp: appendTime >= 0 ? appendTime : timestamp, key, value, headers });
      },
      header,
    );
  });
  return { records, nextOffset };
}
