/**
 * Turns the RecordBatch bytes a fetch returned into ConsumedRecords: control batches (transaction
 * markers) are skipped, and so are records below the requested offset (a fetch returns whole
 * batches, so the first one may start earlier). A batch cut off at the end of the response is
 * left for the next fetch. Keys, values and header values are views into the fetched bytes.
 */
import { forEachBatch } from '../broker/records/batch-validate.js';
import { Offsets, isControlBatch, lastOffsetAt } from '../broker/records/batch-header.js';
import { decodeRecords } from '../broker/records/record-batch.js';
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
    for (const record of decodeRecords(bytes, pos)) {
      if (record.offset < fromOffset) continue;
      records.push({
        topic,
        partition,
        offset: record.offset,
        timestamp: record.timestamp,
        key: record.key,
        value: record.value,
        headers: record.headers,
      });
    }
  });
  return { records, nextOffset };
}
