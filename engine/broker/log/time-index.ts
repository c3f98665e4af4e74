/**
 * The sparse time index of a segment (`.timeindex`): 12-byte entries `timestamp int64,
 * relativeOffset int32`. An entry (T, o) says: every record at or before offset o has a timestamp
 * <= T, so a search for the first record with timestamp >= T' > T may start at o. Entries are
 * added with the offset index entries (max timestamp so far, offset of that max), and once more
 * when the segment stops being active, so the last entry holds the segment's largest timestamp.
 *
 * Invariants: timestamps strictly increase, offsets never decrease.
 */
import { readInt64, writeInt64 } from '../records/varint.js';
import { IndexFile } from './index-file.js';
import { TIME_INDEX_SUFFIX, segmentFileName } from './segment-files.js';
import type { Storage } from './storage.js';

export const TIME_INDEX_ENTRY_SIZE = 12;

export interface TimestampOffset {
  timestamp: number;
  offset: number;
}

export class TimeIndex extends IndexFile {
  constructor(storage: Storage, baseOffset: number, extra = '') {
    super(storage, segmentFileName(baseOffset, TIME_INDEX_SUFFIX, extra), baseOffset, TIME_INDEX_ENTRY_SIZE);
  }

  /** Adds (timestamp, offset) if the timestamp is larger than the last entry's. */
  maybeAppend(timestamp: number, offset: number): void {
    if (timestamp < 0) return;
    if (this.count > 0 && timestamp <= readInt64(this.buf, (this.count - 1) * 12)) return;
    const at = this.reserve();
    writeInt64(this.buf, at, timestamp);
    this.buf.writeInt32BE(offset - this.baseOffset, at + 8);
    this.commit();
  }

  lastEntry(): TimestampOffset | undefined {
    if (this.count === 0) return undefined;
    const at = (this.count - 1) * 12;
    return { timestamp: readInt64(this.buf, at), offset: this.baseOffset + this.buf.readInt32BE(at + 8) };
  }

  /** Where a search for the first record with timestamp >= `timestamp` may start. */
  lookup(timestamp: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (readInt64(this.buf, mid * 12) < timestamp) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? this.baseOffset : this.baseOffset + this.buf.readInt32BE(found * 12 + 8);
  }

  check(limitOffset: number): string | undefined {
    let lastTimestamp = -1;
    let lastRelative = 0;
    for (let i = 0; i < this.count; i++) {
      const timestamp = readInt64(this.buf, i * 12);
      const relative = this.buf.readInt32BE(i * 12 + 8);
      if (timestamp <= lastTimestamp) return `entry ${i} timestamp ${timestamp} does not increase`;
      if (relative < lastRelative) return `entry ${i} offset goes backwards`;
      if (this.baseOffset + relative >= limitOffset) return `entry ${i} names offset ${this.baseOffset + relative}, beyond the segment`;
      lastTimestamp = timestamp;
      lastRelative = relative;
    }
    return undefined;
  }
}
