/**
 * The sparse offset index of a segment (`.index`): 8-byte entries `relativeOffset int32,
 * position int32`, one every `indexIntervalBytes` of log. An entry maps the base offset of a batch
 * (relative to the segment's base offset) to the batch's byte position in the `.log` file.
 *
 * Invariants: relative offsets and positions both strictly increase; every position is the start
 * of a batch whose base offset is the entry's offset. `lookup(o)` returns the last entry at or
 * below `o` (or the segment start), from which a forward scan finds the batch holding `o`.
 */
import { IndexFile } from './index-file.js';
import { INDEX_SUFFIX, segmentFileName } from './segment-files.js';
import type { Storage } from './storage.js';

export const OFFSET_INDEX_ENTRY_SIZE = 8;

export interface OffsetPosition {
  offset: number;
  position: number;
}

export class OffsetIndex extends IndexFile {
  constructor(storage: Storage, baseOffset: number, extra = '') {
    super(storage, segmentFileName(baseOffset, INDEX_SUFFIX, extra), baseOffset, OFFSET_INDEX_ENTRY_SIZE);
  }

  append(offset: number, position: number): void {
    const at = this.reserve();
    this.buf.writeInt32BE(offset - this.baseOffset, at);
    this.buf.writeInt32BE(position, at + 4);
    this.commit();
  }

  /** The last entry whose offset is <= `offset`, or the segment start. */
  lookup(offset: number): OffsetPosition {
    const target = offset - this.baseOffset;
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.buf.readInt32BE(mid * 8) <= target) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) return { offset: this.baseOffset, position: 0 };
    return { offset: this.baseOffset + this.buf.readInt32BE(found * 8), position: this.buf.readInt32BE(found * 8 + 4) };
  }

  /** Why the loaded entries cannot be trusted, or undefined. `limitOffset` is the next segment's base. */
  check(limitOffset: number, logSize: number): string | undefined {
    let lastRelative = -1;
    let lastPosition = -1;
    for (let i = 0; i < this.count; i++) {
      const relative = this.buf.readInt32BE(i * 8);
      const position = this.buf.readInt32BE(i * 8 + 4);
      if (relative <= lastRelative || position <= lastPosition) return `entry ${i} (${relative}, ${position}) does not increase`;
      if (position >= logSize) return `entry ${i} points at position ${position}, beyond the log's ${logSize} bytes`;
      if (this.baseOffset + relative >= limitOffset) return `entry ${i} names offset ${this.baseOffset + relative}, beyond the segment`;
      lastRelative = relative;
      lastPosition = position;
    }
    return undefined;
  }
}
