/**
 * Turns the RecordBatch bytes a fetch returned into ConsumedRecords: control batches (transaction
 * markers) are skipped, and so are records below the requested offset (a fetch returns whole
 * batches, so the first one may start earlier). A batch cut off at the end of the response is
 * left for the next fetch. Keys, values and header values are views into the fetched bytes.
 *
 * FetchedRecords decodes lazily, `take(n)` records at a time, so a consumer can hold a large
 * fetch as bytes and hand out bounded polls (Kafka's max.poll.records) without keeping thousands
 * of decoded records alive. Asked for spans, it hands out SpanRecords (log-client.ts), which copy
 * their key and value only when read as Buffers.
 */
import { forEachBatch } from '../broker/records/batch-validate.js';
import { Attributes, LOG_OVERHEAD, Offsets, isControlBatch, lastOffsetAt, readBatchHeader } from '../broker/records/batch-header.js';
import { readRecordFields, readRecordSpans, recordsSection, type RecordHeader } from '../broker/records/record-batch.js';
import type { Cursor } from '../broker/records/varint.js';
import type { ConsumedRecord, SpanRecord } from './log-client.js';

export interface DecodedFetch {
  records: ConsumedRecord[];
  /** The offset after the last whole batch seen (control batches included), or `fromOffset`. */
  nextOffset: number;
}

export function decodeFetchedBatches(topic: string, partition: number, bytes: Buffer, fromOffset: number): DecodedFetch {
  const reader = new FetchedRecords(topic, partition, bytes, fromOffset);
  const records: ConsumedRecord[] = [];
  reader.take(Number.POSITIVE_INFINITY, records);
  return { records, nextOffset: reader.nextOffset };
}

/**
 * A record that knows where its key and value lie in the records section (see SpanRecord). The
 * section may be the log's own memory (FetchOptions.shareLogMemory), so what it hands out as
 * Buffers — key, value, header values — are copies, never views of it.
 */
class SectionRecord implements SpanRecord {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
    readonly timestamp: number,
    readonly headers: RecordHeader[],
    readonly bytes: Buffer,
    readonly keyAt: number,
    readonly keyLength: number,
    readonly valueAt: number,
    readonly valueLength: number,
  ) {}

  get key(): Buffer | null {
    return this.keyLength < 0 ? null : Buffer.from(this.bytes.subarray(this.keyAt, this.keyAt + this.keyLength));
  }

  get value(): Buffer | null {
    return this.valueLength < 0 ? null : Buffer.from(this.bytes.subarray(this.valueAt, this.valueAt + this.valueLength));
  }
}

/** Headers whose values are copies (a record's headers as its consumer may keep and change them). */
function copiedHeaders(headers: RecordHeader[]): RecordHeader[] {
  if (headers.length === 0) return headers;
  return headers.map(({ key, value }) => ({ key, value: value === null ? null : Buffer.from(value) }));
}

/** The whole batches of one partition's fetch response, decoded on demand. */
export class FetchedRecords {
  private readonly batches: number[] = [];
  private batchIndex = 0;
  // The batch being read: its records section, where the next record starts, and how many are left.
  private section: Buffer | undefined;
  private readonly cursor: Cursor = { pos: 0 };
  private recordIndex = 0;
  private recordCount = 0;
  private baseOffset = 0;
  private baseTimestamp = 0;
  private appendTime = -1;
  private lastOffset = -1;
  private next: number;
  private readonly push: (offsetDelta: number, timestamp: number, key: Buffer | null, value: Buffer | null, headers: RecordHeader[]) => void;
  private readonly pushSpans: (offsetDelta: number, timestamp: number, keyAt: number, keyLength: number, valueAt: number, valueLength: number, headers: RecordHeader[]) => void;
  private out: ConsumedRecord[] = [];
  private taken = 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly bytes: Buffer,
    readonly fromOffset: number,
    private readonly spans = false,
  ) {
    this.next = fromOffset;
    forEachBatch(bytes, (pos) => {
      if (lastOffsetAt(bytes, pos) >= fromOffset) this.batches.push(pos);
    });
    this.push = (offsetDelta, timestamp, key, value, headers) => {
      const offset = this.baseOffset + offsetDelta;
      if (offset < this.fromOffset) return;
      this.took({ topic, partition, offset, timestamp: this.timestampOf(timestamp), key, value, headers });
    };
    this.pushSpans = (offsetDelta, timestamp, keyAt, keyLength, valueAt, valueLength, headers) => {
      const offset = this.baseOffset + offsetDelta;
      if (offset < this.fromOffset) return;
      const at = this.timestampOf(timestamp);
      this.took(new SectionRecord(topic, partition, offset, at, copiedHeaders(headers), this.section!, keyAt, keyLength, valueAt, valueLength));
    };
  }

  /** LogAppendTime batches report the batch's max timestamp for every record. */
  private timestampOf(stored: number): number {
    return this.appendTime >= 0 ? this.appendTime : stored;
  }

  private took(record: ConsumedRecord): void {
    this.out.push(record);
    this.taken++;
    this.next = record.offset + 1;
  }

  /** The offset to fetch or read from next: after the last record taken and any skipped batches. */
  get nextOffset(): number {
    return this.next;
  }

  /** Whether every whole batch has been read. */
  get exhausted(): boolean {
    return this.section === undefined && this.batchIndex >= this.batches.length;
  }

  /** Appends up to `max` records to `out`; returns how many. */
  take(max: number, out: ConsumedRecord[]): number {
    this.out = out;
    this.taken = 0;
    while (this.taken < max) {
      if (this.section === undefined && !this.openNextBatch()) break;
      const section = this.section!;
      if (this.spans) readRecordSpans(section, this.cursor, this.baseTimestamp, this.recordIndex++, this.pushSpans);
      else readRecordFields(section, this.cursor, this.baseTimestamp, this.recordIndex++, this.push);
      if (this.recordIndex === this.recordCount) this.closeBatch();
    }
    this.out = [];
    return this.taken;
  }

  private openNextBatch(): boolean {
    while (this.batchIndex < this.batches.length) {
      const pos = this.batches[this.batchIndex++]!;
      const bytes = this.bytes;
      this.lastOffset = lastOffsetAt(bytes, pos);
      if (isControlBatch(bytes.readInt16BE(pos + Offsets.attributes))) {
        this.next = Math.max(this.next, this.lastOffset + 1);
        continue;
      }
      const header = readBatchHeader(bytes, pos);
      this.section = recordsSection(bytes, pos, LOG_OVERHEAD + header.batchLength);
      this.cursor.pos = 0;
      this.recordIndex = 0;
      this.recordCount = header.recordCount;
      this.baseOffset = header.baseOffset;
      this.baseTimestamp = header.baseTimestamp;
      // LogAppendTime batches report the batch's max timestamp for every record.
      this.appendTime = header.attributes & Attributes.logAppendTime ? header.maxTimestamp : -1;
      if (this.recordCount > 0) return true;
      this.closeBatch();
    }
    return false;
  }

  private closeBatch(): void {
    const section = this.section;
    if (section !== undefined && this.cursor.pos !== section.length) {
      throw new RangeError(`${section.length - this.cursor.pos} bytes follow the last record`);
    }
    this.section = undefined;
    this.next = Math.max(this.next, this.lastOffset + 1);
  }
}
