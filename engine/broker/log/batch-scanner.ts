/**
 * Walks the record batches of a log file from a position, reading a chunk at a time (never one
 * syscall per batch header). `next()` moves to the following batch and exposes its file position,
 * size and header fields; `batch()` and `slice()` hand out bytes from the current chunk when they
 * are in it and re-read otherwise. Asked to share memory, it reads chunks as the storage's own
 * bytes (StorageFile#view) where the storage can, which copies nothing.
 *
 * Invariant: a batch is reported only when its 61-byte header and its whole length lie inside
 * [start, end). Anything else stops the walk with `problem` describing it (a torn or corrupt
 * tail); a clean end leaves `problem` undefined. Contents (CRC, records) are not checked here.
 */
import { BATCH_HEADER_SIZE, LOG_OVERHEAD, Offsets } from '../records/batch-header.js';
import { readInt64 } from '../records/varint.js';
import type { StorageFile } from './storage.js';

export const DEFAULT_SCAN_CHUNK_BYTES = 256 * 1024;

export class BatchScanner {
  /** File position of the current batch. */
  position = -1;
  /** Total bytes of the current batch (12 + batchLength). */
  size = 0;
  problem: string | undefined;
  private chunk: Buffer = Buffer.alloc(0);
  private chunkStart = 0;
  private nextPosition: number;

  constructor(
    private readonly file: StorageFile,
    start: number,
    private readonly end: number = file.size,
    private readonly chunkBytes: number = DEFAULT_SCAN_CHUNK_BYTES,
    /** Read through the storage's views (read only; see Storage), where it has them. */
    private readonly shareMemory = false,
  ) {
    this.nextPosition = start;
  }

  next(): boolean {
    const pos = this.nextPosition;
    if (pos >= this.end) return false;
    if (this.end - pos < BATCH_HEADER_SIZE) {
      this.problem = `${this.end - pos} bytes at position ${pos} are too few for a batch header`;
      return false;
    }
    this.ensure(pos, BATCH_HEADER_SIZE);
    const size = LOG_OVERHEAD + this.chunk.readInt32BE(pos - this.chunkStart + Offsets.batchLength);
    if (size < BATCH_HEADER_SIZE) {
      this.problem = `batch at position ${pos} declares ${size} bytes, less than a batch header`;
      return false;
    }
    if (pos + size > this.end) {
      this.problem = `batch at position ${pos} of ${size} bytes runs past the end of the data (${this.end})`;
      return false;
    }
    this.position = pos;
    this.size = size;
    this.nextPosition = pos + size;
    return true;
  }

  /** Position just after the last batch reported (the start while nothing was reported). */
  get validEnd(): number {
    return this.nextPosition;
  }

  get baseOffset(): number {
    return readInt64(this.chunk, this.headerAt());
  }

  get lastOffsetDelta(): number {
    return this.chunk.readInt32BE(this.headerAt() + Offsets.lastOffsetDelta);
  }

  get lastOffset(): number {
    return this.baseOffset + this.lastOffsetDelta;
  }

  get maxTimestamp(): number {
    return readInt64(this.chunk, this.headerAt() + Offsets.maxTimestamp);
  }

  get attributes(): number {
    return this.chunk.readInt16BE(this.headerAt() + Offsets.attributes);
  }

  get magic(): number {
    return this.chunk.readInt8(this.headerAt() + Offsets.magic);
  }

  /** The whole current batch: a view into the chunk (valid until the chunk is replaced). */
  batch(): Buffer {
    this.ensure(this.position, this.size);
    const at = this.position - this.chunkStart;
    return this.chunk.subarray(at, at + this.size);
  }

  /** Whether the current chunk holds the bytes [from, to) of the file. */
  holds(from: number, to: number): boolean {
    return from >= this.chunkStart && to <= this.chunkStart + this.chunk.length;
  }

  /** Whether next() would find the following batch's header in the current chunk (or no batch). */
  holdsNextHeader(): boolean {
    const pos = this.nextPosition;
    return pos >= this.end || this.holds(pos, pos + Math.min(BATCH_HEADER_SIZE, this.end - pos));
  }

  /** Bytes [from, to) of the file: a view when the current chunk covers them, else one read. */
  slice(from: number, to: number): Buffer {
    if (this.holds(from, to)) return this.chunk.subarray(from - this.chunkStart, to - this.chunkStart);
    return this.file.read(from, to - from);
  }

  private headerAt(): number {
    return this.position - this.chunkStart;
  }

  private ensure(pos: number, length: number): void {
    if (pos >= this.chunkStart && pos + length <= this.chunkStart + this.chunk.length) return;
    const want = Math.min(this.end - pos, Math.max(length, this.chunkBytes));
    const view = this.shareMemory ? this.file.view?.(pos, want) : undefined;
    // Bytes across two pieces of shared memory: copy only what is needed, and view again after.
    if (view !== undefined) this.chunk = view.length >= length ? view : this.file.read(pos, length);
    else this.chunk = this.file.read(pos, want);
    this.chunkStart = pos;
    if (this.chunk.length < length) {
      throw new RangeError(`${this.file.name}: read ${this.chunk.length} of ${length} bytes at position ${pos}`);
    }
  }
}
